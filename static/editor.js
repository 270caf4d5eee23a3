// The survey editor, when JavaScript runs: each question shows only the
// fields its type uses (the server lists the types on each field group in
// data-types); the editor's buttons are sent by htmx without a reload; the
// respondent's page beside the editor follows every change (the fields are
// posted into its frame by the "show the page" button, a moment after the
// typing stops). Without JavaScript every field shows, every button reloads
// the page and the frame shows the page when that button is pressed.
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
  var previewTimer = null;
  function refreshPreview(delay) {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(function () {
      var button = document.getElementById("page-preview-button");
      if (button && button.form) button.form.requestSubmit(button);
    }, delay);
  }
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("form.editor")) refreshPreview(600);
  });
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("form.editor")) refreshPreview(150);
  });

  // htmx:load fires for the page and for every piece htmx swaps in.
  document.addEventListener("htmx:load", function (event) {
    showFieldsIn(event.target);
    refreshPreview(50);
  });
  document.addEventListener("DOMContentLoaded", function () {
    showFieldsIn(document);
  });
})();
