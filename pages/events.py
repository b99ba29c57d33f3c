import streamlit as st

import ui
from geo.timeline import timeline_chart, timeline_table

p = ui.page("Events and timeline")
events = p.layers["events"]
if events.empty:
    ui.empty_notice(p, "activities")
else:
    map_col, side = st.columns([3, 1])
    with map_col:
        clicked = ui.show_map(p, key="events_map", layers=("events",))
    with side:
        ui.show_details(p, clicked)
    st.subheader("Timeline", anchor=False)
    st.altair_chart(timeline_chart(events, p.data.projects), width="stretch")
    st.subheader("All activities, with sources", anchor=False)
    st.caption("Activities whose place is not stated are listed here but not drawn on the map.")
    st.dataframe(
        timeline_table(events, p.project_names, p.view.lang),
        hide_index=True,
        width="stretch",
        column_config={"source_url": st.column_config.LinkColumn("Link")},
    )
