import streamlit as st

import ui
from geo.i18n import N_
from geo.render.timeline import timeline_chart, timeline_table
from ui.maplist import skip_link
from ui.tables import show_table

MAP_LAYERS = ("events",)
p = ui.page(N_("Events and timeline"), MAP_LAYERS, name="events")
t = p.t
if p.sel.layer("events").empty:
    ui.empty_notice(p, N_("Activities"))
else:
    skip_link(p)
    ui.map_with_details(p, key="events_map", layers=MAP_LAYERS, play=True)
    st.header(t("Timeline"), anchor=False)
    st.altair_chart(timeline_chart(p.sel), width="stretch")
    heading = t("All activities, with sources")
    st.header(heading, anchor=False)
    st.caption(t("Activities whose place is not stated are listed here but not drawn on the map."))
    # Every activity and its whole source, the source linked to its address.
    show_table(timeline_table(p.sel), heading, links={t("Source"): "source_url"})
