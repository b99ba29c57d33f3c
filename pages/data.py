import streamlit as st

import ui
from geo import LAYERS, SPECS
from geo.export import bundle_zip
from geo.io import to_geojson

p = ui.page("Data and downloads")
st.markdown(
    f"Every table and download below holds exactly what the map shows: **{ui.md(p.caption)}**."
)

with st.spinner("Preparing the downloads…"):
    bundle = bundle_zip(p.layers, p.projects, p.caption)
st.download_button(
    "Download everything (ZIP: GeoJSON, GeoPackage, CSV, README)",
    bundle,
    file_name="north-africa-smuggling-routes.zip",
    mime="application/zip",
    type="primary",
    on_click="ignore",
)

for name in LAYERS:
    gdf = p.layers[name]
    st.subheader(f"{ui.LAYER_LABELS[name]} ({len(gdf)})", anchor=False)
    if gdf.empty:
        ui.empty_notice(p, ui.LAYER_LABELS[name].lower())
        continue
    st.dataframe(gdf.drop(columns="geometry"), hide_index=True, width="stretch", height=220)
    st.download_button(
        f"Download {name}.geojson",
        to_geojson(gdf),
        file_name=f"{name}.geojson",
        mime="application/geo+json",
        key=f"dl_{name}",
        on_click="ignore",
    )

st.subheader("Data dictionary", anchor=False)
for spec in SPECS.values():
    with st.expander(f"{spec.filename}: {spec.doc}"):
        geometry = " or ".join(spec.geometry_types) or "none (a table)"
        st.caption(
            f"Geometry: {geometry}"
            + (", or null" if spec.allow_null_geometry and spec.geometry_types else "")
        )
        st.dataframe(
            [
                {"field": f.name, "kind": f.kind, "required": f.required, "meaning": f.doc}
                for f in spec.fields
            ],
            hide_index=True,
            width="stretch",
        )

st.subheader("Validation status", anchor=False)
if p.data.ok:
    st.success(
        "Every data file passes validation (`python -m geo validate`).",
        icon=":material/check_circle:",
    )
else:
    st.error(
        f"{len(p.data.problems)} problem(s); the features concerned are left out.",
        icon=":material/error:",
    )
    st.dataframe([p_.__dict__ for p_ in p.data.problems], hide_index=True, width="stretch")
