import streamlit as st

import ui
from geo.i18n import N_
from geo.view.figures import MIGRATION_FIGURES
from geo.view.summary import hub_report
from ui.figures import source_figures
from ui.maplist import skip_link

MAP_LAYERS = ("routes", "hubs", "events")
p = ui.page(N_("Routes and hubs"), MAP_LAYERS, name="routes")
skip_link(p)
t = p.t
st.markdown(
    t(
        "Routes are drawn by mode: land (brown), sea (blue), air (purple); a chevron shows the "
        "direction of travel and a dashed line marks a leg the sources only suggest "
        "(indicative). Routes come from the public sources each leg names, not from the UNODC "
        "project documents."
    )
)
ui.map_with_details(p, key="routes_map", layers=MAP_LAYERS)
source_figures(p, N_("Figures from the sources on migration and the hubs"), ids=MIGRATION_FIGURES)

st.header(t("Each hub city: routes through it, projects, nearest activities"), anchor=False)
report = hub_report(p.sel, p.data.layer("routes"))
if report.empty:
    ui.empty_notice(p, N_("Key hub cities"))
else:
    # One card per hub: every route and activity readable in full, on any screen.
    for hub in report.to_dict("records"):
        with st.container(border=True):
            st.markdown(f"**{ui.md(hub['hub'])}**")
            routes = "; ".join(hub["routes"]) or t("none")
            st.markdown(ui.field_line(t("Routes through the hub"), ui.md(routes)))
            projects = ", ".join(hub["projects"])
            st.markdown(ui.field_line(t("Projects naming it"), ui.md(projects)))
            nearest_label = t("Nearest activities")
            st.markdown(f"**{nearest_label}:**")
            nearest = hub["nearest_activities"] or [t("none")]
            st.markdown("\n".join(f"- {ui.md(line)}" for line in nearest))
    st.caption(
        t(
            "Distances are on the ground (WGS84 ellipsoid) from the hub to the nearest activity "
            "shown under the filters: a large distance marks a hub where no capacity building "
            "took place nearby."
        )
    )
