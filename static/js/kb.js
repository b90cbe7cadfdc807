// Base de conhecimento: progressive enhancement only; every page and form works without it.
(function () {
  "use strict";

  // The search box takes the focus on desktop only (on phones it would pop the keyboard open).
  var autofocus = document.querySelector("[data-autofocus-desktop]");
  if (autofocus && !window.matchMedia("(min-width: 768px)").matches) {
    autofocus.blur();
  }

  // Suggestions while typing: <input data-kb-suggest="/busca/sugestoes/">. The server answers
  // with an HTML fragment it rendered and escaped; it goes in a live region after the field.
  document.querySelectorAll("[data-kb-suggest]").forEach(function (input) {
    var endpoint = input.getAttribute("data-kb-suggest");
    var box = document.createElement("div");
    box.setAttribute("aria-live", "polite");
    box.setAttribute("data-testid", "kb-suggestions-box");
    var field = input.closest(".portal-field") || input.parentNode;
    field.insertAdjacentElement("afterend", box);
    var timer = null;
    var last = "";
    var controller = null;

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === last) {
        return;
      }
      last = query;
      if (query.length < 3) {
        box.replaceChildren();
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      fetch(endpoint + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.text() : "";
        })
        .then(function (html) {
          var template = document.createElement("template");
          template.innerHTML = html;
          box.replaceChildren(template.content);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 300);
    });
    if (input.value.trim()) {
      fetchSuggestions();
    }
  });
})();
