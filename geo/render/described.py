"""What readers see of a feature, line by line: each layer's ``SHOWN`` (geo.layers), written.

A layer's module says which lines its popup, details panel, list item, presenter's card and
printed row show, and how each value reads (``how``); here each ``how`` is written in the
view's language, once for every output. :func:`lines` gives an output its lines of one
feature: (label, value, the value's language), empty values left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from geo.data.schema import SOURCE_LANGUAGE
from geo.i18n import N_, Translate, comma, format_number, format_period, localized, localized_in
from geo.layers import SHOWN
from geo.layers.spec import Shown
from geo.view.filters import leg_years
from geo.view.selection import Selection
from geo.view.steps import on_basis, step_place


def safe_url(url: Any) -> str | None:
    """``url`` when it is an http(s) address, else ``None`` (no ``javascript:`` links).

    >>> safe_url("https://www.unodc.org/x"), safe_url("javascript:alert(1)")
    ('https://www.unodc.org/x', None)
    """
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def activity_date(row: Mapping[str, Any], lang: str, t: Translate) -> str:
    """An activity's date as its source gives it: its own period, or the day it was reported.

    >>> activity_date({"start_date": "2021-09-07", "end_date": "2021-09-07",
    ...     "date_basis": "publication"}, "en", lambda s: s)
    'reported on Sep 7, 2021'
    >>> activity_date({"start_date": "2022-09", "end_date": "2022-09",
    ...     "date_basis": "event"}, "en", lambda s: s)
    'Sep 2022'
    """
    period = format_period(row.get("start_date"), row.get("end_date"), lang)
    if period and row.get("date_basis") == "publication":
        return t("reported on {date}").format(date=period)
    return period


def observed_years(row: Mapping[str, Any]) -> str:
    """The years a route leg's sources describe, e.g. ``2012–2023`` (empty when unknown).

    >>> observed_years({"observed_from": 2023, "observed_to": 2023})
    '2023'
    """
    first, last = row.get("observed_from"), row.get("observed_to")
    if not isinstance(first, int) or not isinstance(last, int):
        return ""
    return str(first) if first == last else f"{first}–{last}"


def designated(row: Mapping[str, Any], lang: str, t: Translate) -> str:
    """When a hub's choice was reported, as its source dates it (empty when not stated).

    >>> designated({"designated": "2021-09-07", "designated_basis": "publication"}, "en",
    ...     lambda s: s)
    'reported on Sep 7, 2021'
    """
    day = row.get("designated")
    if not isinstance(day, str) or not day:
        return ""
    basis = row.get("designated_basis") or "event"
    return activity_date({"start_date": day, "end_date": day, "date_basis": basis}, lang, t)


def activity_place(row: Mapping, sel: Selection) -> str:
    """Where an activity took place, as precisely as its source says.

    The venue city and its country; "reported from" a city that only the story's dateline
    names (geo.view.steps.on_basis); the country alone ("country only") when the source
    names no city; "not stated" when it names no place.
    """
    t = sel.t
    place = localized(row, "place", sel.lang)
    country = sel.country_names.get(row.get("iso3"), row.get("iso3"))
    if place and country:
        return on_basis(f"{place} ({country})", row, t)
    if place:
        return on_basis(place, row, t)
    if country and row.get("location_precision") == "country":
        return f"{country} ({t('country only')})"
    return t("not stated")


def leg_years_text(row: Mapping[str, Any], t: Translate, lang: str = "en") -> str:
    """When a route leg shows: its own sources' years, else why and when it shows.

    >>> leg_years_text({"observed_from": 2012, "observed_to": 2014}, lambda s: s)
    '2012–2014'
    >>> leg_years_text({"confidence": "indicative", "route_years": [2006, 2024]}, lambda s: s)
    'not dated: shown in the years its route is dated (2006, 2024)'
    >>> leg_years_text({"confidence": "documented", "route_years": [2006]}, lambda s: s)
    'not dated: shown only when no years are chosen'
    """
    own = observed_years(row)
    if own:
        return own
    years = leg_years(row)
    if not years:
        return t("not dated: shown only when no years are chosen")
    return t("not dated: shown in the years its route is dated ({years})").format(
        years=comma(lang).join(str(y) for y in years)
    )


PRECISION_WORDS = {
    "exact": N_("exact place"),
    "city": N_("city"),
    "country": N_("country only"),
    "unknown": N_("not stated"),
}


def located(row: Mapping) -> str:
    """How precisely an activity is placed, lowered where its city is no venue.

    A city that only the story's dateline (or the organiser's seat) names is said to be so.

    >>> located({"location_precision": "city", "location_basis": "dateline"})
    "the story's dateline, not the venue"
    """
    if row.get("location_basis") == "dateline":
        return N_("the story's dateline, not the venue")
    if row.get("location_basis") == "organiser":
        return N_("the organiser's seat, not the venue")
    return PRECISION_WORDS.get(row.get("location_precision"), "")


def _plain(value: Any, lang: str) -> str:
    """A value as it is: text, a number in the language's digits, a list with its commas."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return "" if value != value else format_number(value, lang)  # NaN: not stated
    if isinstance(value, (list, tuple)):
        return comma(lang).join(_plain(v, lang) for v in value if _plain(v, lang))
    return ""


def project_names(ids, sel: Selection) -> str:
    """The names of the projects ``ids``, in the view's language, with its comma.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> project_names(["xamt14", "nope"], select(load_dataset(), ViewState(lang="ar")))
    'XAMT14، nope'
    """
    return comma(sel.lang).join(sel.project_names.get(p, p) for p in ids or [])


def _as_it_is(row: Mapping, field: str, sel: Selection) -> str:
    return _plain(row.get(field), sel.lang)


def _located(row: Mapping, field: str, sel: Selection) -> str:
    words = located(row)
    return sel.t(words) if words else ""


def _hub_names(row: Mapping, field: str, sel: Selection) -> str:
    names = {r["id"]: localized(r, "name", sel.lang) for r in sel.layer("hubs").to_dict("records")}
    return comma(sel.lang).join(names.get(h, h) for h in row.get(field) or [])


def _country(row: Mapping, field: str, sel: Selection) -> str:
    code = row.get(field)
    return sel.country_names.get(code, code or "")


# how -> (row, field, selection) -> the value, in the view's language; with "text" and
# "english" (see value()) every way a layer's SHOWN may name.
HOW: dict[str, Callable[[Mapping, str, Selection], str]] = {
    "plain": _as_it_is,
    "number": _as_it_is,
    "list": _as_it_is,
    "choice": lambda row, field, sel: sel.t(str(row[field])) if row.get(field) else "",
    "name": lambda row, field, sel: localized(row, field, sel.lang),
    "country": _country,
    "country_or_not_stated": lambda row, field, sel: (
        _country(row, field, sel) or sel.t("not stated")
    ),
    "projects": lambda row, field, sel: project_names(row.get(field), sel),
    "date": lambda row, field, sel: activity_date(row, sel.lang, sel.t),
    "designated": lambda row, field, sel: designated(row, sel.lang, sel.t),
    "place_and_country": lambda row, field, sel: activity_place(row, sel),
    "step_place": lambda row, field, sel: step_place(row, sel) or sel.t("not stated"),
    "city": lambda row, field, sel: localized(row, field, sel.lang) or sel.t("not stated"),
    "located": _located,
    "precision": lambda row, field, sel: (
        sel.t(PRECISION_WORDS[row[field]]) if row.get(field) in PRECISION_WORDS else ""
    ),
    "leg_years": lambda row, field, sel: leg_years_text(row, sel.t, sel.lang),
    "hub_names": _hub_names,
}
HOWS = frozenset(HOW) | {"text", "english"}


def value(shown: Shown, row: Mapping, sel: Selection) -> tuple[str, str]:
    """The value of the line ``shown`` of ``row``, and its language.

    Free text (``how="text"``) is in the view's language, or English where a translation
    is missing; a word of the data with no translation (``how="english"``: an activity's
    kind, a leg's ends) is English; every other value is in the view's language.
    """
    if shown.how == "text":
        return localized_in(row, shown.field, sel.lang)
    if shown.how == "english":  # a word of the data that has no translation: kept, marked
        return _plain(row.get(shown.field), sel.lang), SOURCE_LANGUAGE
    return HOW[shown.how](row, shown.field, sel), sel.lang


def lines(layer: str, row: Mapping, sel: Selection, where: str) -> list[tuple[str, str, str]]:
    """The lines ``where`` shows of ``row`` of ``layer``: (label, value, its language).

    Labels are in the view's language; lines with no value are left out.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> sel = select(load_dataset(), ViewState(lang="fr"))
    >>> kufra = sel.layer("hubs").set_index("id").loc["hub-kufra"].to_dict()
    >>> lines("hubs", kufra, sel, "details")[0]
    ('Pays', 'Libye', 'fr')
    """
    out = []
    for shown in SHOWN.get(layer, ()):
        if not shown.shown_in(where):
            continue
        text, text_lang = value(shown, row, sel)
        if isinstance(text, str) and text.strip():
            out.append((sel.t(shown.label), text, text_lang))
    return out
