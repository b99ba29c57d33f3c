"""Presenter mode: a clean, large map and a step-by-step walk through the activities.

Step 1 is the overview, then one activity a step (:mod:`geo.view.steps`). The map is the
same at every step; only the step's mark is swapped into it, so Next moves the map
instead of drawing it anew.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from geo.data.schema import SOURCE_LANGUAGE
from geo.i18n import TITLE, is_rtl, localized_in
from geo.layers.spec import CARD
from geo.render.described import lines
from geo.view.steps import Step, clamp, step_of
from ui.context import Page, field_line, foreign, md, set_view, show
from ui.exports import share_panel
from ui.mapview import show_map


def presenter(p: Page) -> None:
    """Presenter mode: the overview, then one activity a step, and the share panel."""
    t = p.t
    step = step_of(p.sel, p.view.step)
    if clamp(p.sel, p.view.step) != p.view.step and p.view.step > 1:
        set_view(replace(p.view, step=step.number))  # a link past the last step
    head, nav = st.columns([3, 2], vertical_alignment="center")
    head.title(t(TITLE), anchor=False)
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
            on_click=_go,
            args=(step.number - 1,),
            shortcut=back,
            width="stretch",
        )
        count_col.markdown(f"**{step.label}**")
        next_col.button(
            t("Next"),
            key="present_next",
            icon=icons[forward],
            disabled=step.number >= step.count,
            on_click=_go,
            args=(step.number + 1,),
            shortcut=forward,
            icon_position="right",  # at the end of the reading direction, as it points
            width="stretch",
            type="primary",
        )
    map_col, text_col = st.columns([3, 1])
    with text_col:
        if step.event is None:
            _opening(p, step.count - 1)
        else:
            _event_card(p, step)
        _all_steps(p, step)
    with map_col:
        # The same map at every step (ui.mapview.page_scene), so the browser keeps it and
        # only moves it.
        show_map(p, key="present_map", height=720, step=step, large=True)
    with st.expander(t("Share this view")):
        share_panel(p, None, step)
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
