"""Play through the years: what the map shows in each year of the view, for the browser.

The map is drawn once with every feature of the view; :func:`year_states` says, for each
year from the view's first to its last, which of them that year's filter shows (by the
same rules as the year filter: :meth:`geo.view.filters.Filters.apply`) and the colour of
each covered country by the projects active then. ``GeoMap.years`` (geomap.js) hides and
shows features by it, so a year's step moves the map without a new one being drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from geo.data import dates
from geo.data.io import placed, records
from geo.render import style
from geo.render.aggregate import AGGREGATE_OVER, is_grouped
from geo.render.framing import place_name
from geo.view.filters import Filters
from geo.view.selection import Selection

MAX_YEARS = 40  # a view of many decades plays its last forty years


def play_years(sel: Selection) -> range:
    """The years a play of ``sel`` steps through: those chosen, else those its data dates.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.urlstate import ViewState
    >>> from geo.view.selection import select
    >>> years = play_years(select(load_dataset(), ViewState(Filters((), (2019, 2021)))))
    >>> list(years)
    [2019, 2020, 2021]
    """
    if sel.view.filters.years:
        first, last = sel.view.filters.years
        return range(first, last + 1)
    found: list[int] = []
    for start, end in zip(sel.projects["start_date"], sel.projects["end_date"], strict=True):
        found += _span(start, end)
    events = sel.layer("events")
    for start, end in zip(events["start_date"], events["end_date"], strict=True):
        found += _span(start, end)
    routes = sel.layer("routes")
    if "observed_from" in routes:
        for start, end in zip(routes["observed_from"], routes["observed_to"], strict=True):
            found += _span(start, end)
    if not found:
        return range(0)
    last = min(max(found), dt.date.today().year)
    return range(max(min(found), last - MAX_YEARS + 1), last + 1)


def _span(start, end) -> list[int]:
    years = []
    for value in (start, end):
        if isinstance(value, str) and value[:4].isdigit():
            years.append(dates.first_day(value).year)
    return years


def year_states(sel: Selection, also: Iterable[int] = ()) -> dict:
    """For each year of :func:`play_years`, the ids the map shows then, by layer.

    ``also``: years a briefing steps to, wherever they fall (a year no source dates shows
    nothing). ``{"years": [first, ..., last], "shown": {"2020": {"hubs": [...], "routes": [...],
    "events": [...], "places": [...], "coverage": {iso3: colour}}}}``; a layer the view
    does not draw is left out, and so are activities drawn in grid cells. Hubs, legs and
    activities by their ``id``; the places named by their name; countries by ISO3 code.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.urlstate import ViewState
    >>> from geo.view.selection import select
    >>> states = year_states(select(load_dataset(), ViewState(Filters((), (2008, 2008)))))
    >>> states["years"], sorted(states["shown"]["2008"]["coverage"])
    ([2008], ['DZA', 'EGY', 'LBY', 'MAR', 'TUN'])
    >>> far = year_states(select(load_dataset(), ViewState()), also=[1990])  # a briefing's year
    >>> far["shown"]["1990"]["hubs"], far["shown"]["1990"]["coverage"]
    ([], {})
    """
    years = play_years(sel)
    extra = sorted(set(also) - set(years))
    projects = sel.all_projects
    # Activities drawn one by one; in grid cells (a large store) a year shows none of them:
    # a cell counts every year's.
    events = placed(sel.layer("events"))
    listed = len(events) <= AGGREGATE_OVER and not is_grouped(events)
    chosen = sel.view.filters.projects
    shown: dict[str, dict] = {}
    for year in [*years, *extra]:
        at = Filters(chosen, (year, year))
        state: dict = {}
        for name in ("hubs", "routes"):
            if name in sel.layers:
                state[name] = at.apply(name, sel.layers[name], projects)["id"].tolist()
        if "events" in sel.layers and listed:
            events = at.apply("events", sel.layers["events"], projects)
            state["events"] = events["id"].tolist()
            # The places the map names, as GeoMap.labels has them (place labels' ids).
            state["places"] = sorted({place_name(r, sel) for r in records(events)} - {""})
        if "coverage" in sel.layers:
            covered = at.apply("coverage", sel.layers["coverage"], projects)
            counts = covered.groupby("iso3")["project_id"].nunique() if len(covered) else {}
            state["coverage"] = {iso3: style.coverage_colour(n) for iso3, n in counts.items()}
        shown[str(year)] = state
    return {"years": list(years), "shown": shown}
