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
  var texts = Object.prototype.hasOwnProperty.call(config.texts, lang) && config.texts[lang];
  // A browser holding Streamlit's files needs no quick map: the dashboard comes as fast.
  if (window.location.pathname !== "/" || !plain || !texts || warm()) {
    boot();
    return;
  }
  try {
    cover(texts);
  } catch (e) {
    boot(); // whatever went wrong here, the dashboard still loads
    throw e;
  }

  function cover(texts) {
    var root = document.getElementById("root");
    var box = document.createElement("div");
    box.id = "geo-quick";
    box.lang = lang;
    box.dir = config.rtl.indexOf(lang) >= 0 ? "rtl" : "ltr";
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
    frame.src = config.file.replace("{lang}", lang);
    box.appendChild(frame);
    box.appendChild(bar);

    var touched = false;
    var done = false;
    var watching = false;
    var patience = 0; // when the dashboard, started, is offered even with no map drawn

    function giveWay(focus) {
      if (done) {
        return;
      }
      done = true;
      // The reader's focus in the quick map goes on with them to the dashboard.
      var held = box.contains(document.activeElement);
      box.parentNode.removeChild(box);
      root.inert = false;
      var title = document.querySelector('[data-testid="stMain"] h1');
      if ((focus || held) && title) {
        title.tabIndex = -1;
        title.focus();
      }
    }

    // Whether the dashboard's map (streamlit-folium's frame) has a feature drawn.
    function drawn() {
      try {
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
      } catch (e) {
        // a frame being replaced: asked again at the next look
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
      if (drawn()) {
        if (!touched) {
          giveWay(false);
          return;
        }
        status.className = "geo-quick-ready";
        status.textContent = texts.ready;
        show.hidden = false;
        return;
      }
      // No map after a long wait (a page stopped on an error, a lost connection): the
      // reader may go to the dashboard as it is, and a page that says why goes to it.
      if (Date.now() > patience) {
        if (!touched && document.querySelector('[data-testid="stMain"] [data-testid="stAlert"]')) {
          giveWay(false);
          return;
        }
        show.hidden = false;
      }
      window.setTimeout(watch, 200);
    }

    function started() {
      boot();
      if (!watching) {
        watching = true;
        patience = Date.now() + config.patience_ms;
        watch();
      }
    }

    function touch() {
      touched = true;
    }

    show.addEventListener("click", function () {
      giveWay(true);
    });
    // A click or a tab into the map moves the focus into its frame, away from this page.
    window.addEventListener("blur", function () {
      if (document.activeElement === frame) {
        touch();
      }
    });
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
    document.body.appendChild(box);
    document.documentElement.lang = lang;
    document.documentElement.dir = box.dir;
    root.inert = true;
  }
})();
