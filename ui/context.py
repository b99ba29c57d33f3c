"""What every page part shares: the :class:`Page`, the view in the URL, Markdown-safe text.

This module sits at the bottom of ``ui/``: it imports nothing else from ``ui`` but the
cached data, so the map, sharing, presenter and sidebar modules can all build on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.data.dataset import Dataset
from geo.i18n import Translate
from geo.view.selection import Selection
from geo.view.urlstate import ViewState
from ui.tables import show_problems

NOTICE_LINES = 5


@dataclass(frozen=True)
class Page:
    """What a page needs: the validated data, the selection of the current view, its name.

    ``name`` is the page's short name (``overview``, ``routes``...): the file names of its
    downloads begin with it.
    """

    data: Dataset
    sel: Selection
    name: str

    @property
    def t(self) -> Translate:
        """Translates interface strings into the view's language."""
        return self.sel.t

    @property
    def lang(self) -> str:
        """The interface language."""
        return self.sel.lang

    @property
    def view(self) -> ViewState:
        """The view: filters, layers, language, presenter mode and step."""
        return self.sel.view


def set_view(view: ViewState) -> None:
    """Make ``view`` the current one, in the session and in the URL."""
    st.session_state["view"] = view
    st.query_params.from_dict(view.to_query_params())


_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+-.!|<>~$:"})


def md(text: object) -> str:
    r"""Text from data made inert for Markdown (no links, images or HTML).

    >>> print(md("[x](javascript:y)"))
    \[x\]\(javascript\:y\)
    """
    return "" if text is None else str(text).translate(_MD_SPECIAL)


def foreign(text: str, text_lang: str, page_lang: str) -> str:
    r"""Markdown-safe ``text`` marked with its language when it is not the page's (WCAG 3.1.2).

    The span carries ``lang`` (the right voice and hyphenation) and ``dir="auto"`` (an English
    sentence in an Arabic page keeps its full stop and quotes at its own ends). ``text`` must
    already be made inert by :func:`md`, whose backslashes keep ``<`` and ``>`` literal, so the
    Markdown that holds it can be drawn with ``unsafe_allow_html=True``.

    >>> foreign("It met.", "en", "ar")
    '<span lang="en" dir="auto">It met.</span>'
    >>> foreign("It met.", "en", "en")
    'It met.'
    """
    if not text or text_lang == page_lang:
        return text
    return f'{_FOREIGN}{text_lang}" dir="auto">{text}</span>'


_FOREIGN = '<span lang="'  # from foreign(); in md() text it follows a backslash: inert


def show(text: str, caption: bool = False) -> None:
    """Draw Markdown that may hold :func:`foreign`'s spans, as a caption when ``caption``.

    Streamlit's parser of HTML in Markdown (56 KB on a first visit) is asked for only when
    the text holds a span: in English, most of the pages hold none.
    """
    draw = st.caption if caption else st.markdown
    draw(text, unsafe_allow_html=_FOREIGN in text)


def field_line(label: str, value: str) -> str:
    """A bold label and its (already made inert) value, as one Markdown line."""
    return f"**{label}:** {value}"


def empty_notice(p: Page, what: str) -> None:
    """Say in words that nothing matches, instead of an empty map."""
    st.info(
        p.t("No {what} match {caption}.").format(what=p.t(what).lower(), caption=p.sel.caption),
        icon=":material/info:",
    )


def data_notice(p: Page) -> None:
    """When some data could not be used: which files, the first problems, and a table."""
    data, t = p.data, p.t
    if data.ok:
        return
    files = ", ".join(sorted({x.file for x in data.problems}))
    shown = sorted(data.problems)[:NOTICE_LINES]
    lines = "\n".join(f"- {md(str(x))}" for x in shown)
    more = len(data.problems) - len(shown)
    st.error(
        t(
            "Some data could not be used ({count} problem(s) in {files}). Everything sound is "
            "shown; the features named below are left out."
        ).format(count=len(data.problems), files=files)
        + "\n\n"
        + lines
        + ("\n\n" + t("and {count} more").format(count=more) if more > 0 else ""),
        icon=":material/error:",
    )
    if data.basemap.empty:
        st.warning(
            t(
                "The base map could not be read: the layers are drawn on a plain background, "
                "without the countries' outlines and names."
            ),
            icon=":material/map:",
        )
    with st.expander(t("Data problems")):
        show_problems(data.problems, t)


def url_notices(notices: list[str], t: Translate) -> None:
    """The URL's unusable values, made inert for Markdown; a flood is cut short."""
    for notice in notices[:NOTICE_LINES]:
        st.warning(md(notice), icon=":material/warning:")
    if len(notices) > NOTICE_LINES:
        st.warning(t("and {count} more").format(count=len(notices) - NOTICE_LINES))
