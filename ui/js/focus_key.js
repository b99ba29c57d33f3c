/*
 * Keyboard focus to where a reader's action sends it: Streamlit cannot set focus from
 * Python. A step moved up in the briefing builder takes its place's buttons, and focus
 * staying where it was would make the next press move (or remove) another step. The
 * element's key is written in this script's container's key: "focus_to__", the key, "__"
 * and a number new to each action. The element: its button, or its text box.
 */
(function () {
  "use strict";
  var holders = document.querySelectorAll('[class*="st-key-focus_to__"]');
  if (!holders.length) return;
  var mark = Array.prototype.find.call(holders[holders.length - 1].classList, function (c) {
    return c.indexOf("st-key-focus_to__") === 0;
  });
  var key = mark.split("__")[1];
  var frames = 0;
  (function attempt() {
    // The run may draw the button a moment after this script: wait for it, a few seconds.
    var target = document.querySelector(".st-key-" + key + " :is(button, textarea)");
    if (target && !target.disabled) {
      target.focus();
    } else if (++frames !== 240) {
      window.requestAnimationFrame(attempt);
    }
  })();
})();
