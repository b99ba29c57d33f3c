"""The events as a timeline chart (Altair, drawn by the app's bundled Vega) and a table."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import geopandas as gpd
import pandas as pd

from geo import dates, style
from geo.popups import date_range, localized, safe_url


def timeline_frame(events: gpd.GeoDataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, project) with start and end days, for the chart."""
    names = dict(zip(projects["id"], projects["short_name"], strict=True))
    rows = []
    for ev in events.itertuples():
        for pid in ev.project_ids:
            rows.append(
                {
                    "id": ev.id,
                    "title": ev.name,
                    "project": names.get(pid, pid),
                    "start": pd.Timestamp(dates.first_day(ev.start_date)),
                    "end": pd.Timestamp(dates.last_day(ev.end_date)),
                    "dates": date_range(ev.start_date, ev.end_date),
                    "place": ev.place or "not stated",
                }
            )
    return pd.DataFrame(rows, columns=["id", "title", "project", "start", "end", "dates", "place"])


def timeline_chart(events: gpd.GeoDataFrame, projects: pd.DataFrame) -> alt.Chart:
    """Events by date (x) and project (row), coloured like the map."""
    frame = timeline_frame(events, projects)
    order = [n for n in projects["short_name"] if n in set(frame["project"])]
    colours = style.project_colours(list(projects["id"]))
    palette = [
        colours[pid]
        for pid, n in zip(projects["id"], projects["short_name"], strict=True)
        if n in order
    ]
    return (
        alt.Chart(frame)
        .mark_point(size=140, filled=True, opacity=0.9)
        .encode(
            x=alt.X("start:T", title="Date"),
            y=alt.Y("project:N", title=None, sort=order),
            color=alt.Color("project:N", scale=alt.Scale(domain=order, range=palette), legend=None),
            tooltip=[
                alt.Tooltip("title:N", title="Activity"),
                alt.Tooltip("dates:N", title="Date"),
                alt.Tooltip("place:N", title="Place"),
                alt.Tooltip("project:N", title="Project"),
            ],
        )
        .properties(height=60 + 50 * max(len(order), 1))
    )


def timeline_table(
    events: gpd.GeoDataFrame, project_names: Mapping[str, str], lang: str = "en"
) -> pd.DataFrame:
    """The events in date order, with place, projects and source (links only if http/https)."""
    rows = []
    for ev in events.sort_values("start_date").itertuples():
        row = ev._asdict()
        rows.append(
            {
                "date": date_range(ev.start_date, ev.end_date),
                "activity": localized(row, "name", lang),
                "place": localized(row, "place", lang) or "not stated",
                "projects": ", ".join(project_names.get(p, p) for p in ev.project_ids),
                "source": ev.source,
                "source_url": safe_url(ev.source_url),
            }
        )
    return pd.DataFrame(
        rows, columns=["date", "activity", "place", "projects", "source", "source_url"]
    )
