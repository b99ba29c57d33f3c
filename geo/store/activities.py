"""Large activity layers stay in the database: filtered, counted and grouped in SQL.

Past :func:`large_over` activities the store's reader leaves the events out of the
:class:`~geo.data.dataset.Dataset` (``data.large["events"]`` holds a :class:`LargeEvents`
instead), and each view asks SQL for what it shows: the count, the activities with no
place, and one row per grid cell (``floor(x / cell)``, ``floor(y / cell)``: the grid of
``ST_SnapToGrid`` with its origin on a cell's corner, the cells of
:func:`geo.render.aggregate.aggregate_events`). The app never pulls every row.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import geopandas as gpd
from shapely.geometry import Point
from sqlalchemy import Connection, Engine, text

from geo.data.schema import CRS, LAYERS
from geo.i18n import LANGUAGES
from geo.render.aggregate import CELL_DEGREES, LISTED
from geo.store.connect import snapshot
from geo.view.filters import Filters

LARGE_ENV = "GEO_STORE_LARGE_OVER"
LARGE_OVER = 50_000


def large_over() -> int:
    """How many activities make the layer large: ``$GEO_STORE_LARGE_OVER``, else 50,000."""
    try:
        return int(os.environ.get(LARGE_ENV) or LARGE_OVER)
    except ValueError:
        return LARGE_OVER


def _where(filters: Filters) -> tuple[str, dict]:
    """The SQL condition of the activities ``filters`` show (see Filters.apply)."""
    clauses, params = ["TRUE"], {}
    if filters.projects:
        clauses.append("project_ids && CAST(:projects AS text[])")
        params["projects"] = list(filters.projects)
    if filters.years:
        # An activity belongs to the years of its dates: those of its ISO dates' first 4 digits.
        clauses.append("left(start_date, 4)::int <= :last AND left(end_date, 4)::int >= :first")
        params["first"], params["last"] = filters.years
    return " AND ".join(clauses), params


def event_counts(conn: Connection, filters: Filters) -> tuple[int, int]:
    """How many activities ``filters`` show, and how many of them have no place."""
    where, params = _where(filters)
    row = conn.execute(
        text(f"SELECT count(*), count(*) FILTER (WHERE geom IS NULL) FROM events WHERE {where}"),
        params,
    ).one()
    return int(row[0]), int(row[1])


def event_cells(
    conn: Connection, filters: Filters, lang: str = "en", cell: float = CELL_DEGREES
) -> gpd.GeoDataFrame:
    """One row per grid cell of the activities ``filters`` show, grouped in SQL.

    The columns of :func:`geo.render.aggregate.aggregate_events` (``id``, ``count``,
    ``project``, ``titles``, the mean position), plus what the pages read of an activity:
    ``project_ids`` (``[project]``, for the legend), ``start_date`` and ``end_date`` (the
    earliest and latest of the cell's), and, set by :meth:`LargeEvents.narrow`, ``name``
    ("N activities"). A MultiPoint counts at each of its places, as on the map.
    """
    where, params = _where(filters)
    title = (
        "name"
        if lang not in LANGUAGES or lang == "en"
        else f"coalesce(nullif(btrim(name_{lang}), ''), name)"
    )
    rows = conn.execute(
        text(
            f"""
            WITH pts AS (
                SELECT ord, project_ids[1] AS project, {title} AS title, start_date, end_date,
                       (ST_Dump(geom)).path AS part, (ST_Dump(geom)).geom AS pt
                FROM events WHERE geom IS NOT NULL AND {where}
            )
            SELECT floor(ST_X(pt) / :cell)::int AS i, floor(ST_Y(pt) / :cell)::int AS j,
                   count(*) AS n, avg(ST_X(pt)) AS x, avg(ST_Y(pt)) AS y,
                   mode() WITHIN GROUP (ORDER BY project) AS project,
                   min(start_date) AS start_date, max(end_date) AS end_date,
                   (array_agg(title ORDER BY ord, part))[1:{LISTED}] AS titles
            FROM pts GROUP BY 1, 2 ORDER BY 1, 2
            """
        ),
        {**params, "cell": cell},
    ).all()
    return gpd.GeoDataFrame(
        {
            "id": [f"cell-{r.i}:{r.j}" for r in rows],
            "count": [int(r.n) for r in rows],
            "project": [r.project for r in rows],
            "titles": [list(r.titles) for r in rows],
            "project_ids": [[r.project] for r in rows],
            "start_date": [r.start_date for r in rows],
            "end_date": [r.end_date for r in rows],
        },
        geometry=[Point(r.x, r.y) for r in rows],
        crs=CRS,
    )


@dataclass
class LargeEvents:
    """The activity layer of one stored version, asked per view (a few views cached)."""

    engine: Engine
    version: int | None
    total: int
    _cache: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def narrow(self, sel):
        """``sel`` (a :class:`~geo.view.selection.Selection`) with its activities from SQL.

        Its events layer becomes the grid cells of the activities it shows, its key
        figures count them; the one-by-one list (timeline, presenter steps) is left empty:
        at this size the map's cells and the downloads are how they are read.
        """
        if "events" not in sel.layers:
            return sel
        key = (sel.view.filters, sel.lang)
        with self._lock:
            found = self._cache.get(key)
        if found is None:
            with snapshot(self.engine) as conn:
                found = (
                    event_cells(conn, sel.view.filters, sel.lang),
                    *event_counts(conn, sel.view.filters),
                )
            with self._lock:
                self._cache[key] = found
                while len(self._cache) > 16:
                    self._cache.popitem(last=False)
        cells, count, unplaced = found
        cells = cells.assign(
            name=[sel.t("{count} activities").format(count=n) for n in cells["count"]]
        )
        layers = {n: cells if n == "events" else sel.layers[n] for n in LAYERS if n in sel.layers}
        figures = replace(sel.figures, events=count, events_unplaced=unplaced)
        return replace(sel, layers=layers, figures=figures, events=())
