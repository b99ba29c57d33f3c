"""The map without a mouse: beside each map, a list of what it shows, and a link to it.

Every item is a real button (Tab to it, Enter): choosing it selects the feature as a click
on the map would, so the map moves to it and its details show. The chosen item stays the
same button (a new type or key would re-create it and drop the keyboard focus); its label
says it is selected and a style rule of this run marks it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from html import escape

import streamlit as st

from geo.i18n import format_number
from geo.render.maplist import MapItem, MapSection, map_items
from geo.view.selection import Selection
from ui import style
from ui.context import Page, md

LIST_ANCHOR = "map-list"  # the skip link's target: the list's heading
LIST_HEIGHT = 400  # px: the list scrolls beside the map rather than lengthening the page
PAGE_SIZE = 50  # items a section lists before "Show more"


def skip_link(p: Page) -> None:
    """A link near the top of the page that takes keyboard focus to the map's list.

    Hidden until focused, like Streamlit's own "Skip to main content".
    """
    label = escape(p.t("Skip to the list of what the map shows"))
    # st.html, not Markdown with HTML: that would fetch Streamlit's HTML-in-Markdown parser
    # (56 KB on a first visit) for one link.
    with st.container(key="map_skip"):
        st.html(f'{style.css("skip")}<a class="geo-skip" href="#{LIST_ANCHOR}">{label}</a>')


def item_key(map_key: str, item_id: str) -> str:
    """The widget key of an item's button: stable and safe in a CSS class, whatever the id."""
    return f"{map_key}-item-{hashlib.sha1(item_id.encode()).hexdigest()[:12]}"


def map_list(
    p: Page, map_key: str, sel: Selection, chosen: str | None, choose: Callable[[str], None]
) -> None:
    """The list of what the map of ``sel`` shows, grouped by layer, ``chosen`` marked.

    ``choose(id)`` runs when an item is chosen, before the page reruns.
    """
    t = p.t
    sections = map_items(sel)
    st.html(style.css("maplist"))
    with st.container(key="map_list_head"):
        # A section of the page (h2), its layers under it (h3): no heading level skipped.
        st.header(t("What the map shows"), anchor=LIST_ANCHOR)
    if not sections:
        st.caption(t("Nothing to list: no feature matches the filters."))
        return
    st.caption(t("Choose one to move the map to it and show its details."))
    if chosen:
        st.html(
            f"<style>.st-key-{item_key(map_key, chosen)} button {{"
            "border: 2px solid #b3261e; background: #fdecea; color: #1f2933; }</style>"
        )
    with st.container(height=LIST_HEIGHT, key=f"{map_key}-maplist"):
        for section in sections:
            _section(p, map_key, section, chosen, choose)


def _section(
    p: Page, map_key: str, section: MapSection, chosen: str | None, choose: Callable
) -> None:
    t, lang = p.t, p.lang
    total = len(section.items)
    st.markdown(f"### {t(section.title)} ({format_number(total, lang)})", anchors=False)
    more_key = f"{map_key}-more-{section.layer}"
    limit = st.session_state.get(more_key, PAGE_SIZE)
    group = None
    for item in section.items[:limit]:
        if item.group and item.group != group:
            group = item.group
            st.caption(md(group))
        st.button(
            _label(p, item, item.id == chosen),
            key=item_key(map_key, item.id),
            on_click=choose,
            args=(item.id,),
            width="stretch",
        )
    hidden = total - min(limit, total)
    if hidden > 0:
        st.caption(
            t("{shown} of {count} listed; {hidden} not listed.").format(
                shown=format_number(min(limit, total), lang),
                count=format_number(total, lang),
                hidden=format_number(hidden, lang),
            )
        )
        st.button(
            t("Show {count} more").format(count=format_number(min(PAGE_SIZE, hidden), lang)),
            key=f"{more_key}-button",
            on_click=_show_more,
            args=(more_key,),
        )


def _label(p: Page, item: MapItem, selected: bool) -> str:
    t = p.t
    label = md(item.label)
    if not item.placed:
        label = t("{name} (place not stated, not on the map)").format(name=label)
    if selected:
        label = t("{name} (selected)").format(name=label)
    return label


def _show_more(more_key: str) -> None:
    # From the count the session holds now: a second press may come before the button is
    # drawn again, and Streamlit then calls the callback of the run before (ui/present.py).
    st.session_state[more_key] = st.session_state.get(more_key, PAGE_SIZE) + PAGE_SIZE
