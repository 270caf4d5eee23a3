// The survey editor, when JavaScript runs: each question shows only the
// fields its type uses (the server lists the types on each field group in
// data-types); the editor's buttons are sent by htmx without a reload.
// Without JavaScript every field shows and every button reloads the page.
(function () {
  "use strict";

  function showFieldsOf(question) {
    var select = question.querySelector("select[data-question-type]");
    if (!select) return;
    question.querySelectorAll(".for-types").forEach(function (group) {
      var types = (group.getAttribute("data-types") || "").split(" ");
      group.hidden = types.indexOf(select.value) < 0;
    });
  }

  function showFieldsIn(root) {
    root.querySelectorAll(".question").forEach(showFieldsOf);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-question-type]")) {
      var question = target.closest(".question");
      if (question) showFieldsOf(question);
    }
  });
  // htmx:load fires for the page and for every piece htmx swaps in.
  document.addEventListener("htmx:load", function (event) {
    showFieldsIn(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    showFieldsIn(document);
  });
})();
