import streamlit as st

import ui
from geo import LAYERS, SPECS
from geo.data.dictionary import dictionary_rows
from geo.data.io import to_geojson
from geo.i18n import N_
from geo.render.style import LAYER_TITLES
from geo.view.filters import export_command
from ui.changes import changes_section
from ui.exports import data_download, file_name
from ui.tables import fits, show_problems, show_table

p = ui.page(N_("Data and downloads"), downloads=True, name="data")
t = p.t
st.markdown(
    t("Every table and download below holds exactly what the map shows: {caption}.").format(
        caption=ui.md(p.sel.caption)
    )
)
data_download(p, key="dl_zip", primary=True)

# A coverage feature is one project in one country: its count is not a count of countries.
HEADINGS = {"coverage": N_("Country coverage: project-country pairs ({count})")}
for name in LAYERS:
    gdf = p.sel.layer(name)
    heading = t(HEADINGS.get(name, "{title} ({count})"))
    # A layer too large to read whole (the store's, see README) is here as the map's cells.
    large = name in p.data.large and name in p.sel.layers
    count = p.sel.figures.events if large else len(gdf)
    heading = heading.format(title=t(LAYER_TITLES[name]), count=count)
    st.header(heading, anchor=False)
    if large:
        st.info(
            t(
                "This layer holds more activities than the app reads at once: the tables and "
                "downloads of this page hold the {cells} grid cells the map draws. Every "
                "activity, with the same filters, comes from the command line, run with the "
                "same GEO_DATABASE_URL:"
            ).format(cells=len(gdf)),
            icon=":material/info:",
        )
        st.code(export_command(name, p.view.filters), language="bash", wrap_lines=True)
    if gdf.empty:
        ui.empty_notice(p, LAYER_TITLES[name])
        continue
    table = gdf.drop(columns="geometry")
    if large or not fits(len(table)):  # too many rows to show whole: the grid reads them lazily
        st.dataframe(table, hide_index=True, width="stretch", height=220)
    else:  # every row and every word, as a plain table
        show_table(table, heading)
    saved_as = file_name(p, name + ("-cells" if large else ""), "geojson")
    st.download_button(
        t("Download {file}").format(file=saved_as),
        to_geojson(gdf),
        file_name=saved_as,
        mime="application/geo+json",
        key=f"dl_{name}",
        on_click="ignore",
        icon=":material/download:",
    )

changes_section(p)

st.header(t("Data dictionary"), anchor=False)
for spec in SPECS.values():
    title = f"{spec.filename}: {t(spec.doc)}"
    with st.expander(title):
        geometry = " / ".join(spec.geometry_types) or t("none (a table)")
        st.caption(t("Geometry") + ": " + geometry)
        show_table(dictionary_rows(spec, t), title)

st.header(t("Validation status"), anchor=False)
if p.data.ok:
    st.success(
        t("Every data file passes validation (python -m geo validate)."),
        icon=":material/check_circle:",
    )
else:
    st.error(
        t("{count} problem(s); the features concerned are left out.").format(
            count=len(p.data.problems)
        ),
        icon=":material/error:",
    )
    show_problems(p.data.problems, p.t)
