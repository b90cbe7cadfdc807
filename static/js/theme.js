// Dark mode following the system preference (prefers-color-scheme) through Bootstrap 5.3's
// data-bs-theme. Loaded in <head> without defer so the page never flashes light on a dark system;
// without JavaScript the portal stays in its light theme, which is complete on its own.
(function () {
  "use strict";
  var query = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function apply() {
    document.documentElement.setAttribute("data-bs-theme", query && query.matches ? "dark" : "light");
  }
  apply();
  if (query && query.addEventListener) {
    query.addEventListener("change", apply);
  }
})();
