/*! ankieter embed: <script src="https://HOST/embed.js" data-survey="SLUG" async></script>
 *
 * data-survey   the survey's slug (required)
 * data-hidden   comma-separated hidden fields to pass from this page's URL (e.g. "utm_source,campaign");
 *               smclientid and sig are always passed
 * data-mode     "inline" (default) or "popup"
 * data-button   popup: the text of the button that opens it (default "Open the survey")
 * data-close    popup: the label of its close button (default "Close")
 * data-delay    popup: also open by itself after this many seconds
 * data-title    the iframe's accessible title (default "Survey")
 *
 * When a response is submitted, an "ankieter:submitted" event (detail: {survey})
 * bubbles from the survey's element up to document.
 */
(function () {
  "use strict";

  function params(script) {
    var here = new URLSearchParams(window.location.search);
    var out = new URLSearchParams();
    out.set("embed", "1");
    var names = ["smclientid", "sig"].concat((script.getAttribute("data-hidden") || "").split(","));
    names.forEach(function (name) {
      name = name.trim();
      if (name && here.has(name)) out.set(name, here.get(name));
    });
    return out.toString();
  }

  function frame(script, origin, slug) {
    var iframe = document.createElement("iframe");
    iframe.src = origin + "/s/" + encodeURIComponent(slug) + "?" + params(script);
    iframe.title = script.getAttribute("data-title") || "Survey";
    iframe.setAttribute("data-ankieter-survey", slug);
    iframe.style.cssText = "display:block;width:100%;border:0;height:480px;transition:height .15s";
    return iframe;
  }

  // Scrolls so that `offset` pixels into the iframe sit just below the top
  // of what scrolls it: the popup's box, or the page itself.
  function reveal(iframe, offset, box) {
    var margin = 16;
    var top = iframe.getBoundingClientRect().top + offset - margin;
    if (box) {
      box.scrollTop += top - box.getBoundingClientRect().top;
    } else {
      window.scrollTo(0, (window.pageYOffset || 0) + top);
    }
  }

  function listen(iframe, origin, slug, eventTarget, box) {
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (event.origin !== origin || event.source !== iframe.contentWindow) return;
      if (!data || data.source !== "ankieter") return;
      if (data.type === "resize" && data.height > 0) {
        iframe.style.height = Math.min(data.height, 20000) + "px";
      } else if (data.type === "errors" && data.top >= 0) {
        reveal(iframe, Math.min(data.top, 20000), box);
      } else if (data.type === "submitted") {
        eventTarget().dispatchEvent(
          new CustomEvent("ankieter:submitted", { bubbles: true, detail: { survey: slug } })
        );
      }
    });
  }

  function inline(script, origin, slug) {
    var holder = document.createElement("div");
    holder.className = "ankieter-survey";
    var iframe = frame(script, origin, slug);
    holder.appendChild(iframe);
    script.parentNode.insertBefore(holder, script.nextSibling);
    listen(iframe, origin, slug, function () { return holder; });
  }

  function popup(script, origin, slug) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ankieter-open";
    button.textContent = script.getAttribute("data-button") || "Open the survey";
    var overlay = null;
    var opener = null;

    function close() {
      if (!overlay) return;
      overlay.remove();
      overlay = null;
      document.removeEventListener("keydown", onKey);
      if (opener) opener.focus();
    }
    function onKey(event) {
      if (event.key === "Escape") close();
    }
    function open() {
      if (overlay) return;
      opener = document.activeElement;
      overlay = document.createElement("div");
      overlay.className = "ankieter-popup";
      overlay.setAttribute("role", "dialog");
      overlay.setAttribute("aria-modal", "true");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483000;background:rgba(20,24,32,.55);" +
        "display:flex;align-items:center;justify-content:center;padding:16px";
      var box = document.createElement("div");
      box.style.cssText =
        "position:relative;background:#fff;border-radius:10px;width:100%;max-width:680px;" +
        "max-height:92vh;overflow:auto;box-shadow:0 10px 40px rgba(0,0,0,.3)";
      var closer = document.createElement("button");
      closer.type = "button";
      closer.setAttribute("aria-label", script.getAttribute("data-close") || "Close");
      closer.textContent = "\u00d7";
      closer.style.cssText =
        "position:absolute;top:6px;right:8px;font-size:26px;line-height:1;border:0;background:none;cursor:pointer;z-index:1";
      closer.addEventListener("click", close);
      var iframe = frame(script, origin, slug);
      box.appendChild(closer);
      box.appendChild(iframe);
      overlay.appendChild(box);
      overlay.addEventListener("click", function (event) {
        if (event.target === overlay) close();
      });
      document.addEventListener("keydown", onKey);
      document.body.appendChild(overlay);
      listen(iframe, origin, slug, function () { return button; }, box);
      closer.focus();
    }

    button.addEventListener("click", open);
    // Opened only by the timer unless a button text was given too.
    button.hidden = script.hasAttribute("data-delay") && !script.hasAttribute("data-button");
    script.parentNode.insertBefore(button, script.nextSibling);
    var delay = parseFloat(script.getAttribute("data-delay"));
    if (delay >= 0) setTimeout(open, delay * 1000);
  }

  function start() {
    var scripts = document.querySelectorAll("script[data-survey]:not([data-ankieter-ready])");
    Array.prototype.forEach.call(scripts, function (script) {
      script.setAttribute("data-ankieter-ready", "1");
      var slug = script.getAttribute("data-survey");
      if (!slug || !script.src) return;
      var origin = new URL(script.src, window.location.href).origin;
      if (script.getAttribute("data-mode") === "popup") popup(script, origin, slug);
      else inline(script, origin, slug);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
