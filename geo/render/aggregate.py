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
    >>> aggregate_events(out, lambda r: r["id"]) is out  # grouped already (in SQL)
    True
    """
    if is_grouped(placed):
        return placed
    x, y = placed.geometry.x.to_numpy(), placed.geometry.y.to_numpy()
    frame = pd.DataFrame(
        {
            "key": [
                f"{i}:{j}"
                for i, j in zip(
                    np.floor(x / cell).astype(int), np.floor(y / cell).astype(int), strict=True
                )
            ],
            "x": x,
            "y": y,
            "project": [ids[0] if len(ids) else "" for ids in placed["project_ids"]],
            "row": np.arange(len(placed)),
        }
    )
    cells = frame.groupby("key", sort=True).agg(
        count=("row", "size"),
        x=("x", "mean"),
        y=("y", "mean"),
        project=("project", lambda s: s.value_counts().index[0]),
        rows=("row", lambda r: list(r[:LISTED])),
    )
    # Only the few listed activities of each cell become dicts: the rest stay counted.
    titles = [[title(placed.iloc[i].to_dict()) for i in rows] for rows in cells["rows"]]
    return gpd.GeoDataFrame(
        {
            "id": [f"cell-{k}" for k in cells.index],
            "count": cells["count"].to_numpy(),
            "project": cells["project"].to_numpy(),
            "titles": titles,
        },
        geometry=[Point(a, b) for a, b in zip(cells["x"], cells["y"], strict=True)],
        crs=placed.crs,
    )


def is_grouped(gdf: gpd.GeoDataFrame) -> bool:
    """Whether ``gdf`` holds grid cells already (grouped here or by the store, in SQL).

    >>> is_grouped(gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(0, 0)]))
    False
    """
    return {"count", "titles"} <= set(gdf.columns)


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
