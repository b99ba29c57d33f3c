import streamlit as st

import ui
from geo.i18n import N_
from geo.view.summary import hub_report

p = ui.page(N_("Routes and hubs"))
t = p.t
st.markdown(
    t(
        "Routes are drawn by mode: land (brown), sea (blue), air (purple); a chevron shows the "
        "direction of travel and a dashed line marks a leg the sources only suggest "
        "(indicative). Routes come from the public sources each leg names, not from the UNODC "
        "project documents."
    )
)
ui.map_with_details(p, key="routes_map", layers=("routes", "hubs", "events"))

st.subheader(t("Each hub city: routes through it, projects, nearest activities"), anchor=False)
report = hub_report(p.sel, p.data.layer("routes"))
if report.empty:
    ui.empty_notice(p, N_("Key hub cities"))
else:
    st.dataframe(
        report.drop(columns="id"),
        hide_index=True,
        width="stretch",
        column_config={
            "hub": st.column_config.TextColumn(t("Hub city")),
            "routes": st.column_config.ListColumn(t("Routes through the hub")),
            "projects": st.column_config.ListColumn(t("Projects naming it")),
            "nearest_km": st.column_config.NumberColumn(t("Nearest activity (km)"), format="%d"),
            "nearest_activities": st.column_config.ListColumn(t("Nearest activities")),
        },
    )
    st.caption(
        t(
            "Distances are on the ground (WGS84 ellipsoid) from the hub to the nearest activity "
            "shown under the filters: a large distance marks a hub where no capacity building "
            "took place nearby."
        )
    )
