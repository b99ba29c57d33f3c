"""Presenter mode: a clean, large map and a step-by-step walk through the activities."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from geo.i18n import TITLE, format_day, format_period, localized
from ui.context import Page, field_line, md, set_view
from ui.exports import export_buttons, view_link
from ui.mapview import show_map

STEP_ZOOM = 6


def presenter(p: Page) -> None:
    """Presenter mode: an opening step with the whole picture, then one activity a step."""
    t = p.t
    steps = p.sel.events
    step = min(p.view.step, len(steps))
    if step != p.view.step:
        set_view(replace(p.view, step=step))
    head, nav = st.columns([3, 2], vertical_alignment="center")
    head.title(t(TITLE), anchor=False)
    with nav:
        prev_col, count_col, next_col = st.columns([1, 1, 1], vertical_alignment="center")
        prev_col.button(
            t("Previous"),
            key="present_prev",
            icon=":material/arrow_back:",
            disabled=step == 0,
            on_click=_go,
            args=(step - 1,),
            shortcut="Left",
            width="stretch",
        )
        progress = t("Step {step} of {count}").format(step=step, count=len(steps))
        count_col.markdown(f"**{progress}**")
        next_col.button(
            t("Next"),
            key="present_next",
            icon=":material/arrow_forward:",
            disabled=step >= len(steps),
            on_click=_go,
            args=(step + 1,),
            shortcut="Right",
            width="stretch",
            type="primary",
        )
    map_col, text_col = st.columns([3, 1])
    with text_col:
        if step == 0:
            _opening(p, len(steps))
            event = None
        else:
            event = steps[step - 1]
            _event_card(p, event)
    with map_col:
        if event is None:
            show_map(p, key="present_map", height=720, layers=("coverage", "routes", "hubs"))
        else:
            geom = event["geometry"]
            placed = geom is not None and not geom.is_empty
            # An activity with no stated place leaves the map on the whole picture.
            focus = (geom.centroid.y, geom.centroid.x, STEP_ZOOM) if placed else None
            show_map(p, key="present_map", height=720, highlight=event["id"], focus=focus)
    with st.expander(t("Share this view")):
        view_link(p)
        export_buttons(p)
    st.button(
        t("Leave presenter mode"),
        icon=":material/close:",
        on_click=lambda: set_view(replace(st.session_state["view"], present=False)),
        key="present_exit",
    )


def _go(step: int) -> None:
    set_view(replace(st.session_state["view"], step=max(step, 0)))


def _opening(p: Page, count: int) -> None:
    t = p.t
    st.subheader(t("The whole picture"), anchor=False)
    st.markdown(
        t(
            "Countries covered by the projects, the key hub cities along the smuggling routes "
            "and the routes themselves. Press Next (or the right arrow key) to walk through "
            "{count} activities in date order."
        ).format(count=count)
    )
    st.caption(format_day(dt.date.today(), p.lang))


def _event_card(p: Page, event: dict) -> None:
    t = p.t
    st.subheader(md(localized(event, "name", p.lang)), anchor=False)
    st.markdown(
        field_line(t("Date"), md(format_period(event["start_date"], event["end_date"], p.lang)))
    )
    place = localized(event, "place", p.lang)
    st.markdown(field_line(t("Place"), md(place) if place else t("not stated")))
    if not place:
        st.info(t("The sources do not state where this took place: the map does not move."))
    names = ", ".join(p.sel.project_names.get(x, x) for x in event["project_ids"])
    st.markdown(field_line(t("Projects"), md(names)))
    if event.get("summary"):
        st.markdown(md(event["summary"]))
    st.caption(field_line(t("Source"), md(event["source"])))
