// Chamados: progressive enhancement only; every form works without this file.
(function () {
  "use strict";
  // A double click sends one form: the button is disabled once the form is on its way.
  // (The server also recognises a second POST of the same form.)
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (form.dataset.submitting) {
        return;
      }
      form.dataset.submitting = "1";
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  });
})();
