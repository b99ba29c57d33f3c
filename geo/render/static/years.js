/*
 * Play through the years: the map drawn once with every feature of the view shows, year
 * by year, what that year's filter shows (geo/render/timeplay.py says which, by the same
 * rules as the year filter), with the year large on the map. A year's step of a briefing
 * (GeoMap.step) and the Play control both call GeoMap.year; nothing is drawn anew.
 */
(function () {
  "use strict";
  var GeoMap = window.GeoMap;
  var button = GeoMap.button; // geomap.js: a map's button, named for assistive technology
  var STEP_MS = 1500; // a year on screen while playing: read, then the next
  function svg(path) {
    return '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">' +
      '<path fill="currentColor" d="' + path + '"/></svg>';
  }
  var ICONS = {
    back: svg("M6 5h2v14H6zM20 5v14L9 12z"),
    forward: svg("M16 5h2v14h-2zM4 5v14l11-7z"),
    play: svg("M7 4v16l13-8z"),
    pause: svg("M6 4h4v16H6zM14 4h4v16h-4z"),
    all: svg("M12 5V1L7 6l5 5V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z"),
  };

  // Every feature the years hide or show: [group, layer, kind, id].
  function collect(map) {
    var out = [];
    map.eachLayer(function (g) {
      if (g instanceof L.GeoJSON) {
        g.getLayers().forEach(function (l) {
          var p = l.feature && l.feature.properties;
          // Activities in grid cells ("events" here) show in no single year: a cell counts
          // them all.
          if (!p || ["hubs", "routes", "coverage", "events"].indexOf(p.layer) < 0) return;
          out.push([g, l, p.layer, p.layer === "coverage" ? p.iso3 : p.id]);
        });
      }
      (g._geoArrows || []).forEach(function (a) {
        out.push([g, a, "arrows", a._geoLeg]);
      });
    });
    return out;
  }

  /*
   * What each year shows, and a Play control when ``play``. ``states``: {years: [...],
   * shown: {year: {hubs: [ids], routes: [ids], events: [ids], coverage: {iso3: colour}}}}.
   */
  GeoMap.years = function (map, states, labels, play) {
    var features = collect(map);
    // A country hovered is reset to its every-year colour by folium: that year's again.
    features.forEach(function (f) {
      if (f[2] !== "coverage") return;
      f[1].on("mouseout", function () {
        var y = map._geoYears;
        var state = y && y.year !== null ? y.states.shown[String(y.year)] : null;
        var colour = state && state.coverage && state.coverage[f[3]];
        if (colour) f[1].setStyle({ fillColor: colour });
      });
    });
    map._geoYears = { states: states, labels: labels, features: features, year: null };
    badge(map);
    if (play && states.years.length > 1) control(map, states, labels);
  };

  /* Show the year ``year`` (a number), or every year of the view (null). */
  GeoMap.year = function (map, year) {
    var y = map._geoYears;
    if (!y) return;
    var state = year === null ? null : y.states.shown[String(year)];
    if (year !== null && !state) return;
    y.year = year;
    function has(list, id) {
      return !state || (list || []).indexOf(id) >= 0;
    }
    y.features.forEach(function (f) {
      var group = f[0], layer = f[1], kind = f[2], id = f[3];
      var on;
      if (kind === "coverage") {
        on = !state || (state.coverage && state.coverage[id]);
        if (on && layer.setStyle) {
          if (!layer._geoFill) layer._geoFill = layer.options.fillColor;
          layer.setStyle({ fillColor: state ? state.coverage[id] : layer._geoFill });
        }
      } else {
        on = has(state && state[kind === "arrows" ? "routes" : kind], id);
      }
      if (on && !group.hasLayer(layer)) group.addLayer(layer);
      if (!on && group.hasLayer(layer)) group.removeLayer(layer);
    });
    // The canvas paints in the order features were added: countries put back go under the
    // legs and hubs again.
    ["routes", "hubs"].forEach(function (kind) {
      y.features.forEach(function (f) {
        if (f[2] === kind && f[0].hasLayer(f[1]) && f[1].bringToFront) f[1].bringToFront();
      });
    });
    var drawn = map._geoActivities;
    if (drawn) {
      var rows = drawn.rows.filter(function (r) {
        return has(state && state.events, r[2]);
      });
      map.removeLayer(drawn.group);
      GeoMap.activities(map, rows, drawn.o);
      map._geoActivities.rows = drawn.rows; // every activity of the view, for the next year
    }
    if (map._geoLabels) {
      map._geoLabels.items.forEach(function (it) {
        if (!it.ids) return;
        // A hub's name with its hub; a place's name with any of its activities.
        var list = state && (it.kind === "hub" ? state.hubs : state.places);
        it.off = !!state && !it.ids.some(function (id) {
          return has(list, id);
        });
      });
      map._geoLabels.place();
    }
    var el = map._geoYearBadge;
    if (el) {
      el.textContent = year === null ? "" : String(year);
      el.style.display = year === null ? "none" : "";
    }
    map.fire("geoyear", { year: year });
  };

  // The year, large on the map, where the audience looks: top and centre.
  function badge(map) {
    var Badge = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var el = L.DomUtil.create("div", "geo-year-badge");
        el.setAttribute("aria-live", "polite");
        el.style.display = "none";
        map._geoYearBadge = el;
        return el;
      },
    });
    new Badge().addTo(map);
  }

  function control(map, states, labels) {
    var years = states.years;
    var timer = null;
    var Play = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar geo-play");
        bar.setAttribute("role", "group");
        bar.setAttribute("aria-label", labels.play);
        var back = button(bar, labels.back, ICONS.back, function () {
          stop();
          move(-1);
        });
        var toggle = button(bar, labels.play, ICONS.play, function () {
          if (timer) stop();
          else start();
        });
        var forward = button(bar, labels.forward, ICONS.forward, function () {
          stop();
          move(1);
        });
        var all = button(bar, labels.all, ICONS.all, function () {
          stop();
          GeoMap.year(map, null);
        });
        all.classList.add("geo-play-all");
        back.classList.add("geo-play-back");
        forward.classList.add("geo-play-forward");
        toggle.classList.add("geo-play-toggle");
        // The arrow keys step and the space bar plays or pauses, while the bar has focus.
        L.DomEvent.on(bar, "keydown", function (e) {
          var rtl = getComputedStyle(map.getContainer()).direction === "rtl";
          var key = e.key;
          if (key === "ArrowRight" || key === "ArrowLeft") {
            stop();
            move((key === "ArrowRight") !== rtl ? 1 : -1);
          } else if (key === " " || key === "Spacebar") {
            if (timer) stop();
            else start();
          } else {
            return;
          }
          L.DomEvent.stop(e);
        });
        L.DomEvent.disableClickPropagation(bar);
        this._toggle = toggle;
        return bar;
      },
    });
    var ctl = new Play().addTo(map);
    function set(label, icon, pressed) {
      ctl._toggle.title = label;
      ctl._toggle.setAttribute("aria-label", label);
      ctl._toggle.setAttribute("aria-pressed", pressed ? "true" : "false");
      ctl._toggle.innerHTML = icon; // our own constant icon
    }
    function move(by) {
      var now = map._geoYears.year;
      var i = now === null ? (by > 0 ? -1 : years.length) : years.indexOf(now);
      var next = Math.min(Math.max(i + by, 0), years.length - 1);
      GeoMap.year(map, years[next]);
      return next < years.length - 1;
    }
    function start() {
      // From the first year, or on from the year shown; it stops on the last.
      if (map._geoYears.year === null || map._geoYears.year === years[years.length - 1]) {
        GeoMap.year(map, years[0]);
      }
      set(labels.pause, ICONS.pause, true);
      timer = setInterval(function () {
        if (!move(1)) stop();
      }, STEP_MS);
    }
    function stop() {
      if (timer) clearInterval(timer);
      timer = null;
      set(labels.play, ICONS.play, false);
    }
    set(labels.play, ICONS.play, false);
    // A view swapped in takes its own control: this one's timer stops with it.
    ctl.onRemove = stop;
  }

})();
