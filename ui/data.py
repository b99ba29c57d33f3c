"""Data shared by every session: loaded once, reloaded when a file changes on disk.

With ``$GEO_DATABASE_URL`` set the data comes from the store instead: one
:class:`geo.store.replica.Replica` per process checks the database's version every few
seconds and reloads on a new one; while the database cannot be reached the last data is
served, with a notice that it may be stale.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import streamlit as st

import geo
from geo.data.dataset import DATABASE_URL_ENV
from geo.i18n import translator
from geo.render.assets import publish_leaflet
from geo.render.basemap import display_basemap
from ui.private_api import run_token

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


@st.cache_resource(show_spinner=False)
def _replica(url: str):
    from geo.store import agent, engine
    from geo.store.replica import Replica

    replica = Replica(engine(url, reader=True))
    agent.serve(replica.status)  # the store's state for HAProxy, with $GEO_AGENT_PORT
    return replica


@st.cache_resource(show_spinner=False, max_entries=2)
def _store_basemap(url: str, version: int | None) -> gpd.GeoDataFrame:
    return display_basemap(_replica(url).get().data.basemap)


def store_engine(url: str):
    """The app's read-only engine of the store (the replica's)."""
    return _replica(url).engine


def dataset() -> geo.Dataset:
    """The validated data."""
    url = os.environ.get(DATABASE_URL_ENV)
    if url:
        return _from_store(url).data
    folder = str(geo.data_dir())
    return _dataset(folder, geo.data_signature(folder))


def basemap() -> gpd.GeoDataFrame:
    """The simplified basemap for display."""
    url = os.environ.get(DATABASE_URL_ENV)
    if url:
        return _store_basemap(url, _from_store(url).version)
    folder = str(geo.data_dir())
    return _basemap(folder, geo.data_signature(folder))


def _from_store(url: str):
    from geo.store.replica import StoreUnavailable

    try:
        current = _replica(url).get()
    except StoreUnavailable:  # no data read yet: nothing to show
        st.error(
            _t()("The database cannot be reached and no data has been read from it yet."),
            icon=":material/cloud_off:",
        )
        st.stop()
    if current.stale:
        _stale_notice(current)
    return current


def _stale_notice(current) -> None:
    """Once a run: the database did not answer, so the data shown may be out of date."""
    run = run_token()
    if run is None or st.session_state.get("_stale_notice_run") is run:
        return
    st.session_state["_stale_notice_run"] = run
    t = _t()
    since = datetime.fromtimestamp(current.stale_since, UTC).strftime("%H:%M UTC")
    st.warning(
        t(
            "The database cannot be reached (since {time}): the data shown is the last "
            "version read ({version}) and may be out of date."
        ).format(time=since, version=current.version),
        icon=":material/cloud_off:",
    )


def _t():
    """The translator of the view's language (this runs before the page has its view)."""
    view = st.session_state.get("view")
    return translator(getattr(view, "lang", None) or str(st.query_params.get("lang", "en")))
