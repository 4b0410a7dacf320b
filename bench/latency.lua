-- wrk reports p50 and p95 and the number of answers that were not 2xx/3xx.
done = function(summary, latency, requests)
  io.write(string.format("BENCH p50_us=%d p95_us=%d requests=%d non2xx=%d errors=%d\n",
    latency:percentile(50), latency:percentile(95), summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
