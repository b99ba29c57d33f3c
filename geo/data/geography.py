"""What the route legs' geometry says: the countries a leg passes through.

A route leg names no project: which projects it concerns follows from where it runs, the
countries its line crosses, compared with the countries each project covers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import MultiPoint

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
