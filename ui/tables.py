"""Small tables as plain HTML: every row and every word shown, read as a table by anyone.

Streamlit's grid (``st.dataframe``) draws its cells on a canvas, shows a few rows before
it scrolls, cuts long text and repeats element ids across grids; a table of a few hundred
rows needs none of that. Here it is a ``<table>`` with a ``<caption>`` and column headers,
its text escaped (text from data is untrusted), long text wrapped, in a container that
scrolls sideways only when the table is wider than the page. The style is
``ui.style``'s; the page's direction (right to left in Arabic) is the table's, and each
cell keeps its own text's direction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

import pandas as pd
import streamlit as st

from geo.data.problems import Problem
from geo.i18n import Translate

MAX_ROWS = 500  # more rows than this go to Streamlit's grid, which reads them lazily
CHECK = "✓"
SHORT, LONG = 24, 60  # characters: a column kept on one line; one given room to wrap


def fits(rows: int) -> bool:
    """Whether a table of ``rows`` rows is shown whole, as HTML.

    >>> fits(60), fits(10_000)
    (True, False)
    """
    return rows <= MAX_ROWS


def cell_text(value: object) -> str:
    """A cell's value as plain text: lists joined, nothing for a missing value.

    >>> cell_text(["LBY", "TUN"]), cell_text(None), cell_text(2012.0), cell_text(True)
    ('LBY, TUN', '', '2012', '✓')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return CHECK if value else ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


def _is_web_address(text: str) -> bool:
    return text.startswith(("http://", "https://")) and not any(c.isspace() for c in text)


def _width(longest: int) -> str:
    """The class of a column whose longest text has ``longest`` characters."""
    if longest <= SHORT:
        return ' class="geo-short"'
    return ' class="geo-long"' if longest > LONG else ""


def _cell(value: object, url: object = None, kind: str = "") -> str:
    """One cell's HTML: its text escaped, a link only to an http or https address."""
    text = cell_text(value)
    href = cell_text(url) if url is not None else (text if _is_web_address(text) else "")
    shown = f"<bdi>{escape(text)}</bdi>" if text else ""
    if href and _is_web_address(href) and text:
        shown = f'<a href="{escape(href, quote=True)}">{shown}</a>'
    return f"<td{kind}>{shown}</td>"


def table_html(
    df: pd.DataFrame | list[dict], caption: str, links: Mapping[str, str] | None = None
) -> str:
    """``df`` as an HTML table named by ``caption``; every text escaped.

    ``links`` maps a column to the column of its address: that column's text links to it
    (http and https only) and the address column is not shown.

    >>> html = table_html(pd.DataFrame({"name": ["<b>Tripoli</b>"]}), "Hubs & cities")
    >>> "&lt;b&gt;Tripoli&lt;/b&gt;" in html and "<caption>Hubs &amp; cities</caption>" in html
    True
    """
    df = pd.DataFrame(df)
    links = dict(links or {})
    columns = [c for c in df.columns if c not in links.values()]
    rows = df.to_dict("records")
    # Short values (ids, codes, dates) stay on one line; long text gets a readable width.
    kinds = {c: _width(max((len(cell_text(r[c])) for r in rows), default=0)) for c in columns}
    head = "".join(f'<th scope="col"{kinds[c]}>{escape(str(c))}</th>' for c in columns)
    body = []
    for row in rows:
        cells = "".join(
            _cell(row[c], row[links[c]] if c in links else None, kinds[c]) for c in columns
        )
        body.append(f"<tr>{cells}</tr>")
    label = escape(caption, quote=True)
    # The container scrolls sideways when the table is wider than the page: it takes the
    # keyboard's focus then (WCAG 2.1.1), named as its table.
    return (
        f'<div class="geo-table" role="region" aria-label="{label}" tabindex="0">'
        f"<table><caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def show_table(
    df: pd.DataFrame | list[dict], caption: str, links: Mapping[str, str] | None = None
) -> None:
    """Draw ``df`` whole as an HTML table (:func:`table_html`).

    ``st.html``, not Markdown with HTML: that would fetch Streamlit's HTML-in-Markdown
    parser (56 KB on a first visit).
    """
    st.html(table_html(df, caption, links))


def show_problems(problems: list[Problem], t: Translate) -> None:
    """Every data problem as a table: file, feature, field, what is wrong."""
    rows = [[x.file, x.feature, x.field, x.message] for x in problems]
    columns = [t("File"), t("Feature"), t("Field"), t("Problem")]
    show_table(pd.DataFrame(rows, columns=columns), t("Data problems"))
