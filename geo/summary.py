"""Figures and tables the pages show: key figures, hub report, project cards."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from geo.i18n import format_number, format_period
from geo.popups import localized

_GEOD = Geod(ellps="WGS84")


def key_figures(layers: Mapping[str, gpd.GeoDataFrame], projects: pd.DataFrame) -> dict:
    """Counts and budgets for the current filters.

    ``budgets`` maps a currency to the summed budget of the selected projects
    that state one; projects without a stated budget are counted apart.
    """
    countries = sorted({c for cs in projects["countries"] for c in cs})
    events = layers["events"]
    placed = int((events.geometry.notna() & ~events.geometry.is_empty).sum()) if len(events) else 0
    budgets: dict[str, float] = {}
    for row in projects.itertuples():
        if row.budget is not None and row.currency:
            budgets[row.currency] = budgets.get(row.currency, 0.0) + float(row.budget)
    return {
        "projects": len(projects),
        "countries": len(countries),
        "hubs": len(layers["hubs"]),
        "route_legs": len(layers["routes"]),
        "routes": layers["routes"]["route_id"].nunique() if len(layers["routes"]) else 0,
        "events": len(events),
        "events_unplaced": len(events) - placed,
        "budgets": budgets,
        "budget_unknown": int(projects["budget"].isna().sum()),
    }


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance on the WGS84 ellipsoid, in km.

    >>> round(distance_km(13.1875, 32.8752, 31.2497, 30.0626))  # Tripoli to Cairo
    1742
    """
    return _GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


def hub_report(
    hubs: gpd.GeoDataFrame,
    routes: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    project_names: Mapping[str, str],
    lang: str = "en",
    nearest: int = 3,
) -> pd.DataFrame:
    """For each hub: routes through it, projects naming it, nearest activities and distance."""
    rows = []
    # Every point of every placed activity, once, as arrays for the vectorised distances.
    points = events[events.geometry.notna() & ~events.geometry.is_empty].explode(index_parts=False)
    lon, lat = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    for hub in hubs.itertuples():
        through = routes[routes["hub_ids"].map(lambda ids, h=hub.id: h in (ids or []))]
        km = (
            _GEOD.inv(
                np.full(len(lon), hub.geometry.x), np.full(len(lat), hub.geometry.y), lon, lat
            )[2]
            / 1000.0
        )
        # A MultiPoint activity counts once, at its nearest point.
        best = pd.Series(km, index=points.index).groupby(level=0).min().nsmallest(nearest)
        nearest_rows = [(d, events.loc[i].to_dict()) for i, d in best.items()]
        rows.append(
            {
                "id": hub.id,
                "hub": localized(hub._asdict(), "name", lang),
                "routes": sorted(
                    {localized(r, "route_name", lang) for r in through.to_dict("records")}
                ),
                "projects": [project_names.get(p, p) for p in hub.project_ids],
                "nearest_km": round(nearest_rows[0][0]) if nearest_rows else None,
                "nearest_activities": [
                    f"{localized(e, 'name', lang)} "
                    f"({format_period(e['start_date'], e['end_date'], lang)}, "
                    f"{format_number(round(d), lang)} km)"
                    for d, e in nearest_rows
                ],
            }
        )
    return pd.DataFrame(
        rows, columns=["id", "hub", "routes", "projects", "nearest_km", "nearest_activities"]
    )
