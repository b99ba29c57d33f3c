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

from geo.data.io import records
from geo.data.schema import SOURCE_LANGUAGE
from geo.data.validate import named_sources
from geo.i18n import N_, Translate, localized
from geo.layers.spec import POPUP
from geo.render.described import lines, safe_url
from geo.view.selection import Selection


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


def _rows(layer: str, row: Mapping, sel: Selection) -> list[str]:
    """The popup's lines of ``row`` (the layer's ``SHOWN``), each marked with its language."""
    return [
        _row(label, text, lang, sel.lang) for label, text, lang in lines(layer, row, sel, POPUP)
    ]


def hub_html(row: Mapping, sel: Selection) -> str:
    """Popup of a hub city, in the language of ``sel``."""
    return _card(localized(row, "name", sel.lang), _rows("hubs", row, sel), row, sel.t, sel.lang)


def event_html(row: Mapping, sel: Selection) -> str:
    """Popup of an activity."""
    return _card(localized(row, "name", sel.lang), _rows("events", row, sel), row, sel.t, sel.lang)


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
    rows = _rows("routes", row, sel)
    return (
        f'<div class="geo-popup"><h2>{escape(localized(row, "route_name", sel.lang))}</h2>'
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
