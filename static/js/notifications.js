// Progressive enhancement for the bell (<details> works without this file):
// Esc or a click outside closes the dropdown, like any menu.
(function () {
  "use strict";
  function openMenus() {
    return document.querySelectorAll("details[data-bell-menu][open], details[data-menu][open]");
  }
  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    openMenus().forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    });
  });
})();
