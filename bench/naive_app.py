"""The naive page the benchmark compares the overview with: folium's defaults, no tuning.

Same layers as the overview (hubs, routes, coverage, events from ``geo.load_dataset()``)
over the full, unsimplified basemap, one ``folium.GeoJson(gdf)`` per layer, every
property kept, drawn by ``st_folium(m)``. Leaflet comes from this page's own static
folder so it draws offline: run it with ``--server.enableStaticServing true`` from a
folder holding ``static/vendor/leaflet`` (``bench/benchmark.py`` prepares one).
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

import geo
from geo.data.schema import LAYERS
from geo.render.assets import local_links

st.set_page_config(page_title="Naive folium map", layout="wide")
st.title("Naive folium map")
data = geo.load_dataset()
m = folium.Map(tiles=None)
m.default_js, m.default_css = local_links()
folium.GeoJson(data.basemap).add_to(m)
for name in LAYERS:
    layer = data.layer(name)
    if not layer.empty:
        folium.GeoJson(layer).add_to(m)
st_folium(m)
