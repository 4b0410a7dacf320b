-- The mix of `bench/run.py --mix`: each connection rotates over the addresses listed in the file
-- named by the first argument (one path a line), each thread starting elsewhere in the list. It
-- counts the answers that were not 2xx and those served from a page cache (X-Page-Cache or
-- X-Member-Cache: hit), and reports p50, p95 and p99 like latency.lua.
local threads = {}
local created = 0

function setup(thread)
  thread:set("number", created)
  created = created + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  position = (number * 7919) % #paths
  hits, answers, non2xx = 0, 0, 0
end

function request()
  position = position % #paths + 1
  return wrk.format(nil, paths[position])
end

function response(status, headers, body)
  answers = answers + 1
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  if headers["X-Page-Cache"] == "hit" or headers["X-Member-Cache"] == "hit" then
    hits = hits + 1
  end
end

done = function(summary, latency, requests)
  local total_hits, total_answers, total_non2xx = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_hits = total_hits + thread:get("hits")
    total_answers = total_answers + thread:get("answers")
    total_non2xx = total_non2xx + thread:get("non2xx")
  end
  io.write(string.format(
    "BENCH p50_us=%d p95_us=%d p99_us=%d requests=%d non2xx=%d errors=%d hits=%d answers=%d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.requests,
    total_non2xx, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, total_hits, total_answers))
end
