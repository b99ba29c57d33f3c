"""The seeds' figures on a page: a compact, folded list, each figure with its source.

A figure reads as its value (Babel, in the view's language), what it counts, where and
when, listed under its source: a link named by its title where it has an address (http or
https only, encoded as on the About page). All text from data is made inert for Markdown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from urllib.parse import quote

import streamlit as st

from geo.data.schema import SOURCE_LANGUAGE
from geo.i18n import N_, format_number, isolate_amount
from geo.render.described import safe_url
from geo.view.figures import SourcedFigure, figures_about
from ui.context import Page, field_line, foreign, md, show
from ui.mapview import URL_SAFE

SEPARATOR = " · "


def figures_markdown(
    figures: Iterable[SourcedFigure], source_label: str, lang: str = SOURCE_LANGUAGE
) -> str:
    r"""The figures as Markdown, under each source in turn: its link, then a line a figure.

    Source titles are English: in another language's page they carry their own lang and dir
    (:func:`ui.context.foreign`). Each value is isolated for direction in a right-to-left
    language, its currency sign too (:func:`geo.i18n.isolate_amount`): in Arabic
    "2,705,000 US$" stays one amount, and "US$" never turns into "$US".

    >>> from dataclasses import replace
    >>> f = SourcedFigure("f", "3%", "share", "Libya", "Dec 2022", "Story [1]",
    ...     "https://x.org/a b", "")
    >>> print(figures_markdown([f, replace(f, value="7", place="")], "Source"))
    **Source:** [Story \[1\]](https://x.org/a%20b)
    <BLANKLINE>
    - **3%** · share · Libya · Dec 2022
    - **7** · share · Dec 2022
    """
    by_source: dict[tuple[str, str | None], list[SourcedFigure]] = {}
    for figure in figures:
        by_source.setdefault((figure.source, figure.source_url), []).append(figure)
    blocks = []
    for (title, url), group in by_source.items():
        link = safe_url(url) if url else None
        text = foreign(md(title), SOURCE_LANGUAGE, lang)
        source = f"[{text}]({quote(link, safe=URL_SAFE)})" if link else text
        lines = [
            f"- **{md(isolate_amount(f.value, lang))}**{SEPARATOR}"
            + SEPARATOR.join(md(x) for x in (f.what, f.place, f.when) if x)
            for f in group
        ]
        blocks.append(field_line(source_label, source) + "\n\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def figures_key(label: str) -> str:
    """The widget key of the folded list titled ``label`` (untranslated): open or not."""
    return "figures_" + hashlib.sha1(label.encode()).hexdigest()[:10]


def source_figures(
    p: Page,
    label: str = N_("Figures from the sources"),
    countries: Iterable[str] | None = None,
    ids: Iterable[str] | None = None,
) -> None:
    """The view's figures (those about ``countries`` or named in ``ids``) in a folded list.

    Nothing is drawn when no figure of the view's years is relevant.
    """
    t = p.t
    figures = figures_about(p.sel.source_figures, countries, ids)
    if not figures:
        return
    title = f"{t(label)} ({format_number(len(figures), p.lang)})"
    # Filled only once opened: closed, the list costs nothing, and in French or Arabic its
    # English titles would fetch Streamlit's HTML-in-Markdown parser on a first visit.
    box = st.expander(
        title, icon=":material/format_list_numbered:", key=figures_key(label), on_change="rerun"
    )
    if not box.open:
        return
    with box:
        st.caption(
            t(
                "Figures the source documents state, in the years chosen (a figure belongs to "
                "no project, so the project filter leaves them as they are)."
            )
        )
        show(figures_markdown(figures, t("Source"), p.lang))
