// Runs inside an embedded survey (?embed=1): tells the host page (embed.js)
// how tall the page is, where the errors of a refused submit are (the host
// page stays scrolled to the button otherwise, and the respondent sees no
// change), and when the response was submitted. The messages carry only
// the survey slug, an event name and a height or an offset.
(function () {
  "use strict";
  if (window.parent === window) return;
  var script = document.currentScript;
  var survey = script && script.getAttribute("data-survey");
  function post(type, extra) {
    var message = { source: "ankieter", type: type, survey: survey };
    for (var key in extra) message[key] = extra[key];
    window.parent.postMessage(message, "*");
  }
  var last = 0;
  function reportHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      post("resize", { height: height });
    }
  }
  reportHeight();
  window.addEventListener("load", reportHeight);
  if ("ResizeObserver" in window) {
    new ResizeObserver(reportHeight).observe(document.documentElement);
  } else {
    window.addEventListener("resize", reportHeight);
  }
  var summary = document.getElementById("errors-summary");
  if (summary) {
    var top = summary.getBoundingClientRect().top + (window.scrollY || 0);
    post("errors", { top: Math.max(0, Math.floor(top)) });
    // Keyboard and screen-reader users start at the list of what to fix.
    try {
      summary.focus({ preventScroll: true });
    } catch (e) {
      summary.focus();
    }
  }
  if (script && script.getAttribute("data-submitted") === "1") post("submitted", {});
})();
