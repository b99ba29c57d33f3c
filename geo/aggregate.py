"""Many activities, light maps: past a few hundred, group them in grid cells on the server.

The browser then receives one circle per cell with its count, so what it downloads
grows with the number of places, not with the number of activities.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

AGGREGATE_OVER = 300
CELL_DEGREES = 0.25  # about 25 km: activities of one city share a cell
LISTED = 8


def aggregate_events(
    placed: gpd.GeoDataFrame, title: Callable[[dict], str], cell: float = CELL_DEGREES
) -> gpd.GeoDataFrame:
    """One point per grid cell: the mean position, the count, the main project, a few titles.

    ``placed`` holds point activities (MultiPoints already exploded); ``title``
    gives the label of one activity (a dict row).

    >>> from shapely.geometry import Point
    >>> gdf = gpd.GeoDataFrame({"id": ["a", "b", "c"], "project_ids": [["p"], ["p"], ["q"]]},
    ...     geometry=[Point(13.18, 32.87), Point(13.19, 32.88), Point(31.2, 30.0)], crs=4326)
    >>> out = aggregate_events(gdf, lambda r: r["id"])
    >>> sorted(out["count"].tolist())
    [1, 2]
    """
    x, y = placed.geometry.x.to_numpy(), placed.geometry.y.to_numpy()
    keys = pd.Series(
        [
            f"{i}:{j}"
            for i, j in zip(
                np.floor(x / cell).astype(int), np.floor(y / cell).astype(int), strict=True
            )
        ],
        index=placed.index,
    )
    rows, geoms = [], []
    for key, members in placed.groupby(keys, sort=True):
        records = members.to_dict("records")
        main = pd.Series([r["project_ids"][0] for r in records]).mode().iloc[0]
        rows.append(
            {
                "id": f"cell-{key}",
                "count": len(records),
                "project": main,
                "titles": [title(r) for r in records[:LISTED]],
            }
        )
        geoms.append(Point(float(members.geometry.x.mean()), float(members.geometry.y.mean())))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=placed.crs)


def cell_radius(count: int) -> float:
    """Circle radius in pixels, growing with the square root of the count.

    >>> cell_radius(1), cell_radius(101)
    (6.0, 24.0)
    """
    return round(min(6 + 1.8 * math.sqrt(max(count - 1, 0)), 30), 1)


def cell_popup_parts(cell: Mapping, more: str) -> list[str]:
    """The titles listed in a cell's popup, with an "and N more" line."""
    titles = list(cell["titles"])
    if cell["count"] > len(titles):
        titles.append(more.format(count=cell["count"] - len(titles)))
    return titles
