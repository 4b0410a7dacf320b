/* Privacy-first player: reveal the play buttons, and load the host's player only on click. */
(function () {
  "use strict";

  // A start time (seconds) travels to the host's player as ?start=N (YouTube, Vimeo-style hosts
  // and the UODC rules understand it).
  function startAt(iframe, seconds) {
    if (!iframe || !/^\d+$/.test(seconds || "")) {
      return;
    }
    var url = new URL(iframe.getAttribute("src"), document.baseURI);
    url.searchParams.set("start", seconds);
    iframe.setAttribute("src", url.toString());
  }

  function setUp(container) {
    var button = container.querySelector("[data-video-player-play]");
    var template = container.querySelector("[data-video-player-template]");
    var stage = container.querySelector("[data-video-player-stage]");
    if (!button || !template || !stage) {
      return;
    }
    button.hidden = false;
    var fallback = container.querySelector("[data-video-player-fallback]");
    if (fallback) {
      fallback.hidden = true;
    }
    button.addEventListener("click", function () {
      var player = template.content.cloneNode(true);
      var iframe = player.querySelector("iframe");
      startAt(iframe, container.getAttribute("data-video-start"));
      stage.replaceChildren(player);
      stage.classList.add("video-player__stage--playing");
      if (iframe) {
        iframe.setAttribute("tabindex", "0");
        iframe.focus();
      }
    });
  }

  function copyButtons() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!field || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) {
            status.textContent = button.getAttribute("data-copied-message");
          }
        });
      });
    });
  }

  document.querySelectorAll("[data-video-player]").forEach(setUp);
  copyButtons();
})();
