import streamlit as st

import ui
from geo.export import DISCLAIMER

p = ui.page("About and sources")
st.markdown(
    """
This dashboard maps the fight against migrant smuggling and human trafficking in North Africa:
the key hub cities selected along the smuggling routes, the routes themselves, which project
covers which country, and where and when each activity took place.

**Every fact traces to its source.** The projects, hub cities and dated activities come from
UNODC documents; the routes come from public sources (Frontex, Reuters, IOM, UNHCR, press
reports...) that each route leg names, and are marked *documented* or *indicative*. A place that
no source states stays off the map: such activities are listed with an empty place.
"""
)
st.subheader("Source documents", anchor=False)
sources = sorted({(r.source, r.source_url) for r in p.data.projects.itertuples()})
for gdf in p.data.layers.values():
    sources = sorted(set(sources) | {(r.source, r.source_url) for r in gdf.itertuples()})
for title, url in sources:
    link = ui.geo.popups.safe_url(url)
    st.markdown(f"- {ui.md(title)}" + (f" — `{ui.md(link)}`" if link else ""))
st.subheader("How to cite", anchor=False)
st.code(
    "North Africa smuggling-routes dashboard (data from UNODC and the public sources named in "
    "each feature), accessed <date>.",
    language=None,
)
st.subheader("Basemap and boundaries", anchor=False)
st.markdown(
    "Country boundaries and land: Natural Earth 1:50m (public domain), drawn from the app itself."
)
st.info(DISCLAIMER, icon=":material/info:")
