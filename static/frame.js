// Runs inside an embedded survey (?embed=1): tells the host page (embed.js)
// how tall the page is and when the response was submitted. The messages
// carry only the survey slug, a height and an event name.
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
  if (script && script.getAttribute("data-submitted") === "1") post("submitted", {});
})();
