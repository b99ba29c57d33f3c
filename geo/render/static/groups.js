/*
 * Groups of activities read as lists. A click on a group whose activities share one place
 * (they never come apart, however far the map zooms) opens one popup listing them: title,
 * date and project, each a button to its full popup, which has a way back to the list. A
 * group spread over a small area zooms to its own extent, where its activities come apart,
 * never to the empty maximum. Every text from data is set with textContent or arrives escaped.
 */
(function () {
  "use strict";
  var GeoMap = window.GeoMap;

  // The zoom at which ``cluster`` comes apart, or null when its activities share a place.
  // markercluster keeps a cluster per zoom: follow the chain while it is one child only.
  function splitZoom(cluster, maxZoom) {
    var c = cluster;
    while (c._childClusters.length === 1 && c._markers.length === 0) c = c._childClusters[0];
    var zoom = c._zoom + 1;
    return zoom > maxZoom ? null : zoom;
  }

  function item(list, marker, onOpen) {
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "geo-list-item";
    var info = marker._geoInfo;
    var title = document.createElement("b");
    title.textContent = info.title;
    var line = document.createElement("span");
    line.textContent = [info.date, info.project].filter(Boolean).join(" · ");
    button.appendChild(title);
    button.appendChild(line);
    button.addEventListener("click", function (e) {
      e.preventDefault();
      e.stopPropagation();
      onOpen(marker);
    });
    li.appendChild(button);
    list.appendChild(li);
  }

  /*
   * Make ``group`` (a MarkerClusterGroup of activities, each marker with ``_geoInfo``
   * {title, date, project} and its popup's HTML ``_geoPopup``) answer clicks this way.
   * ``labels``: {count: "{count} activities", back: "All {count} activities here"}.
   */
  GeoMap.groupsAsLists = function (map, group, labels) {
    function listOf(cluster, keyboard) {
      var markers = cluster.getAllChildMarkers().slice().sort(function (a, b) {
        return a._geoInfo.order - b._geoInfo.order;
      });
      var popup = L.popup({ maxWidth: 360, className: "geo-list-popup" });
      function showList() {
        var root = document.createElement("div");
        root.className = "geo-popup geo-list";
        var head = document.createElement("h2");
        head.textContent = labels.count.replace("{count}", markers.length);
        var list = document.createElement("ul");
        markers.forEach(function (m) {
          item(list, m, showOne);
        });
        root.appendChild(head);
        root.appendChild(list);
        popup.setContent(root);
        popup.update();
        return list;
      }
      function showOne(marker) {
        var root = document.createElement("div");
        var back = document.createElement("button");
        back.type = "button";
        back.className = "geo-list-back";
        back.textContent = "\u2039 " + labels.back.replace("{count}", markers.length);
        back.addEventListener("click", function (e) {
          e.preventDefault();
          e.stopPropagation();
          showList();
        });
        var card = document.createElement("div");
        card.innerHTML = marker._geoPopup; // built and escaped on the server
        root.appendChild(back);
        root.appendChild(card);
        popup.setContent(root);
        popup.update();
        // What a click on the activity itself reports (the details beside the map).
        group.fire("click", {
          layer: marker,
          sourceTarget: marker,
          propagatedFrom: marker,
          latlng: marker.getLatLng(),
        });
      }
      popup.setLatLng(cluster.getLatLng());
      var list = showList();
      popup.openOn(map);
      if (keyboard) list.querySelector("button").focus();
    }
    group.on("clusterclick", function (e) {
      var cluster = e.layer;
      var zoom = splitZoom(cluster, map.getMaxZoom());
      // Enter on a focused group (Leaflet's markers take the keyboard) puts focus in the list.
      var keyboard = !!(e.originalEvent && /^key/.test(e.originalEvent.type));
      if (zoom === null) {
        listOf(cluster, keyboard);
        return;
      }
      // As far as it takes for every activity of the group to stand apart (those at one
      // place stay a group, a list), whatever the zoom it was clicked at: the group's own
      // extent, never past the zoom below the maximum.
      var bounds = cluster.getBounds();
      var fit = map.getBoundsZoom(bounds, false, L.point(80, 80));
      var to = Math.min(Math.max(zoom, fit, map.getZoom()), map.getMaxZoom() - 1);
      map.setView(bounds.getCenter(), Math.max(to, zoom));
    });
  };
})();
