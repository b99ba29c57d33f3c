"""The steps of a briefing: the filtered activities in date order."""

from __future__ import annotations

import geopandas as gpd

from geo import dates


def briefing_steps(events: gpd.GeoDataFrame) -> list[dict]:
    """Activities in date order (then by id), as dicts with their geometry.

    Step 0 of a briefing is the opening; step ``n`` shows ``briefing_steps(...)[n - 1]``.
    """
    rows = events.to_dict("records")
    return sorted(rows, key=lambda r: (dates.first_day(r["start_date"]), r["id"]))
