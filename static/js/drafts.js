/* Drafts of the reply and new-topic forms, saved on the server as the member types.
   Progressive: without JavaScript the draft is saved on each preview. */
(function () {
  "use strict";
  var status = document.querySelector("[data-draft-status]");
  if (!status || !window.fetch || !window.FormData) {
    return;
  }
  var form = status.closest("form") || document.querySelector("form.post-form, form.topic-form");
  if (!form) {
    return;
  }
  var DELAY = 800;
  var timer = null;

  /* A field's value now, or with "defaultValue" the value the server sent. */
  function field(name, property) {
    var element = form.querySelector("[name='" + name + "']");
    return element ? element[property || "value"] : "";
  }

  function snapshot(property) {
    return field("subject", property) + "\u0000" + field("content", property);
  }

  /* What the server sent: text typed (or restored by the browser) before this script ran is
     saved too. */
  var saved = snapshot("defaultValue");

  function save(leaving) {
    timer = null;
    var current = snapshot();
    if (current === saved) {
      return;
    }
    saved = current;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken"));
    data.append("kind", status.getAttribute("data-draft-kind"));
    data.append("target", status.getAttribute("data-draft-target"));
    data.append("subject", field("subject"));
    data.append("content", field("content"));
    fetch(status.getAttribute("data-draft-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      keepalive: Boolean(leaving),
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (answer && answer.message && !leaving) {
          status.textContent = answer.message;
        }
      })
      .catch(function () {
        saved = null; /* try again at the next keystroke */
      });
  }

  if (snapshot() !== saved) {
    timer = window.setTimeout(save, DELAY);
  }
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY);
  });
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    timer = null;
  });
  window.addEventListener("pagehide", function () {
    if (timer !== null) {
      window.clearTimeout(timer);
      save(true);
    }
  });
})();
