/* The new-topic form's suggestions as the subject is typed (progressive enhancement: without this
   script, the form's "Vérifier" button asks the server for the same list).
   After a pause in typing, the list is fetched as an HTML fragment from the server and put in
   place; the status line (a polite live region) then says how many suggestions there are. */
(function () {
  "use strict";
  var box = document.querySelector("[data-similar-questions]");
  if (!box || !window.fetch || !window.AbortController) {
    return;
  }
  var form = box.closest("form");
  var input = form && form.querySelector("[name=subject]");
  var results = box.querySelector("[data-similar-results]");
  var status = box.querySelector("[data-similar-status]");
  if (!input || !results || !status) {
    return;
  }
  var url = box.getAttribute("data-url");
  var DELAY = 400;
  var MIN_LENGTH = 3;
  var timer = null;
  var controller = null;
  /* What the server rendered the list for: a subject typed before this script ran is looked up
     too. */
  var last = input.defaultValue.trim();

  function show(html) {
    results.innerHTML = html;
    var count = results.querySelector("[data-similar-count]");
    status.textContent = count ? count.textContent.trim() : "";
  }

  function update() {
    var text = input.value.trim();
    if (text === last) {
      return;
    }
    last = text;
    if (controller) {
      controller.abort();
    }
    if (text.length < MIN_LENGTH) {
      show("");
      return;
    }
    controller = new AbortController();
    fetch(url + "?sujet=" + encodeURIComponent(text), {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: controller.signal,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(show)
      .catch(function () {
        /* A request replaced by a newer one, or refused: the list stays as it was, and the
           "Vérifier" button still works. */
      });
  }

  if (input.value.trim() !== last) {
    timer = window.setTimeout(update, DELAY);
  }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, DELAY);
  });
})();
