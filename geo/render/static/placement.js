/*
 * Where things go on the map: a name beside its place, an open popup clear of the controls,
 * as pure functions of boxes and pixels, with no map and no page, so that tests can call
 * them on their own (tests/browser/test_placement_js.py). Boxes are {left, top, right,
 * bottom} in the map's container pixels. GeoMap.labels (geomap.js) and room.js measure
 * the page and call them.
 */
(function () {
  "use strict";
  var GeoPlace = {};

  GeoPlace.overlaps = function (a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  };

  GeoPlace.overlapArea = function (a, b) {
    var x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    var y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return x > 0 && y > 0 ? x * y : 0;
  };

  /*
   * The spots to try for a name ``w`` x ``h`` px, as offsets from its point, best first: a
   * country's name centred on its point; a place's to the side where its country lies
   * (``it.side``, from labels.py), then the other side, above, below and the diagonals,
   * clear of its symbol (``it.r`` px) by 4 px.
   */
  GeoPlace.spots = function (it, w, h) {
    var r = it.r + 4;
    if (it.kind === "country") return [[-w / 2, -h / 2]];
    var right = [r, -h / 2],
      left = [-r - w, -h / 2];
    var sides = it.side === "left" ? [left, right] : [right, left];
    return sides.concat([
      [-w / 2, -r - h],
      [-w / 2, r],
      [r * 0.7, -r * 0.7 - h],
      [-r * 0.7 - w, -r * 0.7 - h],
      [r * 0.7, r * 0.7],
      [-r * 0.7 - w, r * 0.7],
    ]);
  };

  /*
   * Where item ``it``'s name (``w`` x ``h`` px) goes, its point at ``p`` {x, y} on a map
   * of ``size`` {x, y} at ``zoom``, clear of the ``taken`` boxes: [offset, box], or null
   * when it is not shown. A name shows from its ``minZoom`` on; a country's only where it
   * fits inside the country (``it.width``, its width in px at zoom 0); the first spot
   * inside the map that covers nothing wins. A hub is always named: with no free spot,
   * at the spot covering least of what is there.
   */
  GeoPlace.choose = function (it, p, w, h, size, zoom, taken) {
    var tooSmall = it.kind === "country" && it.width * Math.pow(2, zoom) < w * 1.15;
    if (!(zoom >= it.minZoom) || tooSmall) return null;
    var candidates = GeoPlace.spots(it, w, h);
    function boxAt(c) {
      return { left: p.x + c[0], top: p.y + c[1], right: p.x + c[0] + w, bottom: p.y + c[1] + h };
    }
    for (var i = 0; i < candidates.length; i++) {
      var box = boxAt(candidates[i]);
      var inside = box.left >= 0 && box.top >= 0 && box.right <= size.x && box.bottom <= size.y;
      var free =
        inside &&
        !taken.some(function (t) {
          return GeoPlace.overlaps(t, box);
        });
      if (free) return [candidates[i], box];
    }
    if (it.kind !== "hub") return null;
    var best = null;
    candidates.forEach(function (c) {
      var box = boxAt(c);
      var covered = taken.reduce(function (sum, t) {
        return sum + GeoPlace.overlapArea(t, box);
      }, 0);
      if (!best || covered < best[2]) best = [c, box, covered];
    });
    return [best[0], best[1]];
  };

  /*
   * How far (x, y) ``rect`` must move to stand ``gap`` px clear of every control it
   * overlaps. ``controls``: [{rect, top, left}], ``top`` and ``left`` saying the corner the
   * control stands in. Each control pushes the rect out of its corner along the shorter
   * way; pushes the same way add up as the largest of them.
   */
  GeoPlace.clearOf = function (controls, rect, gap) {
    var right = 0,
      left = 0,
      down = 0,
      up = 0;
    controls.forEach(function (c) {
      var r = c.rect;
      if (!GeoPlace.overlaps(r, rect)) return;
      var x = c.left ? r.right + gap - rect.left : -(rect.right - (r.left - gap));
      var y = c.top ? r.bottom + gap - rect.top : -(rect.bottom - (r.top - gap));
      if (Math.abs(x) <= Math.abs(y)) {
        if (x > 0) right = Math.max(right, x);
        else left = Math.max(left, -x);
      } else if (y > 0) {
        down = Math.max(down, y);
      } else {
        up = Math.max(up, -y);
      }
    });
    return { x: right - left, y: down - up };
  };

  /*
   * How far (x, y) ``rect`` must move to lie ``gap`` px inside a map of ``size`` {x, y}:
   * across only if it fits across, down only when its top is above the map and it fits.
   */
  GeoPlace.within = function (size, rect, gap) {
    var x = 0;
    if (rect.right - rect.left <= size.x - 2 * gap) {
      if (rect.left < gap) x = gap - rect.left;
      else if (rect.right > size.x - gap) x = size.x - gap - rect.right;
    }
    var y = rect.top < gap && rect.bottom - rect.top <= size.y - 2 * gap ? gap - rect.top : 0;
    return { x: x, y: y };
  };

  window.GeoPlace = GeoPlace;
})();
