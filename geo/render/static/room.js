/*
 * Room for what the reader opened: an open popup is moved clear of every control of the
 * map (zoom, view and pan buttons, full screen, layers, insets, legend, scale), as measured
 * on screen; the legend does not unfold over the place whose popup closed, and a place
 * left under a control by the popup's pan is brought back into the open.
 */
(function () {
  "use strict";
  var GeoMap = window.GeoMap;
  var GeoPlace = window.GeoPlace; // placement.js
  var GAP = 6; // px between a popup and a control

  function relative(el, origin) {
    var b = el.getBoundingClientRect();
    return { left: b.left - origin.left, right: b.right - origin.left,
      top: b.top - origin.top, bottom: b.bottom - origin.top };
  }

  // The controls on screen now, each with its rectangle and the corner it stands in.
  function controls(map) {
    var container = map.getContainer();
    var origin = container.getBoundingClientRect();
    var out = [];
    Array.prototype.forEach.call(container.querySelectorAll(".leaflet-control"), function (c) {
      var style = getComputedStyle(c);
      if (!c.offsetWidth || style.visibility === "hidden" || style.display === "none") return;
      var corner = c.parentElement.className;
      out.push({
        rect: relative(c, origin),
        top: /leaflet-top/.test(corner),
        left: /leaflet-left/.test(corner),
      });
    });
    return out;
  }

  // How far ``rect`` must move (x, y) to stand clear of every control.
  function shift(map, rect) {
    var by = GeoPlace.clearOf(controls(map), rect, GAP);
    return L.point(by.x, by.y);
  }

  // How far ``rect`` must move to lie inside the map (a popup's width can change after
  // Leaflet has panned it into view: cut to the room, it gains a scroll bar).
  function inside(map, rect) {
    var by = GeoPlace.within(map.getSize(), rect, GAP);
    return L.point(by.x, by.y);
  }

  // How far the map's content can move each way before the basemap's edge (maxBounds)
  // pulls it back.
  function reach(map) {
    var size = map.getSize();
    var edges = map.options.maxBounds;
    if (!edges) return { right: Infinity, left: Infinity, down: Infinity, up: Infinity };
    var nw = map.latLngToContainerPoint(edges.getNorthWest());
    var se = map.latLngToContainerPoint(edges.getSouthEast());
    return { right: Math.max(0, -nw.x), left: Math.max(0, se.x - size.x),
      down: Math.max(0, -nw.y), up: Math.max(0, se.y - size.y) };
  }

  function clamp(map, move) {
    var r = reach(map);
    return L.point(Math.max(-r.left, Math.min(r.right, move.x)),
      Math.max(-r.up, Math.min(r.down, move.y)));
  }

  /*
   * Pan the map so that ``rect`` (container pixels) stands clear of the controls, and with
   * ``within``, inside the map, as far as the basemap's edge lets it. Returns whether it
   * panned, and whether ``rect`` is still under a control (``blocked``).
   */
  GeoMap.clearOfControls = function (map, rect, within) {
    var needed = shift(map, rect);
    var move = clamp(map, needed);
    var blocked = Math.abs(move.x - needed.x) > 1 || Math.abs(move.y - needed.y) > 1;
    if (within && !needed.x && !needed.y) move = clamp(map, inside(map, rect));
    if (Math.abs(move.x) < 1 && Math.abs(move.y) < 1) return { moved: false, blocked: blocked };
    map.panBy(move.multiplyBy(-1), { animate: false });
    return { moved: true, blocked: blocked };
  };

  /*
   * Keep ``popup`` clear of the controls. Where the map cannot pan far enough (zoomed out to
   * the basemap's edge), the controls step aside until the popup closes, as they do on a
   * phone.
   */
  GeoMap.roomForPopup = function (map, popup) {
    var el = popup.getElement();
    if (!el) return;
    var origin = map.getContainer().getBoundingClientRect();
    var done = GeoMap.clearOfControls(map, relative(el, origin), true);
    if (done.blocked) L.DomUtil.addClass(map.getContainer(), "geo-popup-open");
  };

  // After a popup closes: the place it belonged to stays in the open.
  GeoMap.afterPopup = function (map, latlng) {
    if (!latlng) return;
    var p = map.latLngToContainerPoint(latlng);
    GeoMap.clearOfControls(map, { left: p.x - 14, right: p.x + 14, top: p.y - 14, bottom: p.y + 14 });
  };

  /*
   * While a popup is open, a click on the map outside it closes it and does nothing else
   * (a click on the map to close a place's popup opened its country's instead). Markers of
   * activities and groups still answer: the reader is choosing the next one.
   */
  GeoMap.quietClose = function (map) {
    map.getContainer().addEventListener(
      "click",
      function (e) {
        var popup = map._popup;
        if (!popup || !map.hasLayer(popup)) return;
        if (map.dragging && map.dragging.moved()) return;
        var t = e.target;
        if (t.closest && t.closest(".leaflet-popup, .leaflet-control, .leaflet-marker-icon")) return;
        e.stopImmediatePropagation();
        e.preventDefault();
        map.closePopup();
      },
      true
    );
  };

  // Whether the legend, opened, would cover ``latlng``.
  GeoMap.legendWouldCover = function (map, legend, latlng) {
    if (!latlng) return false;
    var p = map.latLngToContainerPoint(latlng);
    var r = relative(legend, map.getContainer().getBoundingClientRect());
    return p.x >= r.left - 14 && p.x <= r.right + 14 && p.y >= r.top - 14 && p.y <= r.bottom + 14;
  };
})();
