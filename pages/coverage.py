import streamlit as st

import ui

p = ui.page("Country coverage")
st.markdown("Countries are shaded by the number of projects active there under the filters.")
map_col, side = st.columns([3, 1])
with map_col:
    clicked = ui.show_map(p, key="coverage_map", layers=("coverage",))
with side:
    ui.show_details(p, clicked)

st.subheader("Projects", anchor=False)
if p.projects.empty:
    ui.empty_notice(p, "projects")
for row in p.projects.itertuples():
    with st.container(border=True):
        st.markdown(f"**{ui.md(row.name)}**")
        budget = f"{row.currency} {row.budget:,.0f}" if row.budget is not None else "not stated"
        c1, c2, c3 = st.columns(3)
        c1.markdown(f"**Dates:** {ui.md(row.start_date)} – {ui.md(row.end_date)}")
        c2.markdown(f"**Budget:** {ui.md(budget)}")
        c3.markdown(f"**Countries:** {ui.md(', '.join(row.countries))}")
        st.markdown(f"**Funders:** {ui.md('; '.join(row.funders))}")
        if row.partners:
            st.markdown(f"**Partners:** {ui.md('; '.join(row.partners))}")
        st.markdown(f"**Source:** {ui.md(row.source)}")
        if row.source_quote:
            st.caption(f"“{ui.md(row.source_quote)}”")
        if row.note:
            st.caption(f"Note: {ui.md(row.note)}")
