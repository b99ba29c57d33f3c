"""The basemap as the maps draw it: countries simplified as one coverage, finer where the story is.

Simplifying each country on its own, or the near and far parts of a country apart, leaves
two versions of a shared border, and the cut between the parts shows as a straight line
that no country has (grey "borders" along 40°E, 12°N and 46°N, read as boundary claims).
Here the countries are simplified together (``shapely.coverage_simplify``): every border is
simplified once and stays shared. Where the story is (North Africa and the Mediterranean)
keeps more detail by a change of coordinates before simplifying: the story's band of
longitudes and of latitudes is stretched :data:`STORY_STRETCH` times, so the one tolerance
removes less there, and the kept points are mapped back exactly.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.data.io import geometry_json

# West, east; south, north: the Maghreb to the Levant, the Sahel to the northern Mediterranean.
STORY_LONGITUDES, STORY_LATITUDES = (-20.0, 40.0), (12.0, 46.0)
STORY_STRETCH = 10.0
# Visvalingam-Whyatt's tolerance (the square root of the smallest triangle kept, in stretched
# degrees): the border's edges half as long in the story's box as outside it (a median of 26
# and 64 km), and as many bytes as the piecewise simplification it replaces (147 KB).
TOLERANCE = 0.7
NAME_COLUMNS = ["id", "iso3", "name", "name_fr", "name_ar"]
SHAPE_DECIMALS = 3  # about 100 m: finer than the simplification
GEOJSON = "geojson"  # the column of each country's shape as the map's GeoJSON, made once


def display_basemap(basemap: gpd.GeoDataFrame, tolerance: float = TOLERANCE) -> gpd.GeoDataFrame:
    """The basemap's countries simplified for the zooms used, with their names and GeoJSON.

    >>> from shapely.geometry import box
    >>> two = gpd.GeoDataFrame({"id": ["a", "b"], "iso3": ["AAA", "BBB"], "name": ["A", "B"],
    ...     "name_fr": ["A", "B"], "name_ar": ["A", "B"]},
    ...     geometry=[box(0, 0, 10, 10), box(10, 0, 20, 10)], crs="EPSG:4326")
    >>> simple = display_basemap(two)
    >>> simple.geometry.iloc[0].intersection(simple.geometry.iloc[1]).length  # still shared
    10.0
    """
    columns = [c for c in NAME_COLUMNS if c in basemap.columns]
    simple = basemap[columns + ["geometry"]].copy()
    stretched = shapely.transform(simple.geometry.values, _stretch)
    kept = shapely.coverage_simplify(stretched, tolerance)
    simple["geometry"] = shapely.transform(kept, _unstretch)
    simple = simple[~simple.geometry.is_empty].copy()
    # Every map sends the countries: their GeoJSON is made once, not once a map.
    simple[GEOJSON] = [geometry_json(g, SHAPE_DECIMALS) for g in simple.geometry]
    return simple


def _stretch(coords: np.ndarray) -> np.ndarray:
    return np.column_stack(
        [
            _piecewise(coords[:, 0], *STORY_LONGITUDES, STORY_STRETCH),
            _piecewise(coords[:, 1], *STORY_LATITUDES, STORY_STRETCH),
        ]
    )


def _unstretch(coords: np.ndarray) -> np.ndarray:
    return np.column_stack(
        [
            _piecewise(coords[:, 0], *STORY_LONGITUDES, STORY_STRETCH, inverse=True),
            _piecewise(coords[:, 1], *STORY_LATITUDES, STORY_STRETCH, inverse=True),
        ]
    )


def _piecewise(v: np.ndarray, low: float, high: float, slope: float, inverse: bool = False):
    """Slope ``slope`` between ``low`` and ``high``, 1 outside: continuous and one to one.

    >>> v = np.array([-30.0, 0.0, 50.0])
    >>> w = _piecewise(v, -20, 40, 6)
    >>> w.tolist(), _piecewise(w, -20, 40, 6, inverse=True).tolist()
    ([-30.0, 100.0, 350.0], [-30.0, 0.0, 50.0])
    """
    if not inverse:
        inside = low + (np.clip(v, low, high) - low) * slope
        return inside + np.minimum(v - low, 0) + np.maximum(v - high, 0)
    top = low + (high - low) * slope
    inside = low + (np.clip(v, low, top) - low) / slope
    return inside + np.minimum(v - low, 0) + np.maximum(v - top, 0)
