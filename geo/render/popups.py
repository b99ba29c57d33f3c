"""Tooltip and popup HTML for each kind of feature, every value from data escaped.

Folium's GeoJsonTooltip puts property values into ``innerHTML`` unescaped, so the
maps never hand it raw data: they hand it the HTML built here. Free text shows in the
view's language (``summary_fr``...), English only where a translation is missing; text in
another language than the view's (that fallback, source titles, quotes, which stay in their
English) carries its own ``lang`` and ``dir="auto"`` (WCAG 3.1.2), so that its punctuation
lands where it belongs in an Arabic popup.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any
from urllib.parse import urlsplit

from geo.data.io import records
from geo.data.schema import SOURCE_LANGUAGE
from geo.data.validate import named_sources
from geo.i18n import N_, Translate, comma, format_period, localized, localized_in
from geo.view.filters import leg_years
from geo.view.selection import Selection
from geo.view.steps import on_basis


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


def lang_attrs(text_lang: str, page_lang: str) -> str:
    """The attributes of an element holding text in ``text_lang`` inside a ``page_lang`` page.

    >>> lang_attrs("en", "ar"), lang_attrs("ar", "ar")
    (' lang="en" dir="auto"', '')
    """
    return f' lang="{escape(text_lang)}" dir="auto"' if text_lang != page_lang else ""


def _row(label: str, value: Any, text_lang: str = "", page_lang: str = "") -> str:
    if not isinstance(value, str) or not value.strip():
        return ""
    attrs = lang_attrs(text_lang, page_lang) if text_lang else ""
    return f"<tr><th>{escape(label)}</th><td{attrs}>{escape(value)}</td></tr>"


def _text_row(label: str, row: Mapping[str, Any], field: str, lang: str) -> str:
    """A row of free text in ``lang``, marked as English where it falls back to it."""
    text, text_lang = localized_in(row, field, lang)
    return _row(label, text, text_lang, lang)


def _source(row: Mapping[str, Any], t: Translate, lang: str, label: str = "Source") -> str:
    source = escape(str(row.get("source") or ""))
    url = safe_url(row.get("source_url"))
    attrs = lang_attrs(SOURCE_LANGUAGE, lang)
    if url and source:
        source = (
            f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer"{attrs}>{source}</a>'
        )
    elif source and attrs:
        source = f"<span{attrs}>{source}</span>"
    quote = row.get("source_quote")
    html = f'<div class="geo-source"><b>{escape(t(label))}:</b> {source}</div>'
    if isinstance(quote, str) and quote.strip():
        # The quote stays in the source's words: its marks go inside its own direction.
        html += f'<blockquote class="geo-quote"{attrs}>“{escape(quote.strip())}”</blockquote>'
    return html


def _card(title: str, rows: list[str], row: Mapping[str, Any], t: Translate, lang: str) -> str:
    return (
        f'<div class="geo-popup"><h2>{escape(title)}</h2>'
        f"<table>{''.join(rows)}</table>{_source(row, t, lang)}</div>"
    )


def _projects(row: Mapping, sel: Selection) -> str:
    return ", ".join(sel.project_names.get(p, p) for p in row.get("project_ids") or [])


def hub_html(row: Mapping, sel: Selection) -> str:
    """Popup of a hub city, in the language of ``sel``."""
    t = sel.t
    return _card(
        localized(row, "name", sel.lang),
        [
            _row(t("Country"), sel.country_names.get(row.get("iso3"), row.get("iso3"))),
            _row(t("Chosen as a hub"), designated(row, sel.lang, t)),
            _text_row(t("Role"), row, "role", sel.lang),
            _row(t("Projects"), _projects(row, sel)),
        ],
        row,
        t,
        sel.lang,
    )


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


def event_html(row: Mapping, sel: Selection) -> str:
    """Popup of an activity."""
    t, lang = sel.t, sel.lang
    return _card(
        localized(row, "name", lang),
        [
            _row(t("Date"), activity_date(row, lang, t)),
            _row(t("Place"), activity_place(row, sel)),
            _row(t("Projects"), _projects(row, sel)),
            _text_row(t("What"), row, "summary", lang),
        ],
        row,
        t,
        lang,
    )


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


def leg_sources(row: Mapping[str, Any], sel: Selection) -> list[tuple[str, str | None]]:
    """The sources that state a leg, as (title, address), its main source first.

    The title is the sources table's (title, publisher, date) where it lists the address,
    else the leg's own ``source`` for its main one; empty for a leg no source states.
    """
    table = sel.tables.get("sources")
    titles = {}
    if table is not None and len(table):
        for r in records(table):
            parts = [r.get("title"), r.get("publisher"), r.get("date")]
            titles[r.get("url")] = ", ".join(str(x) for x in parts if isinstance(x, str) and x)
    found = []
    for url in named_sources(row):
        title = titles.get(url) or (row.get("source") if url == row.get("source_url") else url)
        found.append((str(title), safe_url(url)))
    return found


def sources_label(row: Mapping[str, Any], count: int) -> str:
    """What a leg's own sources are to it: they state it, or (indicative) a part of it.

    >>> documented, indicative = {"confidence": "documented"}, {"confidence": "indicative"}
    >>> sources_label(documented, 1), sources_label(indicative, 1)
    ('Source', 'Sources that state part of this leg')
    """
    if row.get("confidence") == "indicative":
        return N_("Sources that state part of this leg")
    return N_("Source") if count == 1 else N_("Sources that state this leg")


def _leg_source(row: Mapping[str, Any], sel: Selection) -> str:
    t, lang = sel.t, sel.lang
    attrs = lang_attrs(SOURCE_LANGUAGE, lang)
    own = leg_sources(row, sel)
    if not own:
        # An indicative leg: the route's source is shown as the route's, never as the leg's.
        route = _source(row, t, lang, N_("Source of its route"))
        note = escape(t("No source states this leg: it is drawn to join its route."))
        return f'<p class="geo-indicative">{note}</p>{route}'
    links = [
        f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer"{attrs}>'
        f"{escape(title)}</a>"
        if url
        else f"<span{attrs}>{escape(title)}</span>"
        for title, url in own
    ]
    label = escape(t(sources_label(row, len(own))))
    if len(links) == 1:
        return f'<div class="geo-source"><b>{label}:</b> {links[0]}</div>'
    # One source a line: English titles inside an Arabic popup keep their own direction.
    items = "".join(f"<li>{link}</li>" for link in links)
    return f'<div class="geo-source"><b>{label}:</b><ul>{items}</ul></div>'


def route_html(row: Mapping, sel: Selection) -> str:
    """Popup of a route leg: what it claims, when, and the sources that state it."""
    t, lang = sel.t, sel.lang
    rows = [
        _row(t("Leg"), localized(row, "name", lang)),
        _row(t("Mode"), t(str(row.get("mode")))),
        _row(t("Confidence"), t(str(row.get("confidence")))),
        _row(t("Years its sources describe"), leg_years_text(row, t, lang)),
    ]
    return (
        f'<div class="geo-popup"><h2>{escape(localized(row, "route_name", lang))}</h2>'
        f"<table>{''.join(rows)}</table>{_leg_source(row, sel)}</div>"
    )


def coverage_html(row: Mapping, sel: Selection) -> str:
    """Popup of a country covered by projects (``project_names`` lists them)."""
    names = row.get("project_names") or []
    title = escape(localized(row, "name", sel.lang))
    count = escape(sel.t("Active projects: {count}").format(count=len(names)))
    items = "".join(f"<li>{escape(n)}</li>" for n in names)
    return f'<div class="geo-popup"><h2>{title}</h2><p>{count}</p><ul>{items}</ul></div>'


def list_html(title: str, items: list[str]) -> str:
    """A popup with a title and a list (for a group of activities).

    >>> list_html("2", ["<b>", "x"])
    '<div class="geo-popup"><h2>2</h2><ul><li>&lt;b&gt;</li><li>x</li></ul></div>'
    """
    entries = "".join(f"<li>{escape(i)}</li>" for i in items)
    return f'<div class="geo-popup"><h2>{escape(title)}</h2><ul>{entries}</ul></div>'


def tooltip_html(title: str, subtitle: str = "") -> str:
    """A one- or two-line tooltip.

    >>> tooltip_html("<b>x</b>")
    '<b>&lt;b&gt;x&lt;/b&gt;</b>'
    """
    html = f"<b>{escape(title)}</b>"
    return html + f"<br>{escape(subtitle)}" if subtitle else html
