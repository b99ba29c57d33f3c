/*
 * On a phone the open sidebar covers the page: once the reader has made a choice there, it
 * closes, so the map the choice changed is in sight (the page links close it themselves).
 * Streamlit can only close it from the browser: by its own close button.
 */
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 640px)").matches) return;
  var close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (close) close.click();
})();
