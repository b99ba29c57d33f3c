"""The events as a timeline chart (Altair, drawn by the app's bundled Vega) and a table."""

from __future__ import annotations

import altair as alt
import pandas as pd
from babel import Locale

from geo.data import dates
from geo.i18n import Translate, localized
from geo.layers import SHOWN
from geo.layers.spec import TABLE, shown_in
from geo.render import style
from geo.render.described import activity_date, activity_place, safe_url, value
from geo.view.selection import Selection

POINTS_MAX = 1000  # past this, one mark per activity is unreadable (and Altair refuses 5,000+)


def timeline_frame(sel: Selection) -> pd.DataFrame:
    """One row per (activity, project) with start and end days, for the chart."""
    names, lang, t = sel.project_names, sel.lang, sel.t
    rows = []
    for ev in sel.events:
        for pid in ev["project_ids"]:
            rows.append(
                {
                    "id": ev["id"],
                    "title": localized(ev, "name", lang),
                    "project": names.get(pid, pid),
                    "start": pd.Timestamp(dates.first_day(ev["start_date"])),
                    "end": pd.Timestamp(dates.last_day(ev["end_date"])),
                    "dates": activity_date(ev, lang, t),
                    "place": activity_place(ev, sel),
                }
            )
    return pd.DataFrame(rows, columns=["id", "title", "project", "start", "end", "dates", "place"])


def vega_locale(lang: str) -> dict:
    """Vega's number and time-format locale for ``lang``, from Babel's CLDR data.

    Vega names months and days on a time axis in English unless the spec carries its
    language (``config.locale``): d3-format's and d3-time-format's locale objects. Days run
    from Sunday, as d3 wants; digits are Latin, as Babel writes them for all three languages.

    >>> vega_locale("fr")["time"]["months"][9], vega_locale("ar")["time"]["days"][0]
    ('octobre', 'الأحد')
    """
    loc = Locale.parse(lang)
    symbols = loc.number_symbols["latn"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday (0)

    def names(table: dict, n: int, start: int = 0) -> list[str]:
        return [table[i] for i in (sunday_first if n == 7 else range(start, start + n))]

    periods = loc.day_periods["format"]["abbreviated"]
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            "dateTime": "%x %X",
            "date": "%d/%m/%Y",
            "time": "%H:%M:%S",
            "periods": [periods["am"], periods["pm"]],
            "days": names(loc.days["format"]["wide"], 7),
            "shortDays": names(loc.days["format"]["abbreviated"], 7),
            "months": names(loc.months["stand-alone"]["wide"], 12, start=1),
            "shortMonths": names(loc.months["stand-alone"]["abbreviated"], 12, start=1),
        },
    }


def timeline_chart(sel: Selection) -> alt.Chart:
    """Activities by date (x) and project (row), coloured like the map."""
    frame = timeline_frame(sel)
    t, names, projects = sel.t, sel.project_names, sel.all_projects
    colours = style.project_colours(list(projects["id"]))
    used = [pid for pid in projects["id"] if names[pid] in set(frame["project"])]
    order = [names[pid] for pid in used]
    palette = [colours[pid] for pid in used]
    if len(frame) > POINTS_MAX:
        chart = _monthly_chart(frame, order, palette, t)
    else:
        chart = _dot_chart(frame, order, palette, t)
    return chart.configure(locale=vega_locale(sel.lang))


def _dot_chart(frame: pd.DataFrame, order, palette, t: Translate) -> alt.Chart:
    """One dot per activity and project, a row per project."""
    return (
        alt.Chart(frame)
        .mark_point(size=140, filled=True, opacity=0.9)
        .encode(
            x=alt.X("start:T", title=t("Date")),
            y=alt.Y("project:N", title=None, sort=order, axis=alt.Axis(labelLimit=320)),
            color=alt.Color("project:N", scale=alt.Scale(domain=order, range=palette), legend=None),
            tooltip=[
                alt.Tooltip("title:N", title=t("Activity")),
                alt.Tooltip("dates:N", title=t("Date")),
                alt.Tooltip("place:N", title=t("Place")),
                alt.Tooltip("project:N", title=t("Project")),
            ],
        )
        .properties(height=60 + 50 * max(len(order), 1))
    )


def _monthly_chart(frame: pd.DataFrame, order, palette, t: Translate) -> alt.Chart:
    """Too many activities for one mark each: counts per month and project."""
    monthly = (
        frame.assign(month=frame["start"].dt.to_period("M").dt.to_timestamp())
        .groupby(["month", "project"], as_index=False)
        .size()
    )
    return (
        alt.Chart(monthly)
        .mark_bar()
        .encode(
            x=alt.X("month:T", title=t("Date")),
            y=alt.Y("size:Q", title=t("Activities"), stack=True),
            color=alt.Color("project:N", scale=alt.Scale(domain=order, range=palette)),
            tooltip=[
                alt.Tooltip("month:T", title=t("Date"), format="%Y-%m"),
                alt.Tooltip("project:N", title=t("Project")),
                alt.Tooltip("size:Q", title=t("Activities")),
            ],
        )
        .properties(height=260)
    )


def timeline_table(sel: Selection) -> pd.DataFrame:
    """The activities in date order: the table's columns (geo/layers/events.py), the source.

    The source is linked only if its address is http or https.
    """
    t = sel.t
    shown = shown_in(SHOWN["events"], TABLE)
    columns = [t(c.label) for c in shown] + [t("Source")]
    rows = [
        {
            **{t(c.label): value(c, ev, sel)[0] for c in shown},
            t("Source"): ev["source"],
            "source_url": safe_url(ev["source_url"]),
            "id": ev["id"],
        }
        for ev in sel.events
    ]
    return pd.DataFrame(rows, columns=[*columns, "source_url", "id"])
