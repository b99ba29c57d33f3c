/*
 * Keyboard focus to where a reader's action sends it: Streamlit cannot set focus from
 * Python. A step moved up in the briefing builder takes its place's buttons, and focus
 * staying where it was would make the next press move (or remove) another step. This
 * script's container's key names the element and the button pressed: "focus_to__", the
 * element's key, "__from__", the button's key, "__" and a number new to each action. The
 * element: its button or its text box. A reader who has moved on keeps their focus.
 */
(function () {
  "use strict";
  var mine = document.currentScript;
  var holder = mine && mine.closest('[class*="st-key-focus_to__"]');
  if (!holder) return;
  var mark = Array.prototype.find.call(holder.classList, function (c) {
    return c.indexOf("st-key-focus_to__") === 0;
  });
  var parts = mark.split("__"); // st-key-focus_to, the element, from, the button, the number
  var key = parts[1];
  var pressed = parts[3];
  var until = performance.now() + 10000; // a loaded machine draws late
  function untouched() {
    var now = document.activeElement;
    return !now || now === document.body || !!now.closest(".st-key-" + pressed);
  }
  (function attempt() {
    // The run may draw the element a moment after this script: wait for it, a while.
    var target = document.querySelector(".st-key-" + key + " :is(button, textarea, input)");
    if (target && !target.disabled) {
      if (untouched()) target.focus();
    } else if (performance.now() < until) {
      window.requestAnimationFrame(attempt);
    }
  })();
})();
