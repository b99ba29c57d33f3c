"""Names on the live map: hubs, countries, places of activities, and (rarely) route ends.

A map that names next to nothing else also names where its route legs start and end.

Each label is a point, a text in the view's language and a kind; ``geomap.js`` places
them in that priority order (hubs, countries, places) wherever they overlap nothing
placed before, so the server only says what to name and where.
"""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point
from shapely.ops import polylabel

from geo.data.io import placed, records
from geo.i18n import localized
from geo.render.framing import place_name
from geo.view.search import leg_end_places
from geo.view.selection import Selection

PLACE_MIN_ZOOM = 6  # places of activities are named once the map is zoomed in on a region
# A map with this many places or fewer names them at every zoom: a few activities far from
# any hub (Bangladesh, the Gulf) would otherwise be dots with no name.
FEW_PLACES = 8
# A map naming fewer hubs and places than this also names its route legs' ends.
FEW_ROUTE_NAMES = 2
_WORLD_PX = 256 / 360  # width in pixels of a degree of longitude at zoom 0
_DECIMALS = 4


def map_labels(sel: Selection, basemap: gpd.GeoDataFrame, hub_radius: float) -> list[dict]:
    """The labels of the map of ``sel``, hubs first.

    Each is ``{lat, lon, text, kind, r, minZoom, width}``: ``r`` is the radius in pixels
    of the symbol the label must not cover, ``width`` (countries) the country's width
    in pixels at zoom 0, so that its name only shows where it fits; a hub's ``side``
    ("left" or "right") is where its country lies, tried first.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> data = load_dataset()
    >>> labels = map_labels(select(data, ViewState(lang="ar")), data.basemap, 13)
    >>> [x["text"] for x in labels if x["kind"] == "hub"][:2]
    ['أجدابيا', 'غدامس']
    """
    lang = sel.lang
    out = []
    hub_points = set()
    shapes = basemap.dropna(subset=["iso3"]).drop_duplicates("iso3").set_index("iso3")
    for row, geom in _points(sel.layer("hubs")):
        hub_points.add((round(geom.x, 2), round(geom.y, 2)))
        label = _label(geom, localized(row, "name", lang), "hub", hub_radius)
        label["ids"] = [row["id"]]  # shown while its hub is (GeoMap.year)
        label["side"] = _inward(geom, shapes.geometry.get(row.get("iso3")))
        out.append(label)
    coverage = sel.layer("coverage")
    if len(coverage):
        for iso3 in sorted(set(coverage["iso3"])):
            if iso3 not in shapes.index:
                continue
            shape = shapes.geometry[iso3]
            largest = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
            minx, _, maxx, _ = largest.bounds
            label = _label(polylabel(largest, 0.05), sel.country_names.get(iso3, iso3), "country")
            label["width"] = round((maxx - minx) * _WORLD_PX * 0.7, 3)
            out.append(label)
    places: dict[str, object] = {}
    for row, geom in _points(sel.layer("events")):
        place = place_name(row, sel)
        # One name per place, however many activities it saw; a hub city is already named.
        if place and place not in places and (round(geom.x, 2), round(geom.y, 2)) not in hub_points:
            places[place] = geom
    min_zoom = 0 if len(places) <= FEW_PLACES else PLACE_MIN_ZOOM
    for place, geom in places.items():
        label = _label(geom, place, "place", 9, min_zoom)
        label["ids"] = [place]  # shown in a year while one of its activities is (GeoMap.year)
        out.append(label)
    named = len(hub_points) + len(places)
    if named < FEW_ROUTE_NAMES:
        # A map that names next to nothing (a year when no project ran) names where its
        # route legs start and end, so its lines lead somewhere a reader can read.
        ends = [
            (name, lon, lat)
            for name, lon, lat in leg_end_places(sel.layer("routes"), lang)
            if name not in places and (round(lon, 2), round(lat, 2)) not in hub_points
        ]
        out += [_label(Point(lon, lat), name, "place", 4) for name, lon, lat in ends]
    return out


def _inward(point, country) -> str:
    """The side of ``point`` where its country lies, where a hub's name goes first.

    Kufra's name, written to its west, stays in Libya rather than run into Egypt.
    """
    if country is None or country.is_empty:
        return "right"
    return "left" if country.representative_point().x < point.x else "right"


def _points(gdf: gpd.GeoDataFrame):
    """(row, point) of each single-point feature (a place split in several is not named)."""
    singles = gdf[gdf.geometry.geom_type == "Point"] if len(gdf) else gdf
    pts = placed(singles)
    return zip(records(pts), pts.geometry, strict=True)


def _label(point, text: str, kind: str, radius: float = 0, min_zoom: int = 0) -> dict:
    return {
        "lat": round(point.y, _DECIMALS),
        "lon": round(point.x, _DECIMALS),
        "text": text,
        "kind": kind,
        "r": radius,
        "minZoom": min_zoom,
        "width": 0,
    }
