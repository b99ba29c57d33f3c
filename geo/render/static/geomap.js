/*
 * The dashboard's own map behaviour, on top of Leaflet and its plugins:
 * framing and view buttons, the legend, activities grouped in clusters, and labels
 * placed by priority without overlaps. Every text from data arrives already escaped
 * (popups, tooltips) or is set with textContent (labels): nothing here builds HTML
 * from data.
 */
(function () {
  "use strict";
  var GeoMap = {};
  var GeoPlace = window.GeoPlace; // placement.js, loaded before this file
  var HUB_CLEARANCE = 3; // px around a hub symbol that no label may cover

  // [[south, west], [north, east]] from the server, or bounds made here (a step's places).
  function bounds(b) {
    if (b instanceof L.LatLngBounds) return b;
    return L.latLngBounds([b[0][0], b[0][1]], [b[1][0], b[1][1]]);
  }

  var GeoFrame = window.GeoFrame; // frame.js, loaded before this file

  // The legend strip's height, px (null: no legend).
  function legendHeight(map) {
    var legend = map.getContainer().querySelector(".geo-legend");
    return legend ? legend.offsetHeight : null;
  }

  // The column of buttons down the map's left side, as wide as it is drawn. On a phone's
  // narrow map only the zoom buttons' width: the pan buttons' cross, lower down, would
  // take a quarter of the map from every view.
  function buttonsWidth(map) {
    var corner = map.getContainer().querySelector(".leaflet-top.leaflet-left");
    if (!corner) return 0;
    var narrow = L.DomUtil.hasClass(map.getContainer(), "geo-narrow");
    var left = map.getContainer().getBoundingClientRect().left;
    var right = left;
    Array.prototype.forEach.call(corner.children, function (c) {
      if (narrow && !L.DomUtil.hasClass(c, "leaflet-control-zoom")) return;
      right = Math.max(right, c.getBoundingClientRect().right);
    });
    return right - left;
  }

  // Fit ``b`` in the part of the map the legend (a strip along the bottom), the buttons
  // (a column down the left) and the insets' column leave free (GeoFrame.padding), no
  // closer than ``maxZoom`` when given; animated only when ``still`` is not set and no
  // ``maxZoom`` is given.
  GeoMap.fit = function (map, b, maxZoom, still) {
    b = bounds(b);
    var zoom = map.getMinZoom();
    var options = GeoFrame.padding({
      mapWidth: map.getSize().x,
      buttonsWidth: buttonsWidth(map),
      viewWidth: map.project(b.getNorthEast(), zoom).x - map.project(b.getSouthWest(), zoom).x,
      legendHeight: legendHeight(map),
      rightRoom: map._geoRightRoom, // insets' column, when the frame would run under them
    });
    if (maxZoom) {
      options.maxZoom = maxZoom;
      options.animate = false;
    }
    if (still) options.animate = false;
    map.fitBounds(b, options);
  };

  function button(bar, label, svg, onClick) {
    var a = L.DomUtil.create("a", "geo-view-button", bar);
    a.href = "#";
    a.title = label;
    a.setAttribute("role", "button");
    a.setAttribute("aria-label", label);
    a.innerHTML = svg; // our own constant icon
    L.DomEvent.on(a, "click", L.DomEvent.stop).on(a, "click", onClick);
    return a;
  }

  GeoMap.button = button; // a map button: years.js's Play bar too

  var HOME_SVG =
    '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">' +
    '<path d="M12 4 3 11h2.5v8h5v-5h3v5h5v-8H21z" fill="currentColor"/></svg>';
  var ALL_SVG =
    '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">' +
    '<circle cx="12" cy="12" r="8.5" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<path d="M3.5 12h17M12 3.5c-3 3-3 14 0 17M12 3.5c3 3 3 14 0 17" fill="none" ' +
    'stroke="currentColor" stroke-width="1.6"/></svg>';

  /*
   * Insets: places far from the main frame (the Gulf, Bangladesh), atlas style, in the
   * right-hand column (geo/render/insets.py draws each as SVG). A click on one frames the
   * main map on it; an inset whose places are all in view hides until they leave it.
   */
  function addInsets(map, list) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "geo-insets");
      list.forEach(function (inset) {
        var a = L.DomUtil.create("a", "geo-inset", div);
        a.href = "#";
        a.setAttribute("role", "button");
        a.setAttribute("aria-label", inset.label);
        a.title = inset.label;
        var picture = L.DomUtil.create("span", "geo-inset-map", a);
        picture.innerHTML = inset.svg; // built and escaped on the server
        var title = L.DomUtil.create("span", "geo-inset-title", a);
        title.textContent = inset.title;
        L.DomEvent.on(a, "click", L.DomEvent.stop).on(a, "click", function () {
          GeoMap.fit(map, inset.bounds);
        });
        inset.element = a;
      });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    map._geoInsets = list;
    map.on("moveend", function () {
      showInsets(map);
    });
    return control;
  }

  function showInsets(map) {
    var view = map.getBounds();
    (map._geoInsets || []).forEach(function (inset) {
      inset.shown = inset.points.some(function (p) {
        return !view.contains(p);
      });
      inset.element.style.display = inset.shown ? "" : "none";
    });
  }

  // Every point of our data on the map now, in container pixels (legs every 20 px).
  function dataPoints(map) {
    var out = [];
    function add(latlng) {
      out.push(map.latLngToContainerPoint(latlng));
    }
    function visit(l) {
      var p = l.feature && l.feature.properties;
      if (!p || !p.layer || p.layer === "coverage") return;
      if (l.getLatLng) return add(l.getLatLng());
      if (!l.getLatLngs) return;
      var lines = L.LineUtil.isFlat(l.getLatLngs()) ? [l.getLatLngs()] : l.getLatLngs();
      lines.forEach(function (line) {
        for (var i = 1; i < line.length; i++) {
          var a = map.latLngToContainerPoint(line[i - 1]),
            b = map.latLngToContainerPoint(line[i]);
          var steps = Math.max(1, Math.ceil(a.distanceTo(b) / 20));
          for (var k = 0; k <= steps; k++) out.push(a.add(b.subtract(a).multiplyBy(k / steps)));
        }
      });
    }
    map.eachLayer(function (l) {
      if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) l.getLayers().forEach(visit);
      else visit(l);
    });
    return out;
  }

  // How many points of our data lie under ``control``.
  function covers(map, control) {
    var el = control.getContainer();
    if (!el.offsetWidth) return 0;
    var box = el.getBoundingClientRect(),
      origin = map.getContainer().getBoundingClientRect();
    var left = box.left - origin.left - 6,
      right = box.right - origin.left + 6,
      top = box.top - origin.top - 6,
      bottom = box.bottom - origin.top + 6;
    return dataPoints(map).filter(function (p) {
      return p.x >= left && p.x <= right && p.y >= top && p.y <= bottom;
    }).length;
  }

  // The insets' corner (GeoFrame.insetCorner), each corner measured as the insets would
  // lie there; with a column of their own, the frame is set again clear of it.
  function arrangeInsets(map, control, refit) {
    map._geoRightRoom = 0;
    showInsets(map);
    control.setPosition("topright");
    var top = covers(map, control);
    var bottom = null;
    if (top) {
      control.setPosition("bottomright");
      bottom = covers(map, control);
    }
    var corner = GeoFrame.insetCorner(top, bottom, map.getSize().x);
    control.setPosition(corner.position);
    if (!corner.column) return;
    map._geoRightRoom = control.getContainer().offsetWidth + 18;
    refit();
    showInsets(map);
  }

  /*
   * The initial frame, the edges of the basemap, and the buttons that return to the
   * whole view or show every feature. ``o``: {home, all, basemap, focus, large, labels}.
   * ``large``: type sized for a screen share (presenter mode).
   */
  GeoMap.view = function (map, o) {
    map._geoHome = o.home;
    name(map, o.labels);
    tabOrder(map);
    // A view drawn anew on the live map (swap.js) forgets the last one's focus and insets;
    // a presenter's step or a choice from the list, drawn after it, sets its own.
    map._geoFocus = o.focus || null;
    map._geoInsets = null;
    if (o.large) L.DomUtil.addClass(map.getContainer(), "geo-large");
    // A hair inside the basemap: the view never reaches its edge, even by a pixel.
    var base = bounds(o.basemap).pad(-0.005);
    function limits() {
      // Never past the basemap: no cut edge of it can come into view.
      map.setMinZoom(Math.max(0, map.getBoundsZoom(base, true)));
      map.setMaxBounds(base);
    }
    function start() {
      // Framed for good once Leaflet's stylesheet applies: before, the buttons and the
      // legend are not their size and the frame is set again (a check waits for this).
      map._geoFramed = styled();
      limits();
      // A phone: smaller insets, buttons that step aside.
      var narrow = map.getSize().x < GeoFrame.NARROW;
      L.DomUtil[narrow ? "addClass" : "removeClass"](map.getContainer(), "geo-narrow");
      // A presenter's step (GeoMap.step) may have moved the focus since the map was made.
      var focus = map._geoFocus;
      // The insets' column is measured again (arrangeInsets): a width taken before the
      // stylesheet applied (a block as wide as the map) must frame nothing now, neither
      // the opening view nor a step at several places (it left one at the highest zoom).
      map._geoRightRoom = 0;
      if (map._geoFrame) {
        // A feature chosen from the list (GeoMap.pick), a step at several places.
        var frame = map._geoFrame;
        frame();
        if (insets) arrangeInsets(map, insets, frame);
      } else if (focus) {
        map.setView([focus[0], focus[1]], focus[2], { animate: false });
      } else {
        // Framed at once: a zoom still animating would end on this frame, undoing a step
        // that moved the map meanwhile (a presenter's step opened from a link).
        var home = function () {
          GeoMap.fit(map, o.home, null, true);
        };
        home();
        if (insets) arrangeInsets(map, insets, home);
      }
      if (insets) showInsets(map);
    }
    map.options.maxBoundsViscosity = 1.0;
    map._geoFramed = false;
    var insets = o.insets && o.insets.length ? addInsets(map, o.insets) : null;
    // The frame may get its final size after the map is made: until the reader touches
    // the map, every resize frames it again. Heard in the capture phase, before gestures.js
    // may keep a page-scrolling wheel from the map: a reader who scrolled over the map is
    // reading it, and a late frame would move it under their eyes.
    // Each view drawn on the live map (swap.js) starts untouched; the container's
    // listeners and the gestures are added once a map.
    map._geoTouched = false;
    if (!map._geoWatched) {
      map._geoWatched = true;
      ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (type) {
        map.getContainer().addEventListener(
          type,
          function () {
            map._geoTouched = true;
          },
          { capture: true, passive: true }
        );
      });
      if (GeoMap.gestures && o.labels.gestures) GeoMap.gestures(map, o.labels.gestures);
      if (GeoMap.quietClose) GeoMap.quietClose(map);
    }
    // The buttons before the first frame: the frame leaves their column free
    // (GeoFrame.leftRoom), and a column measured without the pan buttons let the view run
    // under them.
    var bar = L.control({ position: "topleft" });
    bar.onAdd = function () {
      var div = L.DomUtil.create("div", "leaflet-bar geo-view-bar");
      button(div, o.labels.home, HOME_SVG, function () {
        GeoMap.fit(map, o.home);
      });
      button(div, o.labels.all, ALL_SVG, function () {
        GeoMap.fit(map, o.all);
      });
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    bar.addTo(map);
    panButtons(map, o.labels.pan);
    if (L.control.fullscreen) {
      L.control
        .fullscreen({
          position: "topleft",
          title: o.labels.fullscreen,
          titleCancel: o.labels.exitFullscreen,
          forceSeparateButton: true,
        })
        .addTo(map);
    }
    function ready() {
      var size = map.getSize();
      return GeoFrame.roomy(size.x, size.y, legendHeight(map));
    }
    if (ready()) start();
    // Leaflet's stylesheet may arrive after this script has run (the live map links it):
    // until it applies, the buttons and the legend are not yet their size, so the frame
    // is set again once it does.
    function styled() {
      var corner = map.getContainer().querySelector(".leaflet-top");
      return !corner || getComputedStyle(corner).position === "absolute";
    }
    if (!styled()) {
      var frames = 0;
      (function wait() {
        if (styled()) {
          if (!map._geoTouched && ready()) start();
          else if (map._geoTouched) map._geoFramed = true; // the reader's frame now: it stays
        } else if (++frames < 600) {
          L.Util.requestAnimFrame(wait);
        }
      })();
    }
    map.on("resize", function () {
      if (!map._geoTouched && ready()) start();
      else limits();
    });
  };

  /*
   * The map's accessible name (what it shows, in words) on its container and on the
   * frame that holds it, and Leaflet's zoom buttons named in the interface language.
   */
  function name(map, labels) {
    var container = map.getContainer();
    // Leaflet makes the map focusable (its arrow keys pan it): a focusable element needs an
    // interactive role, and "application" lets those keys through to the map.
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", labels.map);
    try {
      if (window.frameElement) window.frameElement.setAttribute("title", labels.map);
    } catch (e) {
      // a frame of another origin keeps its own title
    }
    var zoom = map.zoomControl && map.zoomControl.getContainer();
    if (!zoom) return;
    [[".leaflet-control-zoom-in", labels.zoomIn], [".leaflet-control-zoom-out", labels.zoomOut]]
      .forEach(function (pair) {
        var a = zoom.querySelector(pair[0]);
        if (!a) return;
        a.title = pair[1];
        a.setAttribute("aria-label", pair[1]);
      });
  }

  /*
   * Tab order on the map: the buttons first (Leaflet puts them after every marker), then
   * the places in view, top to bottom and in reading order; a marker out of view is out
   * of the order until the map shows it.
   */
  var ROW_PX = 40; // markers this close in height are one row of reading

  function tabOrder(map) {
    var container = map.getContainer();
    container.insertBefore(map._controlContainer, map.getPane("mapPane"));
    var pane = map.getPane("markerPane");
    var rtl = getComputedStyle(document.documentElement).direction === "rtl";
    function order() {
      var size = map.getSize();
      var box = container.getBoundingClientRect();
      var shown = [];
      Array.prototype.forEach.call(pane.querySelectorAll("[tabindex]"), function (icon) {
        var r = icon.getBoundingClientRect();
        var x = (r.left + r.right) / 2 - box.left,
          y = (r.top + r.bottom) / 2 - box.top;
        var inView = x >= 0 && y >= 0 && x <= size.x && y <= size.y;
        icon.tabIndex = inView ? 0 : -1;
        if (inView) shown.push({ icon: icon, row: Math.round(y / ROW_PX), x: rtl ? -x : x });
      });
      // Moving a node drops its focus: the order waits while a marker has it.
      if (pane.contains(document.activeElement)) return;
      shown.sort(function (a, b) {
        return a.row - b.row || a.x - b.x;
      });
      shown.forEach(function (s) {
        pane.appendChild(s.icon); // each icon keeps its own z-index: nothing moves on screen
      });
    }
    var pending = false;
    function later() {
      if (pending) return; // a regrouping adds many layers at once: one pass for them all
      pending = true;
      L.Util.requestAnimFrame(function () {
        pending = false;
        order();
      });
    }
    // A group's activities reach their places when markercluster's own animation ends,
    // after the zoom has: a slow page ordered them while they still stood at the group.
    function watchGroups(layer) {
      if (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup && !layer._geoOrdered) {
        layer._geoOrdered = true;
        layer.on("animationend", later);
      }
    }
    map.on("moveend zoomend", later);
    // And when an icon ends its slide (markercluster's parting, a CSS transition that can
    // outlast its own "animationend" on a slow page): measured midway, it counted as seen.
    pane.addEventListener("transitionend", later);
    map.on("layeradd", function (e) {
      watchGroups(e.layer);
      later();
    });
    map.eachLayer(watchGroups);
    order();
  }

  function arrowSvg(degrees) {
    return (
      '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" ' +
      'style="transform:rotate(' + Number(degrees) + 'deg)">' +
      '<path d="M12 4 4 13h5v7h6v-7h5z" fill="currentColor"/></svg>'
    );
  }

  /*
   * Four buttons that move the map by a third of its size towards the north, west,
   * east or south: panning without dragging (WCAG 2.5.7). ``labels``: {group, north,
   * west, east, south}. Compass directions, so they are not mirrored right to left.
   */
  function panButtons(map, labels) {
    if (!labels) return;
    var pad = L.control({ position: "topleft" });
    pad.onAdd = function () {
      var div = L.DomUtil.create("div", "geo-pan");
      div.setAttribute("role", "group");
      div.setAttribute("aria-label", labels.group);
      [
        ["north", 0, 0, -1],
        ["west", 270, -1, 0],
        ["east", 90, 1, 0],
        ["south", 180, 0, 1],
      ].forEach(function (d) {
        var a = button(div, labels[d[0]], arrowSvg(d[1]), function () {
          var size = map.getSize();
          map.panBy([(d[2] * size.x) / 3, (d[3] * size.y) / 3]);
        });
        L.DomUtil.addClass(a, "geo-pan-" + d[0]);
      });
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    pad.addTo(map);
  }

  // Leaflet's margins and border around a popup's content (leaflet.css).
  var POPUP_FRAME_PX = 46;
  var SLIDE_GAP = 6; // px between a slid popup and the map's side
  var TIP_HALF = 20; // half of Leaflet's .leaflet-popup-tip-container

  var overlaps = GeoPlace.overlaps;

  // A popup's own options, kept while they are cut to the room it has this time.
  function cutOption(popup, key, value) {
    if (!popup._geoOptions) popup._geoOptions = {};
    if (!(key in popup._geoOptions)) popup._geoOptions[key] = popup.options[key];
    popup.options[key] = value;
  }

  function restoreOptions(popup) {
    // Opened again elsewhere, the popup may have all the room it needs.
    if (popup._geoOptions) L.setOptions(popup, popup._geoOptions);
    delete popup._geoOptions;
  }

  /*
   * The room either side of ``latlng`` once the map has panned it as near the middle as the
   * basemap's edges allow (a popup is centred on its place; on a phone's map, zoomed out as
   * far as it goes, the map cannot pan sideways at all).
   */
  function halfRoom(map, latlng) {
    var size = map.getSize();
    var x = map.latLngToContainerPoint(latlng).x;
    var edges = map.options.maxBounds;
    if (edges) {
      var west = map.latLngToContainerPoint(edges.getNorthWest()).x;
      var east = map.latLngToContainerPoint(edges.getSouthEast()).x;
      // It moves right by at most -west, left by at most east - width.
      var shift = Math.max(-(east - size.x), Math.min(-west, size.x / 2 - x));
      x += shift;
    } else {
      x = size.x / 2;
    }
    return Math.min(x, size.x - x) - 8;
  }

  /*
   * On a narrow map (a phone) an open popup has the whole map: the buttons step aside
   * until it closes, and it is no wider than the map.
   */
  function widenRoom(map, popup) {
    var tip = popup.getElement() && popup.getElement().querySelector(".leaflet-popup-tip-container");
    if (tip) tip.style.marginLeft = ""; // slid the last time it opened (slidePopup)
    var narrow = map.getSize().x < GeoFrame.NARROW;
    var container = map.getContainer();
    if (narrow) L.DomUtil.addClass(container, "geo-popup-open");
    else L.DomUtil.removeClass(container, "geo-popup-open");
    // No taller than the map: its place and the popup's close button both in sight.
    var tall = map.getSize().y - 2 * POPUP_FRAME_PX;
    if (!popup.options.maxHeight || popup.options.maxHeight > tall) {
      cutOption(popup, "maxHeight", Math.max(tall, 120));
      popup.update();
    }
    var whole = map.getSize().x - 16 - POPUP_FRAME_PX;
    var half = halfRoom(map, popup.getLatLng());
    // Slid along its tip (slidePopup), a popup can take the map's width unless its place
    // is at the very edge; there it is kept to the room either side, never a column of words.
    var room = half >= 2 * TIP_HALF + SLIDE_GAP ? whole : Math.min(whole, Math.max(2 * half - POPUP_FRAME_PX, 200));
    if (popup.options.maxWidth > room) {
      cutOption(popup, "maxWidth", room);
      popup.update();
    }
  }

  /*
   * An open popup taller than the room above its place (a small map, or a place near the
   * basemap's edge, past which the map will not pan) is cut to that room and scrolls, so
   * its title is never out of sight.
   */
  function fitPopup(map, popup) {
    var el = popup.getElement();
    var content = el && el.querySelector(".leaflet-popup-content");
    if (!content) return;
    var cut = el.getBoundingClientRect().top - map.getContainer().getBoundingClientRect().top - 4;
    if (cut >= 0) return;
    var height = Math.max(content.offsetHeight + cut, 120);
    if (popup.options.maxHeight && popup.options.maxHeight <= height) return;
    cutOption(popup, "maxHeight", height);
    popup.update();
  }

  /*
   * A popup that the map cannot pan into view sideways (its place near the basemap's edge,
   * where the map stops) slides along over its tip, which keeps pointing at its place and
   * stays on the popup's body, clear of its rounded corners.
   */
  function slidePopup(map, popup) {
    var el = popup.getElement();
    var body = el && el.querySelector(".leaflet-popup-content-wrapper");
    var tip = el && el.querySelector(".leaflet-popup-tip-container");
    if (!body || !tip) return;
    var origin = map.getContainer().getBoundingClientRect();
    var box = body.getBoundingClientRect();
    var left = box.left - origin.left,
      right = box.right - origin.left,
      width = map.getSize().x;
    if (right - left > width - 2 * SLIDE_GAP) return; // no room to slide into
    var dx = 0;
    if (left < SLIDE_GAP) dx = SLIDE_GAP - left;
    else if (right > width - SLIDE_GAP) dx = width - SLIDE_GAP - right;
    if (Math.abs(dx) < 1) return;
    var kept = popup._geoOptions && "offset" in popup._geoOptions;
    var base = L.point(kept ? popup._geoOptions.offset : popup.options.offset);
    var now = L.point(popup.options.offset);
    var most = (right - left) / 2 - 2 * TIP_HALF;
    var slid = Math.max(-most, Math.min(most, now.x - base.x + dx));
    cutOption(popup, "offset", [base.x + slid, now.y]);
    tip.style.marginLeft = -TIP_HALF - slid + "px";
    popup.update();
  }

  /*
   * The legend, a strip along the bottom of the map, where the frame keeps room for it.
   * It starts collapsed on a narrow map, and folds away while an open popup would lie
   * under it, so a popup is never hidden by the legend.
   */
  GeoMap.legend = function (map, html) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "geo-legend");
      div.innerHTML = html; // built and escaped on the server
      var details = div.querySelector("details");
      if (details && map.getSize().x < GeoFrame.NARROW) details.open = false;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    L.control.scale({ position: "bottomright" }).addTo(map);
    var folded = false;
    var open = null;
    function fold() {
      if (!open) return;
      var details = control.getContainer().querySelector("details");
      var popup = open.getElement();
      if (!details || !details.open || !popup) return;
      if (overlaps(popup.getBoundingClientRect(), control.getContainer().getBoundingClientRect())) {
        details.open = false;
        folded = true;
      }
    }
    /*
     * Once the map is still after a popup opens (Leaflet's pan toward it ended, however long
     * a loaded machine takes), the popup is cut to the room there is, the legend folds from
     * under it and the map moves it clear of the controls; each pan of ours ends in another
     * pass, at most SETTLE_PASSES an opening (a pan the basemap's edge undoes is not tried
     * again and again).
     */
    var SETTLE_PASSES = 4;
    var timer = null;
    function settleSoon() {
      clearTimeout(timer);
      timer = setTimeout(settle, 60);
    }
    function settle() {
      if (!open) return;
      if ((map._panAnim && map._panAnim._inProgress) || map._animatingZoom) return settleSoon();
      if ((open._geoPasses = (open._geoPasses || 0) + 1) > SETTLE_PASSES) return;
      fitPopup(map, open);
      slidePopup(map, open);
      fold();
      if (GeoMap.roomForPopup) GeoMap.roomForPopup(map, open);
    }
    map.on("popupopen", function (e) {
      open = e.popup;
      // The insets step aside while the reader reads a popup (a click on one would close it).
      L.DomUtil.addClass(map.getContainer(), "geo-reading");
      open._geoPasses = 0;
      widenRoom(map, open);
      fold();
      settleSoon();
    });
    map.on("moveend", function () {
      if (open) settleSoon();
    });
    // The place whose popup closed while the legend, unfolded, would cover it.
    var keptFor = null;
    // Unfold the legend we folded, unless it would cover ``at`` (measured unfolded, in the
    // same task: nothing is painted in between).
    function unfold(at) {
      var details = control.getContainer().querySelector("details");
      if (!details) return true;
      details.open = true;
      if (GeoMap.legendWouldCover && GeoMap.legendWouldCover(map, control.getContainer(), at)) {
        details.open = false;
        return false;
      }
      return true;
    }
    map.on("moveend", function () {
      if (open || !keptFor) return;
      if (unfold(keptFor)) keptFor = null;
    });
    map.on("popupclose", function (e) {
      var at = e.popup.getLatLng();
      var refold = folded || keptFor;
      var details = control.getContainer().querySelector("details");
      folded = false;
      open = null;
      keptFor = null;
      L.DomUtil.removeClass(map.getContainer(), "geo-popup-open");
      L.DomUtil.removeClass(map.getContainer(), "geo-reading");
      restoreOptions(e.popup);
      // The legend comes back, and the place the reader opened is moved clear of it and of
      // the buttons; where the basemap's edge stops the map, the legend stays folded.
      if (refold && details) details.open = true;
      if (GeoMap.afterPopup) GeoMap.afterPopup(map, at);
      if (refold && details && !unfold(at)) keptFor = at;
    });
    return control;
  };

  function near(a, b, px) {
    return Math.abs(a.x - b.x) <= px && Math.abs(a.y - b.y) <= px;
  }

  /*
   * Activities as small dots grouped in clusters with their count; a click on a group
   * lists its activities or zooms as far as it takes to part them (groups.js), so every
   * activity is a click or two away. A dot or group sitting on a hub city is drawn at the
   * hub's rim, leaving the hub itself visible and clickable. ``rows``: [lat, lon, id,
   * colour, tooltip html, popup html, highlighted, name, [title, date, project]].
   */
  GeoMap.activities = function (map, rows, o) {
    var hubs = o.hubs.map(function (h) {
      return L.latLng(h[0], h[1]);
    });
    function atHub(latlng) {
      var p = map.project(latlng);
      return hubs.some(function (h) {
        return near(map.project(h), p, 4);
      });
    }
    function dot(colour, label) {
      var span = document.createElement("span");
      span.style.background = colour.replace(/[^#0-9a-fA-F]/g, "");
      if (label) span.textContent = label;
      return span;
    }
    // A dot or a group is a button to a screen reader (Leaflet's keyboard markers): its name
    // is what its title says on hover, in the interface language.
    var NamedIcon = L.DivIcon.extend({
      createIcon: function (old) {
        var div = L.DivIcon.prototype.createIcon.call(this, old);
        div.setAttribute("aria-label", this.options.label);
        return div;
      },
    });
    var group = L.markerClusterGroup({
      maxClusterRadius: 32,
      showCoverageOnHover: false,
      // groups.js answers a click on a group: a list, or a zoom just far enough.
      zoomToBoundsOnClick: false,
      spiderfyOnMaxZoom: false,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var cls = "geo-cluster" + (atHub(cluster.getLatLng()) ? " geo-at-hub" : "");
        var span = dot(o.clusterColour, String(n));
        span.title = o.clusterLabel.replace("{count}", n);
        return new NamedIcon({ className: cls, html: span, iconSize: [30, 30], label: span.title });
      },
    });
    rows.forEach(function (r, i) {
      var latlng = L.latLng(r[0], r[1]);
      var cls = "geo-ev" + (r[6] ? " geo-ev-hl" : "") + (atHub(latlng) ? " geo-at-hub" : "");
      var size = r[6] ? 24 : 16;
      var marker = L.marker(latlng, {
        icon: new NamedIcon({ className: cls, html: dot(r[3]), iconSize: [size, size], label: r[7] }),
        riseOnHover: true,
        title: r[7],
        zIndexOffset: r[6] ? 1000 : 0,
      });
      marker.feature = { type: "Feature", properties: { id: r[2], layer: "events" } };
      marker._geoInfo = { title: r[8][0], date: r[8][1], project: r[8][2], order: i };
      marker._geoPopup = r[5];
      marker.bindTooltip(r[4], { sticky: true });
      marker.bindPopup(r[5], { maxWidth: 360 });
      group.addLayer(marker);
    });
    if (GeoMap.groupsAsLists) GeoMap.groupsAsLists(map, group, o.listLabels);
    // Leaflet.markercluster 1.4 counts its levels down from the map's least zoom, which it
    // takes for a whole number: a group added once the frame has set a fractional one
    // (zoomSnap 0.25; a year of GeoMap.year) showed none of its markers.
    var least = map.options.minZoom;
    if (least !== undefined) map.options.minZoom = Math.floor(least);
    group.addTo(map);
    map.options.minZoom = least;
    // GeoMap.year draws a year's activities anew from these (a cluster group's count went
    // wrong when its markers were taken off and put back).
    map._geoActivities = { group: group, rows: rows, o: o };
    return group;
  };

  /*
   * Names on the map, placed by priority (hubs, then countries, then places of
   * activities) at the first spot around their point where they overlap no label
   * placed before and no hub symbol. Hub names always show; a country's name only
   * where it fits inside the country; a place's name from ``minZoom`` on.
   * ``items``: {lat, lon, text, kind, r (symbol radius px), minZoom, width (px, countries)}.
   */
  GeoMap.labels = function (map, items) {
    if (!map.getPane("geo-labels")) {
      var pane = map.createPane("geo-labels");
      pane.style.zIndex = 625;
      pane.style.pointerEvents = "none";
    }
    var hubs = items.filter(function (it) {
      return it.kind === "hub";
    });
    items.forEach(function (it) {
      var span = document.createElement("span");
      span.textContent = it.text;
      span.setAttribute("dir", "auto");
      it.marker = L.marker([it.lat, it.lon], {
        pane: "geo-labels",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "geo-label geo-label-" + it.kind, html: span, iconSize: null }),
      }).addTo(map);
      it.span = span;
    });
    // The groups of activities and the activities drawn now: no name may cover them.
    function markers() {
      var origin = map.getContainer().getBoundingClientRect();
      var icons = map.getContainer().querySelectorAll(".geo-cluster span, .geo-ev span");
      return Array.prototype.map.call(icons, function (el) {
        var b = el.getBoundingClientRect();
        return {
          left: b.left - origin.left - 1,
          right: b.right - origin.left + 1,
          top: b.top - origin.top - 1,
          bottom: b.bottom - origin.top + 1,
        };
      });
    }
    function place() {
      var size = map.getSize();
      var taken = hubs.map(function (h) {
        var p = map.latLngToContainerPoint([h.lat, h.lon]);
        var r = h.r + HUB_CLEARANCE;
        return { left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r };
      });
      var discs = markers();
      items.forEach(function (it) {
        if (it.off) {
          it.span.style.visibility = "hidden";
          return;
        }
        var p = map.latLngToContainerPoint([it.lat, it.lon]);
        var shown = GeoPlace.choose(
          it, p, it.span.offsetWidth, it.span.offsetHeight, size, map.getZoom(), taken.concat(discs)
        );
        if (shown) {
          taken.push(shown[1]);
          it.span.style.transform = "translate(" + shown[0][0] + "px," + shown[0][1] + "px)";
          it.span.style.visibility = "visible";
        } else {
          it.span.style.visibility = "hidden";
        }
      });
    }
    map.on("zoomend moveend resize", place);
    map.whenReady(function () {
      setTimeout(place, 0);
    });
    place();
    map._geoLabels = { items: items, place: place }; // GeoMap.year hides a year's absent
  };

  /*
   * Direction chevrons of constant screen size, one a route leg, added to ``layer``:
   * ``arrows`` [[lat, lon, degrees, colour]...]. Decorative: each leg's name, popup and list
   * entry say where it goes, and the legend what a chevron means; hidden from assistive
   * technology, so a screen reader meets no unnamed graphic (about 60 on a map of every
   * route).
   */
  GeoMap.arrows = function (layer, arrows) {
    layer._geoArrows = [];
    arrows.forEach(function (a) {
      var svg =
        '<svg aria-hidden="true" focusable="false" viewBox="0 0 12 12" width="14" height="14" ' +
        'style="transform:rotate(' + Number(a[2]) + 'deg)"><path d="M2 1 L11 6 L2 11 L5 6 Z" fill="' +
        String(a[3]).replace(/[^#0-9a-fA-F]/g, "") + '"/></svg>';
      var arrow = L.marker([a[0], a[1]], {
        icon: L.divIcon({ className: "geo-arrow", html: svg, iconSize: [14, 14] }),
        interactive: false,
        keyboard: false,
      }).addTo(layer);
      arrow._geoLeg = a[4]; // its leg's id: shown with its leg (GeoMap.year)
      layer._geoArrows.push(arrow);
    });
  };

  /*
   * A presenter's step: a ring around the activity and its place named beside it, and
   * the map moved there; the overview step returns to the opening frame; a step whose
   * place is not stated leaves the map where it is. ``target`` is the map (a map file)
   * or a layer group the presenter swaps at each step without rebuilding the map.
   * ``o``: {lat, lon, points: [[lat, lon]...], bounds: [[s, w], [n, e]] or null, zoom,
   * label, overview}. A step with bounds (a route, a country) is fitted, not ringed.
   */
  // A step's name on the map, dark on its own plate, above the other names.
  function stepLabel(map, layer, latlng, text) {
    var span = document.createElement("span");
    span.textContent = text;
    span.setAttribute("dir", "auto");
    L.marker(latlng, {
      pane: map.getPane("geo-labels") ? "geo-labels" : "markerPane",
      interactive: false,
      keyboard: false,
      zIndexOffset: 2000,
      icon: L.divIcon({ className: "geo-step-label", html: span, iconSize: null }),
    }).addTo(layer);
  }

  GeoMap.step = function (target, o) {
    function run(map) {
      // A year's step shows that year; any other step, every year of the view.
      if (map._geoYears) GeoMap.year(map, o.year === undefined ? null : o.year);
      if (o.lat === null || o.lat === undefined) {
        if (o.overview) {
          map._geoFocus = null;
          map._geoFrame = null;
          if (map._geoHome) GeoMap.fit(map, map._geoHome);
        }
        return;
      }
      var layer = target === map ? map : target;
      if (o.bounds) {
        if (o.label) stepLabel(map, layer, [o.lat, o.lon], o.label);
        map._geoFocus = null;
        map._geoFrame = function () {
          GeoMap.fit(map, L.latLngBounds(o.bounds).pad(0.1), o.zoom, true);
        };
        map._geoFrame();
        return;
      }
      var points = o.points && o.points.length ? o.points : [[o.lat, o.lon]];
      points.forEach(function (p) {
        L.circleMarker(p, {
          radius: 20, color: "#b3261e", weight: 4, fill: false, interactive: false,
        }).addTo(layer);
      });
      if (o.label) {
        // Named once, above its northernmost place.
        var top = points.slice().sort(function (a, b) { return b[0] - a[0]; })[0];
        stepLabel(map, layer, top, o.label);
      }
      // A cut, not a flight: over a screen share an animated pan arrives as a few blurred
      // frames, and the audience sees the new place sooner.
      if (points.length === 1) {
        map._geoFrame = null;
        map._geoFocus = [o.lat, o.lon, o.zoom];
        map.setView([o.lat, o.lon], o.zoom, { animate: false });
      } else {
        // An activity at several places (a study visit to Catania and Rome): all of them.
        map._geoFocus = null;
        map._geoFrame = function () {
          GeoMap.fit(map, L.latLngBounds(points).pad(0.15), o.zoom, true);
        };
        map._geoFrame();
      }
    }
    if (target instanceof L.Map) {
      target.whenReady(function () {
        run(target);
      });
    } else {
      target.once("add", function () {
        run(target._map);
      });
    }
  };

  var PICK_COLOUR = "#b3261e";
  var PICK_STYLE = { routes: { weight: 7 }, coverage: { weight: 4, color: "#1d3b24" } };

  /*
   * A feature chosen from the list beside the map: the map moves to it and marks it,
   * as the presenter's step does. A point (hub, activity) is centred and ringed; a
   * leg, a country or an activity at several places is fitted and drawn bolder. An
   * activity with no stated place leaves the map where it is. ``group`` is the layer
   * group the page swaps when the choice changes; removing it removes the marks.
   * ``o``: {id, layer, points: [[lat, lon]...], bounds, zoom}.
   */
  GeoMap.pick = function (group, o) {
    function frame(map) {
      if (o.points.length === 1 && !o.bounds) {
        map.setView(o.points[0], o.zoom, { animate: false });
      } else if (o.bounds) {
        GeoMap.fit(map, o.bounds, o.zoom + 1);
      }
    }
    function run(map) {
      if (!o.points.length && !o.bounds) return;
      frame(map);
      // Until the reader moves the map, a resize frames the choice again.
      map._geoFrame = function () {
        frame(map);
      };
      o.points.forEach(function (p) {
        L.circleMarker(p, {
          radius: 18, color: PICK_COLOUR, weight: 4, fill: false, interactive: false,
        }).addTo(group);
      });
      var marked = [];
      var style = PICK_STYLE[o.layer];
      if (style) {
        map.eachLayer(function (l) {
          var p = l.feature && l.feature.properties;
          if (!p || p.id !== o.id || p.layer !== o.layer || !l.setStyle) return;
          marked.push([l, { weight: l.options.weight, color: l.options.color }]);
          l.setStyle(style);
          if (l.bringToFront) l.bringToFront();
        });
      }
      group.once("remove", function () {
        marked.forEach(function (m) {
          m[0].setStyle(m[1]);
        });
        if (map._geoFrame) map._geoFrame = null;
      });
    }
    if (group._map) {
      run(group._map);
    } else {
      group.once("add", function () {
        run(group._map);
      });
    }
  };

  window.GeoMap = GeoMap;
})();
