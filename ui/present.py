"""Presenter mode: a clean, large map and a step-by-step walk through the activities.

Step 1 is the overview, then one activity a step (:mod:`geo.view.steps`). The map is the
same at every step; only the step's mark is swapped into it, so Next moves the map
instead of drawing it anew.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from geo.data.schema import SOURCE_LANGUAGE
from geo.i18n import N_, TITLE, is_rtl, localized_in
from geo.layers.spec import CARD
from geo.render.cards import Card, card_of, changes_card
from geo.render.described import lines
from geo.view.selection import select
from geo.view.steps import Step, clamp, step_of, view_at
from ui.briefing import EDITING, builder, builder_button, forget_focus
from ui.changes import changes_of
from ui.context import Page, field_line, foreign, md, set_view, show
from ui.exports import share_panel
from ui.mapview import show_map
from ui.notes import notes_link, publish


def presenter(p: Page) -> None:
    """Presenter mode: the briefing's steps, its builder in the sidebar, the share panel.

    Without a briefing of the presenter's own, the overview, then one activity a step.
    """
    t = p.t
    step = step_of(p.sel, p.view.step)
    if clamp(p.sel, p.view.step) != p.view.step and p.view.step > 1:
        set_view(replace(p.view, step=step.number))  # a link past the last step
    publish(p, step.number)
    briefing = p.view.briefing
    head, nav = st.columns([3, 2], vertical_alignment="center")
    head.title(md(briefing.title) if briefing and briefing.title else t(TITLE), anchor=False)
    # Right to left, "next" points left: the arrows and keys follow the reading direction.
    back, forward = ("Right", "Left") if is_rtl(p.lang) else ("Left", "Right")
    icons = {"Left": ":material/arrow_back:", "Right": ":material/arrow_forward:"}
    with nav:
        prev_col, count_col, next_col = st.columns([1, 1, 1], vertical_alignment="center")
        prev_col.button(
            t("Previous"),
            key="present_prev",
            icon=icons[back],
            disabled=step.number == 1,
            on_click=_step_by,
            args=(-1,),
            shortcut=back,
            width="stretch",
        )
        count_col.markdown(f"**{step.label}**")
        next_col.button(
            t("Next"),
            key="present_next",
            icon=icons[forward],
            disabled=step.number >= step.count,
            on_click=_step_by,
            args=(1,),
            shortcut=forward,
            icon_position="right",  # at the end of the reading direction, as it points
            width="stretch",
            type="primary",
        )
    editing = bool(st.session_state.get(EDITING))
    if editing:
        map_col, text_col, build_col = st.columns([3, 1, 1.3])
        with build_col:
            builder(p, step)
    else:
        forget_focus()
        map_col, text_col = st.columns([3, 1])
    # A year's step shows that year: its card and files tell that year alone, and the same
    # map shows only what that year's filter shows (GeoMap.year), not drawn anew.
    shown = p if step.kind != "year" else replace(p, sel=select(p.data, view_at(p.view, step), t))
    years = tuple(c.year for c in briefing.cues if c.kind == "year") if briefing else ()
    with text_col:
        _card(shown, step)
        _all_steps(p, step)
    with map_col:
        # The same map at every step (ui.mapview.page_scene), so the browser keeps it and
        # only moves it.
        show_map(p, key="present_map", height=720, step=step, large=True, years=years)
    with st.expander(t("Share this view")):
        share_panel(shown, None, step)
        notes_link(p)
    builder_button(p)
    st.button(
        t("Leave presenter mode"),
        icon=":material/close:",
        on_click=lambda: set_view(replace(st.session_state["view"], present=False, step=0)),
        key="present_exit",
    )


def _all_steps(p: Page, current: Step) -> None:
    """Every step as a button: the map's keyboard list in presenter mode, and a way to jump."""
    t = p.t
    with st.expander(t("All steps ({count})").format(count=current.count)):
        with st.container(height=320, key="present_steps"):
            for number in range(1, current.count + 1):
                step = current if number == current.number else step_of(p.sel, number)
                label = f"{number}. {md(step.title)}"
                if number == current.number:
                    label += " " + t("(current step)")
                st.button(
                    label,
                    key=f"present_step_{number}",
                    on_click=_go,
                    args=(number,),
                    disabled=number == current.number,
                    width="stretch",
                )


def _go(number: int) -> None:
    set_view(replace(st.session_state["view"], step=max(number, 1)))


def _step_by(delta: int) -> None:
    """Next and Previous: from the step the session shows now, not the one drawn with them.

    A second press may come while the first's step is drawn, before the button is there
    again with that step's number: Streamlit then calls the callback it had, and a step
    number taken at drawing would go to the step shown already.
    """
    view = st.session_state["view"]
    if view.present:  # not a late press, after leaving presenter mode
        _go(max(view.step, 1) + delta)


def _card(p: Page, step: Step) -> None:
    """What the step shows, beside the map, in words."""
    t = p.t
    if step.kind == "overview" and p.view.briefing is None:
        _opening(p, len(p.sel.events))
    elif step.kind == "overview":
        st.header(t("Overview"), anchor=False)
        st.markdown(
            md(p.sel.caption)
            + ". "
            + t(
                "Press Next (or the right arrow key) to go through the briefing's {count} steps."
            ).format(count=step.count)
        )
    elif step.event is not None:
        _event_card(p, step)
    elif step.missing:
        st.header(md(step.title), anchor=False)
        st.warning(
            t("This view's filters do not show this step's {kind}: the map does not move.").format(
                kind=t(KIND_NAMES[step.kind])
            ),
            icon=":material/filter_alt_off:",
        )
    elif step.kind == "changes":
        _show_card(p, changes_card(p.sel, step, changes_of(p)))
    else:  # a hub, route, country, figure or year: as the slideshow and deck say it
        _show_card(p, card_of(p.sel, step))


KIND_NAMES = {
    "activity": N_("activity"),
    "hub": N_("hub city"),
    "route": N_("route"),
    "country": N_("country"),
    "figure": N_("figure"),
}


def _show_card(p: Page, card: Card) -> None:
    """A step's card (geo/render/cards.py): title, text, facts, sources (in English)."""
    st.header(md(card.title), anchor=False)
    if card.text:
        st.markdown(md(card.text))
    for label, value in card.facts:
        show(field_line(md(label), md(value)))
    if card.sources:
        label = p.t("Source") if len(card.sources) == 1 else p.t("Sources")
        listed = "; ".join(foreign(md(s), card.source_language, p.lang) for s in card.sources)
        show(field_line(label, listed), caption=True)


def _opening(p: Page, count: int) -> None:
    t = p.t
    st.header(t("Overview"), anchor=False)
    st.markdown(
        t(
            "Countries covered by the projects, the key hub cities along the smuggling routes "
            "and the routes themselves. Press Next (or the right arrow key) to walk through "
            "{count} activities in date order."
        ).format(count=count)
    )


def _event_card(p: Page, step: Step) -> None:
    """The step's activity: its title, the card's lines (geo/layers/events.py), its source.

    Text in another language than the page's is marked so.
    """
    t, event = p.t, step.event
    st.header(md(step.title), anchor=False)
    for label, text, text_lang in lines("events", event, p.sel, CARD):
        show(field_line(label, foreign(md(text), text_lang, p.lang)))
    if not step.placed:
        st.info(t("The sources do not state where this took place: the map does not move."))
    summary, summary_lang = localized_in(event, "summary", p.lang)
    if summary:
        show(foreign(md(summary), summary_lang, p.lang))
    source = foreign(md(event["source"]), SOURCE_LANGUAGE, p.lang)
    show(field_line(t("Source"), source), caption=True)
