"""Data shared by every session: loaded once, reloaded when a file changes on disk."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import streamlit as st

import geo
from geo.render.assets import publish_leaflet
from geo.render.maps import display_basemap

ROOT = Path(__file__).resolve().parent.parent


@st.cache_resource(show_spinner=False)
def publish_assets() -> str:
    """Copy Leaflet from its package into the static folder, once per server."""
    return str(publish_leaflet(ROOT / "static"))


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(folder: str, signature: str) -> geo.Dataset:
    # One copy for all sessions; the signature changes when a file changes on disk.
    return geo.load_dataset(folder)


@st.cache_resource(show_spinner=False, max_entries=4)
def _basemap(folder: str, signature: str) -> gpd.GeoDataFrame:
    return display_basemap(_dataset(folder, signature).basemap)


def dataset() -> geo.Dataset:
    """The validated data."""
    folder = str(geo.data_dir())
    return _dataset(folder, geo.data_signature(folder))


def basemap() -> gpd.GeoDataFrame:
    """The simplified basemap for display."""
    folder = str(geo.data_dir())
    return _basemap(folder, geo.data_signature(folder))
