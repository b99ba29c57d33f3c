/*
 * The live map's view swapped without rebuilding the map (ui/livemap.py). The page keeps
 * one Leaflet map per language and base map, the built-in basemap drawn once; a filter
 * changed in the sidebar sends only what the new view draws (layers, names, legend,
 * frame), and ``GeoMap.swap`` takes the last view's drawing off the map before drawing
 * this one. The map file and every other output draw their one view directly.
 *
 * What a drawing added is found by comparing the map before and after it: its layers,
 * its controls (Leaflet keeps no list of them, so ``addTo`` is watched while it runs) and
 * its listeners on the map. Listeners on the map's container are added once a map by
 * the code that adds them (geomap.js, gestures.js, room.js).
 */
(function () {
  "use strict";
  var GeoMap = window.GeoMap;

  function listeners(map) {
    var out = {};
    Object.keys(map._events || {}).forEach(function (type) {
      out[type] = (map._events[type] || []).slice();
    });
    return out;
  }

  function undoer(map, layersBefore, eventsBefore, controls) {
    var layers = [];
    Object.keys(map._layers).forEach(function (id) {
      if (!layersBefore[id]) layers.push(map._layers[id]);
    });
    var added = [];
    Object.keys(map._events || {}).forEach(function (type) {
      var before = eventsBefore[type] || [];
      (map._events[type] || []).forEach(function (l) {
        if (before.indexOf(l) < 0) added.push([type, l.fn, l.ctx]);
      });
    });
    return function () {
      map.closePopup();
      controls.forEach(function (c) {
        c.remove();
      });
      layers.forEach(function (l) {
        if (map.hasLayer(l)) map.removeLayer(l);
      });
      added.forEach(function (a) {
        map.off(a[0], a[1], a[2]);
      });
    };
  }

  /*
   * Draw the view ``key`` with ``draw()`` (the view's script), unless it is the view the
   * map shows: the page sends the same view again with each step of a presenter and each
   * choice from the list, and only a changed view is drawn anew.
   */
  GeoMap.swap = function (map, key, draw) {
    if (map._geoSwap && map._geoSwap.key === key) return;
    if (map._geoSwap) map._geoSwap.undo();
    map._geoSwap = null;
    // As a new map would be when the view draws: no limits yet (GeoMap.view sets them).
    // Leaflet.markercluster builds its levels from the map's least zoom when it is added.
    map.setMaxBounds(null);
    map.setMinZoom(0);
    var layersBefore = {};
    Object.keys(map._layers).forEach(function (id) {
      layersBefore[id] = true;
    });
    var eventsBefore = listeners(map);
    var controls = [];
    var addTo = L.Control.prototype.addTo;
    L.Control.prototype.addTo = function (m) {
      if (m === map) controls.push(this);
      return addTo.call(this, m);
    };
    try {
      draw();
    } finally {
      L.Control.prototype.addTo = addTo;
    }
    map._geoSwap = { key: key, undo: undoer(map, layersBefore, eventsBefore, controls) };
  };
})();
