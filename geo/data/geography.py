"""What the route legs' geometry says, and whether it agrees with geography.

A route leg names no project: which projects it concerns follows from where it runs, the
countries its line crosses, compared with the countries each project covers. A sea leg is
drawn on the sea and a land leg on land (validation measures both against the basemap's
land), and no two legs draw the same line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import MultiPoint

from geo.data.io import parse_geometry, read_features
from geo.data.problems import Problem

# A coastal city can lie up to about 1 km off the 1:50m coastline: a leg within 2 km of a
# country touches it. (A degree is at most 111.32 km, so degrees x 111.32 >= km.)
TOUCH_KM = 2.0
_KM_PER_DEGREE_MAX = 111.32


def leg_ends(geom: Any) -> MultiPoint:
    """The first and last point of a leg (of each part of a multi-line).

    >>> from shapely.geometry import LineString
    >>> leg_ends(LineString([(0, 0), (1, 1), (2, 0)])).wkt
    'MULTIPOINT ((0 0), (2 0))'
    """
    points = []
    for part in getattr(geom, "geoms", [geom]):
        coords = list(part.coords)
        points += [coords[0], coords[-1]]
    return MultiPoint(points)


def leg_countries(routes: gpd.GeoDataFrame, shapes: Mapping[str, Any]) -> list[list[str]]:
    """The ISO3 codes of the countries each leg passes through, in code order.

    A land or sea leg passes through every country its line comes within 2 km of; an air
    leg only through the countries of its two ends (flying over a country is not passing
    through it). ``shapes`` maps ISO3 codes to country geometries
    (:func:`geo.data.validate.country_shapes`).

    >>> from shapely.geometry import LineString, box
    >>> shapes = {"LBY": box(9, 19, 25, 33), "EGY": box(25, 22, 35, 31), "TUR": box(26, 36, 44, 42)}
    >>> legs = gpd.GeoDataFrame({"mode": ["land", "air"]},
    ...     geometry=[LineString([(20, 30), (30, 30)]), LineString([(29, 41), (20, 32)])])
    >>> leg_countries(legs, shapes)
    [['EGY', 'LBY'], ['LBY', 'TUR']]
    """
    tolerance = TOUCH_KM / _KM_PER_DEGREE_MAX
    out = []
    for mode, geom in zip(routes["mode"], routes.geometry, strict=True):
        if geom is None or geom.is_empty:
            out.append([])
            continue
        target = leg_ends(geom) if mode == "air" else geom
        out.append(
            sorted(
                iso3 for iso3, shape in shapes.items() if shapely.dwithin(shape, target, tolerance)
            )
        )
    return out


# Validation of the drawing: sea legs on the sea, land legs on land.
LAND_FILE = "basemap_land.geojson"
SURFACE_TOLERANCE_KM = 10.0
# Coastal places lie on or near the shore (the 1:50m coast can be a km or more off): the line
# within this distance of either end is not counted.
END_KM = 15.0


def _local(geom: Any, transformer: Transformer) -> Any:
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(*xy.T)))


def _around(leg: Any) -> Transformer:
    """Degrees to metres in an azimuthal equidistant projection centred on ``leg``."""
    centre = leg.centroid
    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84")
    return Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)


def read_land(path: Path) -> Any | None:
    """The land polygons of the basemap, simplified to 500 m; ``None`` when unreadable.

    Validation falls back on the union of the countries when the land file is missing.
    """
    features, problems = read_features(path)
    if problems:
        return None
    geoms = [parse_geometry(f.get("geometry"))[0] for f in features if isinstance(f, dict)]
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if not geoms:
        return None
    land = shapely.make_valid(shapely.union_all(geoms)).simplify(0.005)
    shapely.prepare(land)
    return land


def surface_km(leg: Any, land: Any) -> tuple[float, float]:
    """Kilometres of ``leg`` over land and over sea, away from its two ends.

    Measured in an azimuthal equidistant projection centred on the leg (lengths within a
    percent or two at these distances).

    >>> from shapely.geometry import LineString, box
    >>> land = box(0, 0, 1, 1)
    >>> over_land, over_sea = surface_km(LineString([(-1, 0.5), (2, 0.5)]), land)
    >>> round(over_land), round(over_sea)
    (111, 193)
    """
    transformer = _around(leg)
    pad = END_KM / 100.0 + 0.5
    x0, y0, x1, y1 = leg.bounds
    nearby = shapely.clip_by_rect(land, x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    line, ground = _local(leg, transformer), _local(nearby, transformer)
    ends = _local(leg_ends(leg), transformer).buffer(END_KM * 1000)
    middle = line.difference(ends)
    over_land = middle.intersection(ground).length / 1000
    return over_land, middle.length / 1000 - over_land


def check_surfaces(routes: gpd.GeoDataFrame, land: Any, file: str) -> list[Problem]:
    """A sea leg crosses at most 10 km of land, a land leg at most 10 km of sea.

    Away from its two ends, where coastal places meet the sea; air legs are not checked.
    """
    problems = []
    for row, geom in zip(routes.to_dict("records"), routes.geometry, strict=True):
        if geom is None or geom.is_empty or row.get("mode") not in ("land", "sea"):
            continue
        # Cheap first: in degrees, with ends smaller than END_KM, the middle is all sea or land.
        middle = geom.difference(leg_ends(geom).buffer(0.1))
        if row["mode"] == "sea" and not shapely.intersects(land, middle):
            continue
        if row["mode"] == "land" and shapely.covers(land, middle):
            continue
        over_land, over_sea = surface_km(geom, land)
        wrong, km = ("land", over_land) if row["mode"] == "sea" else ("sea", over_sea)
        if km > SURFACE_TOLERANCE_KM:
            problems.append(
                Problem(
                    file,
                    row["id"],
                    "geometry",
                    f"a {row['mode']} leg crosses {km:.0f} km of {wrong} away from its ends "
                    f"(at most {SURFACE_TOLERANCE_KM:.0f} km)",
                )
            )
    return problems


def check_third_countries(
    routes: gpd.GeoDataFrame, shapes: Mapping[str, Any], file: str
) -> list[Problem]:
    """A land leg runs at most 10 km through a country neither of its ends is in.

    A road between two towns of one country stays in it: a straight line that cuts a
    neighbour's corner draws a crossing no source states (Ghadames to Nalut through
    Tunisia). Ends within 2 km of a border count for both countries.

    >>> from shapely.geometry import LineString, box
    >>> shapes = {"LBY": box(0, 0, 10, 10), "TUN": box(-5, 4, 2, 6)}
    >>> legs = gpd.GeoDataFrame({"id": ["a", "b"], "mode": ["land", "land"]},
    ...     geometry=[LineString([(3, 1), (1, 9)]), LineString([(3, 1), (5, 9)])])
    >>> [p.message for p in check_third_countries(legs, shapes, "routes.geojson")]
    ['a land leg runs 114 km through TUN, where neither of its ends is: draw it along its \
road with drawing points']
    """
    tolerance = TOUCH_KM / _KM_PER_DEGREE_MAX
    problems = []
    for row, geom in zip(routes.to_dict("records"), routes.geometry, strict=True):
        if geom is None or geom.is_empty or row.get("mode") != "land":
            continue
        ends = leg_ends(geom)
        home = {iso3 for iso3, shape in shapes.items() if shapely.dwithin(shape, ends, tolerance)}
        for iso3, shape in shapes.items():
            if iso3 in home or not shapely.intersects(shape, geom):
                continue
            km = _local(geom.intersection(shape), _around(geom)).length / 1000
            if km > SURFACE_TOLERANCE_KM:
                problems.append(
                    Problem(
                        file,
                        row["id"],
                        "geometry",
                        f"a land leg runs {km:.0f} km through {iso3}, where neither of its ends "
                        "is: draw it along its road with drawing points",
                    )
                )
    return problems


def check_duplicate_legs(routes: gpd.GeoDataFrame, file: str) -> list[Problem]:
    """No two legs draw the same line in the same direction.

    The same line the other way is another claim (sources that disagree by period on a
    route's direction give two legs).

    >>> from shapely.geometry import LineString
    >>> legs = gpd.GeoDataFrame({"id": ["a", "b", "c"]}, geometry=[LineString([(0, 0), (1, 1)]),
    ...     LineString([(1, 1), (0, 0)]), LineString([(0, 0), (1, 1)])])
    >>> [str(p) for p in check_duplicate_legs(legs, "routes.geojson")]
    ['routes.geojson: c: geometry: draws the same line as a, in the same direction']
    """
    seen: dict[tuple[bytes, bool], str] = {}
    problems = []
    for fid, geom in zip(routes["id"], routes.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        drawn = shapely.set_precision(geom, 1e-5)
        line = shapely.normalize(drawn).wkb
        key = (line, drawn.wkb == line)
        if key in seen:
            problems.append(
                Problem(
                    file,
                    fid,
                    "geometry",
                    f"draws the same line as {seen[key]}, in the same direction",
                )
            )
        else:
            seen[key] = fid
    return problems
