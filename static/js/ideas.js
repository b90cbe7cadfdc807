// Ideias e melhorias: vote, rate and follow in place. Progressive enhancement only: every
// form is a plain POST that works without this file; with it, the form is sent with fetch
// and the server's fragment (counts, buttons, a status line) replaces the idea's panel.
(function () {
  "use strict";

  // Listened to while capturing: on "Sugerir ideia" the similar ideas (with their vote forms)
  // sit in kb.js's box inside the suggestion form, and a nested form's submit event does not
  // bubble out of the outer form in Chromium.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-idea-form]") || form.hasAttribute("data-plain")) {
      return;
    }
    var panel = form.closest("[data-idea-live]");
    if (!panel || !window.fetch) {
      return;
    }
    event.preventDefault();
    // The clicked button's name and value (the rating's score) go with the form.
    var data = new FormData(form, event.submitter || null);
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    form.querySelectorAll("button").forEach(function (button) {
      button.disabled = true;
    });
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        panel.replaceWith(template.content);
      })
      .catch(function () {
        // Fall back to the plain form post (with the same button): the server answers with a page.
        form.setAttribute("data-plain", "");
        form.querySelectorAll("button").forEach(function (button) {
          button.disabled = false;
        });
        form.requestSubmit(event.submitter || null);
      });
  }, true);
})();
