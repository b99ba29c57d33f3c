"""The hub report of the Routes page: routes through each hub and its nearest activities."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod

from geo.data.io import placed
from geo.i18n import format_number, format_period, localized
from geo.view.selection import Selection

_GEOD = Geod(ellps="WGS84")


def hub_report(sel: Selection, routes: gpd.GeoDataFrame, nearest: int = 3) -> pd.DataFrame:
    """For each hub shown: the ``routes`` through it, projects naming it, nearest activities.

    Distances are on the WGS84 ellipsoid, to the activities ``sel`` shows.
    """
    hubs, events = sel.layer("hubs"), sel.layer("events")
    project_names, lang = sel.project_names, sel.lang
    rows = []
    # Every point of every placed activity, once, as arrays for the vectorised distances.
    points = placed(events)
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
