"""What one view shows, chosen once: the filtered layers, projects, names, caption, sources.

:func:`select` is the single step between the data and everything drawn from it: the
pages, the maps, the map file, the printed PNG and PDF, the ZIP, the CLI's ``export``
and presenter mode all take the :class:`Selection` it returns, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import geopandas as gpd
import pandas as pd

from geo.data import dates
from geo.data.dataset import Dataset
from geo.data.io import empty_layer, has_place
from geo.data.schema import LAYERS, SPECS
from geo.data.validate import named_sources
from geo.i18n import Translate, localized, short_names, translator
from geo.view.figures import SourcedFigure, figures_of_years, sourced_figures
from geo.view.urlstate import ViewState


class Source(NamedTuple):
    """A document the data shown comes from, and its address when it has one."""

    title: str
    url: str | None


@dataclass(frozen=True)
class KeyFigures:
    """Counts and budgets of a view.

    ``budgets`` maps a currency to the summed budget of the selected projects that state
    one; ``budget_unknown`` counts those that state none.
    """

    projects: int
    countries: int
    hubs: int
    route_legs: int
    routes: int
    events: int
    events_unplaced: int
    budgets: Mapping[str, float]
    budget_unknown: int


@dataclass(frozen=True)
class Selection:
    """Everything a view shows, in the view's language.

    ``layers`` holds the shown layers only, filtered, in :data:`geo.data.schema.LAYERS`
    order; ``projects`` the selected projects (chosen and active in the years) and
    ``all_projects`` the whole table, which keeps each project's colour and name stable
    whatever the filters. ``events`` are the shown activities in the one date order that
    the presenter's steps, the timeline table and the printed sheet share.
    ``source_figures`` are the seeds' figures of the chosen years, each with its source;
    ``tables`` their rows (``figures``) and the dated sources the shown legs and hubs name
    (``sources``), as the data files hold them.
    """

    view: ViewState
    layers: Mapping[str, gpd.GeoDataFrame]
    projects: pd.DataFrame
    all_projects: pd.DataFrame
    project_names: Mapping[str, str]
    country_names: Mapping[str, str]
    caption: str
    sources: tuple[Source, ...]
    figures: KeyFigures
    events: tuple[dict, ...]
    source_figures: tuple[SourcedFigure, ...] = ()
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict, compare=False, repr=False)
    t: Translate = field(default=lambda s: s, compare=False, repr=False)

    @property
    def lang(self) -> str:
        """The interface language."""
        return self.view.lang

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """The shown features of layer ``name``; an empty layer when it is hidden."""
        if name in self.layers:
            return self.layers[name]
        return empty_layer(SPECS[name])

    def only(self, names: Iterable[str]) -> Selection:
        """The same view with only the layers ``names`` (those the view shows).

        A page's map draws some layers; its caption, projects and figures stay the view's.
        """
        wanted = set(names)
        kept = {k: v for k, v in self.layers.items() if k in wanted}
        events = self.events if "events" in kept else ()
        return replace(self, layers=kept, events=events)

    @property
    def source_titles(self) -> list[str]:
        """The titles of the sources, in order."""
        return [s.title for s in self.sources]


def select(data: Dataset, view: ViewState, t: Translate | None = None) -> Selection:
    """Choose what ``view`` shows of ``data``.

    Parameters
    ----------
    data : Dataset
        The validated data (its sound features).
    view : ViewState
        Filters, layers and language, as read from a URL.
    t : callable, optional
        Translates interface strings; by default the catalog of ``view.lang``.

    Examples
    --------
    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.filters import Filters
    >>> sel = select(load_dataset(), ViewState(Filters((), (2008, 2008)), layers=("coverage",)))
    >>> sel.caption, list(sel.layers), sorted(sel.layers["coverage"]["iso3"])
    ('All projects, in 2008', ['coverage'], ['DZA', 'EGY', 'LBY', 'MAR', 'TUN'])
    """
    t = t or translator(view.lang)
    filters = view.filters
    layers = {
        name: filters.apply(name, data.layer(name), data.projects)
        for name in LAYERS
        if name in view.layers
    }
    projects = filters.selected_projects(data.projects)
    names = short_names(data.projects, view.lang)
    events = layers.get("events", empty_layer(SPECS["events"]))
    sel = Selection(
        view=view,
        layers=layers,
        projects=projects,
        all_projects=data.projects,
        project_names=names,
        country_names=country_names(data.basemap, view.lang),
        caption=filters.describe(names, t),
        sources=_sources([projects, *layers.values()]),
        figures=key_figures(layers, projects),
        events=tuple(in_date_order(events)),
        source_figures=tuple(
            sourced_figures(data.table("figures"), filters, view.lang, t, data.projects)
        ),
        tables=_tables(data, layers, filters),
        t=t,
    )
    # A layer too large to read whole stays in the store: filtered and grouped in SQL.
    for large in data.large.values():
        sel = large.narrow(sel)
    return sel


def _tables(data: Dataset, layers: Mapping[str, gpd.GeoDataFrame], filters) -> dict:
    named: set[str] = set()
    for row in layers.get("routes", empty_layer(SPECS["routes"])).to_dict("records"):
        named.update(named_sources(row))
    for row in layers.get("hubs", empty_layer(SPECS["hubs"])).to_dict("records"):
        named.update(row.get("role_sources") or [])
    sources = data.table("sources")
    return {
        "figures": figures_of_years(data.table("figures"), filters, data.projects),
        "sources": sources[sources["url"].isin(named)],
    }


def country_names(basemap: gpd.GeoDataFrame, lang: str) -> dict[str, str]:
    """Each country's name in ``lang``, by ISO3 code."""
    return {
        r["iso3"]: localized(r, "name", lang)
        for r in basemap.to_dict("records")
        if r.get("iso3") and r.get("name")
    }


def in_date_order(events: gpd.GeoDataFrame) -> list[dict]:
    """Activities as dicts (with their geometry) by start, then end, then id.

    >>> rows = gpd.GeoDataFrame({"id": ["b", "a", "c"],
    ...     "start_date": ["2022-09", "2022-09-01", "2021"], "end_date": ["2022-09"] * 3})
    >>> [r["id"] for r in in_date_order(rows)]
    ['c', 'a', 'b']
    """
    return sorted(
        events.to_dict("records"),
        key=lambda r: (dates.first_day(r["start_date"]), dates.last_day(r["end_date"]), r["id"]),
    )


def key_figures(layers: Mapping[str, gpd.GeoDataFrame], projects: pd.DataFrame) -> KeyFigures:
    """Counts and budgets of the shown layers and the selected projects."""
    empty = gpd.GeoDataFrame({"route_id": []}, geometry=[])
    events = layers.get("events", empty)
    routes = layers.get("routes", empty)
    budgets: dict[str, float] = {}
    for row in projects.itertuples():
        if row.budget is not None and row.currency:
            budgets[row.currency] = budgets.get(row.currency, 0.0) + float(row.budget)
    return KeyFigures(
        projects=len(projects),
        countries=len({c for cs in projects["countries"] for c in cs}),
        hubs=len(layers.get("hubs", empty)),
        route_legs=len(routes),
        routes=routes["route_id"].nunique() if len(routes) else 0,
        events=len(events),
        events_unplaced=int((~has_place(events)).sum()) if len(events) else 0,
        budgets=budgets,
        budget_unknown=int(projects["budget"].isna().sum()),
    )


def _sources(frames: Iterable[pd.DataFrame]) -> tuple[Source, ...]:
    found: dict[str, str | None] = {}
    for frame in frames:
        if "source" not in frame:
            continue
        urls = frame["source_url"] if "source_url" in frame else [None] * len(frame)
        for title, url in zip(frame["source"], urls, strict=True):
            if isinstance(title, str) and title and not found.get(title):
                found[title] = url if isinstance(url, str) and url else None
    return tuple(Source(title, found[title]) for title in sorted(found))
