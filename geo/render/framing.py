"""Where a map of a selection opens, and the insets that show what lies far from the rest.

One rule for every map the project draws (the live map, the presenter, the map file, the
PNG and the PDF): the opening frame shows every place the selection draws (key hub cities
and places of activities), either in the main frame or in an atlas-style inset.

- When most of what is drawn lies in North Africa and the Mediterranean (:data:`STORY_BOX`),
  the frame holds that part, and places far from it (Doha, Dhaka) go to insets.
- Otherwise the selection frames itself: the main frame holds all it draws (a project in
  Bangladesh opens on Bangladesh, not on an empty Türkiye).
- A frame holding fewer than two features is widened to their context
  (:data:`CONTEXT_SPAN`), so country outlines and names are in view: never a blank map.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box

from geo.data.io import has_place, records
from geo.i18n import format_names, localized
from geo.view.selection import Selection

STORY_BOX = (-20.0, 10.0, 37.5, 46.0)  # west, south, east, north
NORTH_AFRICA = (-17.5, 15.0, 35.0, 37.5)  # a frame mostly on it is "a map of North Africa"
DEFAULT_BOUNDS = ((15.0, -18.0), (38.0, 36.0))  # North Africa: (south, west), (north, east)
INSET_REACH = 12.0  # degrees: far places nearer each other than this share an inset
INSET_SPAN = (12.0, 8.0)  # degrees of longitude and latitude an inset shows at least
CONTEXT_SPAN = (16.0, 10.0)  # degrees a main frame with fewer than two features shows
_GAP_BLOCK = 1_000_000  # distances worked out at a time by _gap
MAX_INSETS = 2  # the right-hand corners: the left holds the buttons, the bottom the legend
POINT_LAYERS = ("hubs", "events")

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))


@dataclass(frozen=True)
class Place:
    """A place the map draws: a key hub city, or a place of an activity."""

    lon: float
    lat: float
    name: str  # in the view's language; a country for an activity placed only by country
    layer: str
    id: str
    iso3: str | None = None


@dataclass(frozen=True)
class Inset:
    """A small map in a corner, of places far from the main frame."""

    bounds: Bounds
    places: tuple[Place, ...]

    @property
    def names(self) -> list[str]:
        """The distinct names of its places, in order."""
        return list(dict.fromkeys(p.name for p in self.places if p.name))


@dataclass(frozen=True)
class Frame:
    """The opening frame of a map, the frame of everything, and the insets."""

    home: Bounds
    everything: Bounds
    insets: tuple[Inset, ...] = ()
    story: bool = True  # framed on North Africa (else on the selection itself)
    countries: tuple[str, ...] = field(default=())  # the countries of what the frame holds

    def as_lists(self) -> dict:
        """``home`` and ``all`` as ``[[south, west], [north, east]]``, for the map's script."""
        return {"home": _listed(self.home), "all": _listed(self.everything)}


# Frames worked out, by selection: a page asks for its map's frame three times (the map,
# its accessible name, the caption above it). Kept while the selection lives.
_frames: dict[int, tuple[weakref.ref, Frame]] = {}


def frame_of(sel: Selection) -> Frame:
    """The frame of the map of ``sel`` (worked out once a selection).

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.filters import Filters
    >>> from geo.view.selection import ViewState, select
    >>> data = load_dataset()
    >>> frame = frame_of(select(data, ViewState()))
    >>> frame.story, [inset.names for inset in frame.insets]
    (True, [['Doha'], ['Dhaka']])
    >>> bangladesh = frame_of(select(data, ViewState(Filters(("gloact-bgd",)))))
    >>> bangladesh.story, bangladesh.home[1][1] > 88, bangladesh.insets
    (False, True, ())
    """
    kept = _frames.get(id(sel))
    if kept is not None and kept[0]() is sel:
        return kept[1]
    frame = _frame_of(sel)
    key = id(sel)
    _frames[key] = (weakref.ref(sel, lambda _: _frames.pop(key, None)), frame)
    return frame


def _frame_of(sel: Selection) -> Frame:
    places = list(places_of(sel))
    extents = [
        geom
        for name, gdf in sel.layers.items()
        if name not in POINT_LAYERS
        for geom in gdf.geometry[has_place(gdf)]
    ]
    if not places and not extents:
        return Frame(DEFAULT_BOUNDS, DEFAULT_BOUNDS)
    everything = _bounds([Point(p.lon, p.lat) for p in places] + extents)
    story = box(*STORY_BOX)
    inside = [p for p in places if story.contains(Point(p.lon, p.lat))]
    near = [g for g in extents if story.contains(g.representative_point())]
    in_story = len(inside) + len(near)
    if 2 * in_story < len(places) + len(extents) or not in_story:
        home = _with_context(everything, len(places) + len(extents))
        return Frame(home, everything, (), False, _countries(sel, places, home))
    clipped = [g.intersection(story) for g in extents]
    home = _bounds([Point(p.lon, p.lat) for p in inside] + [g for g in clipped if not g.is_empty])
    home = _with_context(home, in_story)
    far = [p for p in places if not _contains(home, p)]
    return Frame(home, everything, _insets(far), True, _countries(sel, places, home))


def places_of(sel: Selection) -> Iterable[Place]:
    """Every place the map of ``sel`` draws: hubs, then each place of each activity."""
    lang = sel.lang
    for layer in POINT_LAYERS:
        gdf = sel.layers.get(layer)
        if gdf is None or gdf.empty:
            continue
        shown = gdf[has_place(gdf)]
        for row, geom in zip(records(shown), shown.geometry, strict=True):
            name = place_name(row, sel) if layer == "events" else localized(row, "name", lang)
            for part in getattr(geom, "geoms", [geom]):
                yield Place(part.x, part.y, name, layer, row["id"], row.get("iso3"))


def place_name(row: dict, sel: Selection) -> str:
    """An activity's place as the map names it: the city, or the country it is placed by."""
    place = localized(row, "place", sel.lang)
    if place:
        return place
    if row.get("location_precision") == "country" and row.get("iso3"):
        return sel.country_names.get(row["iso3"], row["iso3"])
    return ""


def region_name(frame: Frame, sel: Selection) -> str:
    """What the main frame shows, for the map's caption and accessible name.

    "North Africa" when a third of the frame or more is; else the countries of what it holds.
    """
    t = sel.t
    (s, w), (n, e) = frame.home
    home = box(w, s, e, n)
    if home.intersection(box(*NORTH_AFRICA)).area * 3 >= home.area or not frame.countries:
        return t("North Africa")
    names = [sel.country_names.get(c, c) for c in frame.countries]
    if len(names) > 4:
        rest = len(names) - 3
        return format_names(names[:3], sel.lang) + " " + t("and {count} more").format(count=rest)
    return format_names(names, sel.lang)


def _countries(sel: Selection, places: list[Place], home: Bounds) -> tuple[str, ...]:
    """The countries of the places and covered countries the frame ``home`` holds, by name."""
    codes = [p.iso3 for p in places if p.iso3 and _contains(home, p)]
    coverage = sel.layers.get("coverage")
    if coverage is not None and len(coverage):
        (s, w), (n, e) = home
        held = coverage[coverage.geometry.intersects(box(w, s, e, n))]
        codes += list(held["iso3"])
    return tuple(sorted(set(codes), key=lambda c: sel.country_names.get(c, c)))


def _insets(far: list[Place]) -> tuple[Inset, ...]:
    """Far places gathered by nearness, at most :data:`MAX_INSETS` groups, west to east."""
    groups: list[list[Place]] = []
    extents: list[list[float]] = []  # each group's [w, s, e, n], kept as places join it
    for place in sorted(far, key=lambda p: (p.lon, p.lat)):
        x, y = place.lon, place.lat
        for group, extent in zip(groups, extents, strict=True):
            # Rounded as _bounds rounds: the same groups as the whole group's bounds make.
            w, s, e, n = (round(v, 4) for v in extent)
            if w - INSET_REACH <= x <= e + INSET_REACH and abs(y - (s + n) / 2) <= INSET_REACH:
                group.append(place)
                extent[:] = [
                    min(extent[0], x),
                    min(extent[1], y),
                    max(extent[2], x),
                    max(extent[3], y),
                ]
                break
        else:
            groups.append([place])
            extents.append([x, y, x, y])
    while len(groups) > MAX_INSETS:  # the two nearest groups become one
        pairs = [(i, j) for i in range(len(groups)) for j in range(i + 1, len(groups))]
        i, j = min(pairs, key=lambda ij: _gap(groups[ij[0]], groups[ij[1]]))
        groups[i] += groups.pop(j)
    out = []
    for group in groups:
        around = _bounds([Point(p.lon, p.lat) for p in group])
        out.append(Inset(_spread(around, INSET_SPAN), tuple(group)))
    return tuple(out)


def _gap(a: list[Place], b: list[Place]) -> float:
    """The least distance (in degrees, east-west plus north-south) between two groups.

    Over the groups' distinct places, a block at a time: thousands of activities share a
    few dozen places, and a group may hold thousands of places.
    """
    ours = np.unique(np.array([(p.lon, p.lat) for p in a]), axis=0)
    theirs = np.unique(np.array([(p.lon, p.lat) for p in b]), axis=0)
    rows = max(1, _GAP_BLOCK // len(theirs))
    return float(
        min(
            (np.abs(block[:, None, :] - theirs[None, :, :]).sum(axis=2)).min()
            for block in (ours[i : i + rows] for i in range(0, len(ours), rows))
        )
    )


def _with_context(bounds: Bounds, features: int) -> Bounds:
    """``bounds`` widened to :data:`CONTEXT_SPAN` when it holds fewer than two features."""
    return _spread(bounds, CONTEXT_SPAN) if features < 2 else bounds


def _spread(bounds: Bounds, span: tuple[float, float]) -> Bounds:
    """``bounds`` grown about its middle to at least ``span`` (longitude, latitude)."""
    (s, w), (n, e) = bounds
    width, height = max(e - w, span[0]), max(n - s, span[1])
    x, y = (w + e) / 2, (s + n) / 2
    south, north = max(y - height / 2, -85.0), min(y + height / 2, 85.0)
    return ((round(south, 4), round(x - width / 2, 4)), (round(north, 4), round(x + width / 2, 4)))


def _contains(bounds: Bounds, place: Place) -> bool:
    (s, w), (n, e) = bounds
    return s - 1e-6 <= place.lat <= n + 1e-6 and w - 1e-6 <= place.lon <= e + 1e-6


def _bounds(geoms: list) -> Bounds:
    minx, miny, maxx, maxy = gpd.GeoSeries(geoms).total_bounds
    return (
        (round(float(miny), 4), round(float(minx), 4)),
        (round(float(maxy), 4), round(float(maxx), 4)),
    )


def _listed(bounds: Bounds) -> list[list[float]]:
    (s, w), (n, e) = bounds
    return [[s, w], [n, e]]
