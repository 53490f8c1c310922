// Small progressive enhancement: outline the text covered by #o<start>-<end> and scroll to it.
(function () {
  "use strict";
  function target() {
    document.querySelectorAll(".hl.target").forEach(function (el) { el.classList.remove("target"); });
    var m = /^#o(\d+)-(\d+)$/.exec(window.location.hash);
    if (!m) { return; }
    var start = parseInt(m[1], 10), end = parseInt(m[2], 10), first = null;
    document.querySelectorAll(".hl[data-s]").forEach(function (el) {
      var s = parseInt(el.getAttribute("data-s"), 10), e = parseInt(el.getAttribute("data-e"), 10);
      if (s >= start && e <= end) { el.classList.add("target"); if (!first) { first = el; } }
    });
    if (first) { first.scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", target);
  document.addEventListener("DOMContentLoaded", target);
})();
