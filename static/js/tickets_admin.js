// The ticket's admin page: progressive enhancement only; "Insert" works without this file
// (the server adds the canned reply to the message and shows the form again).
// The admin loads it in the page's head: wait for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("[data-canned-reply]").forEach(function (box) {
    var select = box.querySelector("select");
    var button = box.querySelector("[data-canned-insert]");
    var textarea = document.getElementById("id_reply_body");
    if (!select || !button || !textarea) {
      return;
    }
    button.addEventListener("click", function (event) {
      var option = select.options[select.selectedIndex];
      var text = option && option.dataset.body;
      if (!text) {
        return; // nothing chosen: let the server say so
      }
      event.preventDefault();
      var start = textarea.selectionStart;
      var end = textarea.selectionEnd;
      var before = textarea.value.slice(0, start);
      var after = textarea.value.slice(end);
      if (!textarea.value.trim()) {
        before = "";
        after = "";
      }
      textarea.value = before + text + after;
      var caret = before.length + text.length;
      textarea.focus();
      textarea.setSelectionRange(caret, caret);
      select.selectedIndex = 0;
    });
  });
});
