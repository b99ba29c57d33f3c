"""The seeds' figures as sourced key figures of a view: value, what it counts, where, when, source.

The figures table (``data/figures.csv``) holds every figure the seed documents state, each
with the sentence that states it. :func:`sourced_figures` gives those of a view's years, in
the view's language, ready for a page, the briefing sheet or a download's README.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from geo.data import dates
from geo.i18n import N_, Translate, format_money, format_number, format_period, localized
from geo.view.filters import Filters

# How each unit reads after the number; currencies are written by Babel.
UNIT_TEXT = {
    "people": N_("{value} people"),
    "people per year": N_("{value} people a year"),
    "percent": N_("{value}%"),
    "rank": N_("rank {value}"),
    "countries": N_("{value} countries"),
    "cities": N_("{value} cities"),
    "years": N_("{value} years"),
}
# The source's own hedge, kept with the value: "around 300,000" is not 300,000.
QUALIFIER_TEXT = {
    "about": N_("about {value}"),
    "at least": N_("at least {value}"),
    "up to": N_("up to {value}"),
}


@dataclass(frozen=True)
class SourcedFigure:
    """One figure as a reader sees it, with where it comes from."""

    id: str
    value: str  # the number with its unit, in the language
    what: str
    place: str
    when: str  # the date or period it refers to; empty when the source gives none
    source: str
    source_url: str | None
    quote: str
    iso3: str = ""  # the country it is about; empty for a region or no place


# The figures that count migrants and the places on their way: what the routes page shows
# beside the routes (tests check each id is in data/figures.csv).
MIGRATION_FIGURES = frozenset(
    {
        "fig-africans-to-europe-per-year",
        "fig-bgd-migrants-libya-2022",
        "fig-bgd-share-libya-2022",
        "fig-bgd-rank-libya-2022",
        "fig-key-hub-cities",
    }
)


def figures_about(
    figures: Iterable[SourcedFigure],
    countries: Iterable[str] | None = None,
    ids: Iterable[str] | None = None,
) -> list[SourcedFigure]:
    """The figures about one of ``countries`` (ISO3) or named in ``ids``; all when both are None.

    >>> figs = [SourcedFigure("a", "1", "", "", "", "", None, "", iso3="LBY"),
    ...         SourcedFigure("b", "2", "", "", "", "", None, "")]
    >>> [f.id for f in figures_about(figs, countries=["LBY"])]
    ['a']
    >>> [f.id for f in figures_about(figs, ids={"b"})]
    ['b']
    """
    figures = list(figures)
    if countries is None and ids is None:
        return figures
    countries, ids = set(countries or ()), set(ids or ())
    return [f for f in figures if f.id in ids or (f.iso3 and f.iso3 in countries)]


def figure_value(row: dict, lang: str, t: Translate) -> str:
    """The value with its unit, in ``lang`` (a range when the source gives one).

    >>> figure_value({"value": 21653.0, "unit": "people"}, "en", lambda s: s)
    '21,653 people'
    >>> figure_value({"value": 75.0, "value_max": 80.0, "unit": "percent"}, "en", lambda s: s)
    '75–80%'
    >>> figure_value({"value": 15000000.0, "unit": "EUR"}, "en", lambda s: s)
    '€15,000,000'
    >>> figure_value({"value": 3e5, "unit": "people per year", "qualifier": "about"}, "en",
    ...     lambda s: s)
    'about 300,000 people a year'
    """
    unit, low, high = row["unit"], row["value"], row.get("value_max")
    if unit in ("EUR", "USD"):
        text = format_money(low, unit, lang)
    else:
        number = format_number(low, lang)
        if isinstance(high, (int, float)) and not pd.isna(high) and high != low:
            number = f"{number}–{format_number(high, lang)}"
        text = t(UNIT_TEXT.get(unit, "{value}")).format(value=number)
    qualifier = row.get("qualifier")
    if isinstance(qualifier, str) and qualifier in QUALIFIER_TEXT:
        text = t(QUALIFIER_TEXT[qualifier]).format(value=text)
    return text


def figures_of_years(
    figures: pd.DataFrame, filters: Filters, projects: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The rows of the figures table the view shows (undated ones in every year).

    A figure belongs to the years of its dates. With projects chosen (``projects``, the
    projects table), a figure the source ties to projects (``project_ids``) shows for them
    only; a context figure (no ``project_ids``) shows when its dates fall in the years of a
    chosen project: the 2022 count of Bangladeshis in Libya is no part of a 2007-2012 project.
    """
    if figures.empty or (not filters.years and not (filters.projects and projects is not None)):
        return figures
    if filters.projects and projects is not None:
        chosen = filters.selected_projects(projects)
        windows = [(row.id, *filters.project_window(row)) for row in chosen.itertuples()]
    else:
        windows = [(None, *filters.years)]

    def shown(row) -> bool:
        ids = row.get("project_ids") if isinstance(row.get("project_ids"), list) else []
        start, end = row.get("start_date"), row.get("end_date")
        for pid, first, last in windows:
            if ids and pid is not None and pid not in ids:
                continue
            if not isinstance(start, str):
                return True
            end = end if isinstance(end, str) else start
            if dates.first_day(start).year <= last and dates.last_day(end).year >= first:
                return True
        return False

    return figures[[shown(row) for row in figures.to_dict("records")]]


def sourced_figures(
    figures: pd.DataFrame,
    filters: Filters,
    lang: str,
    t: Translate = lambda s: s,
    projects: pd.DataFrame | None = None,
) -> list[SourcedFigure]:
    """The figures the view shows (:func:`figures_of_years`), in ``lang``."""
    out = []
    for row in figures_of_years(figures, filters, projects).to_dict("records"):
        start, end = row.get("start_date"), row.get("end_date") or row.get("start_date")
        url = row.get("source_url")
        out.append(
            SourcedFigure(
                id=row["id"],
                value=figure_value(row, lang, t),
                what=localized(row, "what", lang),
                place=localized(row, "place", lang) if row.get("place") else "",
                when=format_period(start, end, lang) if isinstance(start, str) else "",
                source=row["source"],
                source_url=url if isinstance(url, str) and url else None,
                quote=row["source_quote"],
                iso3=row["iso3"] if isinstance(row.get("iso3"), str) else "",
            )
        )
    return out
