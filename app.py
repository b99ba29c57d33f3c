"""Entry point and home page: the overview. Run with ``streamlit run app.py``."""

import streamlit as st

import ui
from geo.summary import key_figures

p = ui.page("North Africa: smuggling routes and the response")
st.markdown(
    "Key hub cities, smuggling routes, the countries each project covers and where and when "
    "each activity took place. Every point, line and polygon names its source."
)
figures = key_figures(p.layers, p.projects)
cols = st.columns(5)
cols[0].metric("Projects", figures["projects"])
cols[1].metric("Countries covered", figures["countries"])
cols[2].metric("Key hub cities", figures["hubs"])
cols[3].metric("Activities", figures["events"], help="Including those whose place is not stated")
cols[4].metric("Route legs", figures["route_legs"])
budgets = "; ".join(f"{cur} {amount:,.0f}" for cur, amount in sorted(figures["budgets"].items()))
st.caption(
    f"Budgets of the projects shown: {budgets or 'none stated'}"
    + (
        f" ({figures['budget_unknown']} project(s) state no budget)"
        if figures["budget_unknown"]
        else ""
    )
    + f". Activities without a stated place: {figures['events_unplaced']} (listed, not mapped)."
)
if not any(len(g) for g in p.layers.values()):
    ui.empty_notice(p, "layers")
map_col, side = st.columns([3, 1])
with map_col:
    clicked = ui.show_map(p, key="overview_map")
with side:
    ui.show_details(p, clicked)
