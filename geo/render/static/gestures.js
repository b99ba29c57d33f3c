/*
 * The map as part of a page: the mouse wheel scrolls the page until the reader clicks into
 * the map (or holds Ctrl), and on a touch screen one finger scrolls the page while two move
 * and zoom the map; a short hint says so. The keyboard's zoom keeps working.
 */
(function () {
  "use strict";
  var GeoMap = window.GeoMap;
  var HINT_MS = 1600;

  // ``labels``: {wheel, touch}, the hints in the interface language.
  GeoMap.gestures = function (map, labels) {
    var container = map.getContainer();
    var hint = L.DomUtil.create("div", "geo-gesture-hint", container);
    hint.setAttribute("aria-hidden", "true"); // a pointer's hint; the keyboard needs none
    var timer = null;
    function show(text) {
      hint.textContent = text;
      L.DomUtil.addClass(hint, "geo-shown");
      clearTimeout(timer);
      timer = setTimeout(function () {
        L.DomUtil.removeClass(hint, "geo-shown");
      }, HINT_MS);
    }
    var engaged = false; // the reader clicked into the map: the wheel zooms it
    container.addEventListener(
      "mousedown",
      function () {
        engaged = true;
        L.DomUtil.removeClass(hint, "geo-shown");
      },
      true
    );
    container.addEventListener("mouseleave", function () {
      engaged = false;
    });
    container.addEventListener(
      "wheel",
      function (e) {
        if (engaged || e.ctrlKey || e.metaKey) return; // Leaflet zooms the map
        // Leaflet never sees it, nothing prevents its default: the page scrolls.
        e.stopImmediatePropagation();
        show(labels.wheel);
      },
      { capture: true, passive: true }
    );
    var touchScreen = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    if (touchScreen && map.dragging) {
      map.dragging.disable(); // two fingers still move the map (Leaflet's touch zoom)
      container.addEventListener(
        "touchmove",
        function (e) {
          if (e.touches.length === 1) show(labels.touch);
        },
        { passive: true }
      );
    }
  };
})();
