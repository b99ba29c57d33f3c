"""Entry point and home page: the overview. Run with ``streamlit run app.py``."""

import streamlit as st

import ui
from geo.i18n import N_, TITLE, format_budgets
from ui.figures import source_figures
from ui.maplist import skip_link

p = ui.page(TITLE, name="overview")
skip_link(p)
t, figures = p.t, p.sel.figures
st.markdown(
    t(
        "Key hub cities, smuggling routes, the countries each project covers and where and when "
        "each activity took place. Every point, line and polygon names its source."
    )
)
if not any(len(g) for g in p.sel.layers.values()):
    ui.empty_notice(p, N_("Layers"))
ui.map_with_details(p, key="overview_map", play=True)
# The map first, on the first screen; the key figures in a compact row below it.
cols = st.columns(5)
cols[0].metric(t("Projects"), figures.projects)
cols[1].metric(t("Countries covered"), figures.countries)
cols[2].metric(t("Key hub cities"), figures.hubs)
cols[3].metric(t("Activities"), figures.events, help=t("Including those whose place is not stated"))
cols[4].metric(t("Route legs"), figures.route_legs)
budgets = format_budgets(figures.budgets, p.lang)  # each amount isolated for direction
st.caption(
    t("Budgets of the projects shown: {budgets}.").format(budgets=budgets or t("none stated"))
    + " "
    + t("Projects without a stated budget: {count}.").format(count=figures.budget_unknown)
    + " "
    + t("Activities without a stated place: {count} (listed, not mapped).").format(
        count=figures.events_unplaced
    )
)
source_figures(p)
