/* The header's "Menu" (a <details>, which works without this script): wide screens show it open;
   on a phone, Escape or a click outside closes it and the focus goes back to its button. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-site-menu]");
  if (!menu) {
    return;
  }
  var button = menu.querySelector("summary");
  var wide = window.matchMedia("(min-width: 768px)");

  function follow() {
    menu.open = wide.matches;
  }
  /* On a phone the menu starts closed (as the page is sent): one opened before this script ran
     stays open. */
  if (wide.matches) {
    menu.open = true;
  }
  if (wide.addEventListener) {
    wide.addEventListener("change", follow);
  }

  function close() {
    if (menu.open && !wide.matches) {
      menu.open = false;
      button.focus();
    }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      event.preventDefault();
      close();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !wide.matches && !menu.contains(event.target)) {
      menu.open = false;
    }
  });
})();
