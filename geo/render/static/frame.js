/*
 * The map's frame in numbers: the part of the map a view is fitted in (clear of the
 * buttons down the left, the legend along the bottom and the insets' column on the right)
 * and the corner the insets take. Pure functions of sizes in pixels, tested on a page
 * holding nothing else (tests/browser/test_frame_js.py); geomap.js measures the map and
 * applies them.
 */
(function () {
  "use strict";
  var GeoFrame = {};
  var EDGE = 12; // px kept free along every side of the map
  var NARROW = 600; // px: a phone's map, with no room for a column of insets

  // Room for the buttons down the left: all of it where the view, at the farthest zoom
  // the basemap allows (``viewWidth`` px), still fits across the map beside them (a phone
  // may not have it), else what there is.
  GeoFrame.leftRoom = function (mapWidth, buttonsWidth, viewWidth) {
    var spare = mapWidth - EDGE - viewWidth;
    return Math.max(EDGE, Math.min(buttonsWidth + 6, spare));
  };

  // Room along the bottom: the legend's strip (``legendHeight`` px, none when there is no
  // legend) and a margin.
  GeoFrame.bottomRoom = function (legendHeight) {
    return legendHeight === null ? EDGE : legendHeight + 16;
  };

  // Leaflet's fitBounds padding for a view, from what geomap.js measured: {mapWidth,
  // buttonsWidth, viewWidth, legendHeight, rightRoom (the insets' column, px or 0)}.
  GeoFrame.padding = function (m) {
    return {
      paddingTopLeft: [GeoFrame.leftRoom(m.mapWidth, m.buttonsWidth, m.viewWidth), EDGE],
      paddingBottomRight: [Math.max(EDGE, m.rightRoom || 0), GeoFrame.bottomRoom(m.legendHeight)],
    };
  };

  // Whether the map is big enough to frame a view: wider than 100 px and taller than the
  // legend's strip by 100 px.
  GeoFrame.roomy = function (width, height, legendHeight) {
    return width > 100 && height > GeoFrame.bottomRoom(legendHeight) + 100;
  };

  /*
   * The insets' corner, from how many places of the map each corner would cover: the top
   * right (under the layers button) when it covers none, else the bottom right when it
   * covers none, else on a phone the one covering fewer, else the top right with the view
   * kept out of the column it takes. ``bottom`` is null when it was not measured (the top
   * covered nothing). Returns {position, column}.
   */
  GeoFrame.insetCorner = function (top, bottom, mapWidth) {
    if (!top) return { position: "topright", column: false };
    if (!bottom) return { position: "bottomright", column: false };
    if (mapWidth < NARROW) {
      return { position: bottom < top ? "bottomright" : "topright", column: false };
    }
    return { position: "topright", column: true };
  };

  GeoFrame.NARROW = NARROW;
  window.GeoFrame = GeoFrame;
})();
