// The quick map (geo/render/quick.py), in the front's page for "/" (scripts/front_assets.py).
//
// On a slow link Streamlit's frontend is about 600 KB before its page can ask for a map. So
// the default overview first shows its map file, written by the app for the data it serves,
// and only once that file has come does the page load Streamlit (its tags wait in the
// template #geo-streamlit-head). When the dashboard's map is drawn, the quick map gives way:
// at once if the reader has not touched it, else on their word ("Show the dashboard"), so no
// one loses the popup they are reading. Streamlit loads at once, with no quick map, at any
// other address, for a view with filters, when the app has not written its quick map yet,
// and in a browser that has loaded this Streamlit before (its files are in its cache).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("geo-quick-config").textContent);
  var template = document.getElementById("geo-streamlit-head");
  var main = template.content.querySelector('script[type="module"]').getAttribute("src");
  var booted = false;

  // Whether this browser has loaded this Streamlit before (its files are then in its
  // cache, and only the map's message still travels): a note kept in its own storage.
  function warm() {
    try {
      return window.localStorage.getItem("geo-streamlit") === main;
    } catch (e) {
      return false; // storage turned off: as on a first visit
    }
  }

  function remember() {
    try {
      window.localStorage.setItem("geo-streamlit", main);
    } catch (e) {
      // storage turned off: every first visit of a page shows the quick map
    }
  }

  function boot() {
    if (booted) {
      return;
    }
    booted = true;
    var tags = document.importNode(template.content, true);
    // Run, its modules all came: the next visit finds them in the cache.
    tags.querySelector('script[type="module"]').addEventListener("load", remember);
    document.head.appendChild(tags);
  }

  var params = new URLSearchParams(window.location.search);
  var names = [];
  params.forEach(function (value, name) {
    names.push(name);
  });
  var lang = (params.get("lang") || "en").trim().toLowerCase();
  var plain = names.length === 0 || (names.length === 1 && names[0] === "lang");
  var texts = config.texts[lang];
  // A browser holding Streamlit's files needs no quick map: the dashboard comes as fast.
  if (window.location.pathname !== "/" || !plain || !texts || warm()) {
    boot();
    return;
  }

  var root = document.getElementById("root");
  var cover = document.createElement("div");
  cover.id = "geo-quick";
  cover.lang = lang;
  cover.dir = config.rtl.indexOf(lang) >= 0 ? "rtl" : "ltr";
  var frame = document.createElement("iframe");
  frame.title = texts.frame;
  var bar = document.createElement("div");
  bar.className = "geo-quick-bar";
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  status.className = "geo-quick-loading";
  status.textContent = texts.opening;
  var show = document.createElement("button");
  show.type = "button";
  show.textContent = texts.show;
  show.hidden = true;
  bar.appendChild(status);
  bar.appendChild(show);
  cover.appendChild(frame);
  cover.appendChild(bar);
  document.body.appendChild(cover);
  document.documentElement.lang = lang;
  document.documentElement.dir = cover.dir;
  root.inert = true;

  var touched = false;
  var done = false;
  var watching = false;

  function giveWay(focus) {
    if (done) {
      return;
    }
    done = true;
    cover.parentNode.removeChild(cover);
    root.inert = false;
    var title = document.querySelector('[data-testid="stMain"] h1');
    if (focus && title) {
      title.tabIndex = -1;
      title.focus();
    }
  }

  show.addEventListener("click", function () {
    giveWay(true);
  });

  // Whether the dashboard's map (streamlit-folium's frame) has a feature drawn.
  function drawn() {
    var live = document.querySelector('iframe[src*="streamlit_folium"]');
    var win = live && live.contentWindow;
    var m = win && win.map;
    if (!win || !win.L || !(m instanceof win.L.Map)) {
      return false;
    }
    for (var id in m._layers) {
      if (m._layers[id].feature) {
        return true;
      }
    }
    return false;
  }

  function watch() {
    if (done) {
      return;
    }
    // A page that failed shows its error at once.
    if (document.querySelector('[data-testid="stException"]')) {
      giveWay(false);
      return;
    }
    if (!drawn()) {
      window.setTimeout(watch, 200);
      return;
    }
    if (!touched) {
      giveWay(false);
      return;
    }
    status.className = "geo-quick-ready";
    status.textContent = texts.ready;
    show.hidden = false;
  }

  function started() {
    boot();
    if (!watching) {
      watching = true;
      watch();
    }
  }

  function touch() {
    touched = true;
  }

  frame.addEventListener("load", function () {
    var doc = frame.contentDocument;
    if (!doc || !doc.querySelector(".folium-map")) {
      // Not written yet (a new server), or not found: the dashboard alone.
      giveWay(false);
      boot();
      return;
    }
    status.textContent = texts.loading;
    document.title = doc.title;
    ["pointerdown", "wheel", "keydown", "touchstart"].forEach(function (kind) {
      frame.contentWindow.addEventListener(kind, touch, true);
    });
    started();
  });
  // A quick map that takes long still lets the dashboard start.
  window.setTimeout(started, config.wait_ms);
  frame.src = config.file.replace("{lang}", lang);
})();
