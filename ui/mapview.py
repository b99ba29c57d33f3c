"""Maps on a page: build, show, the clicked feature's details, place search, base map choice."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.data.schema import LAYERS
from geo.i18n import N_, localized
from geo.render.maps import MapOptions, build_map
from geo.render.popups import safe_url
from geo.view.search import search_places
from ui.context import Page, md
from ui.data import basemap

TILE_URL_ENV, TILE_ATTR_ENV = "GEO_TILE_URL", "GEO_TILE_ATTRIBUTION"
OSM_TILES = ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors")
FOCUS_ZOOM = 8


def map_options(p: Page, **overrides) -> MapOptions:
    """Map options for the view: the chosen base map, and ``overrides`` (height, focus...)."""
    tile_url, attribution = None, ""
    if st.session_state.get("base_map") == "osm":
        tile_url, attribution = OSM_TILES
    elif st.session_state.get("base_map") == "custom":
        tile_url = os.environ.get(TILE_URL_ENV)
        attribution = os.environ.get(TILE_ATTR_ENV) or p.t("Internal tile server")
    return MapOptions(tile_url=tile_url, tile_attribution=attribution, **overrides)


def show_map(
    p: Page,
    key: str,
    layers: tuple[str, ...] | None = None,
    caption: bool = True,
    **overrides,
) -> dict | None:
    """Draw the page's map of ``layers`` (default: all the view shows); return the click.

    Returns the properties of the feature last clicked, or ``None``.
    """
    sel = p.sel if layers is None else p.sel.only(layers)
    found = st.session_state.get("found_place")  # set by the sidebar's place search
    if found and "focus" not in overrides:
        overrides["focus"] = (found["lat"], found["lon"], FOCUS_ZOOM)
        overrides.setdefault("highlight", found["id"])
    options = map_options(p, **overrides)
    with st.spinner(p.t("Drawing the map…")):
        m = build_map(sel, basemap(), options)
    if caption:
        st.caption(p.t("Showing: {caption}").format(caption=md(sel.caption)))
    out = st_folium(
        m,
        key=key,
        height=options.height,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
    )
    clicked = (out or {}).get("last_active_drawing") or {}
    return clicked.get("properties")


def map_with_details(p: Page, key: str, **overrides) -> None:
    """The page's map, with the details of the clicked feature in a column beside it."""
    map_col, side = st.columns([3, 1])
    with map_col:
        clicked = show_map(p, key=key, **overrides)
    with side:
        show_details(p, clicked)


def show_details(p: Page, props: dict | None) -> None:
    """All the fields of the feature clicked on the map, beside it."""
    t = p.t
    if not props or not props.get("id"):
        st.caption(
            t("Click a city, route, country or activity on the map to see its details here.")
        )
        return
    row = _find(p, props["id"])
    if row is None:
        return
    st.subheader(localized(row, "name", p.lang) or row["id"], anchor=False)
    shown = {
        k: (", ".join(v) if isinstance(v, list) else str(v))
        for k, v in row.items()
        if v not in (None, "", []) and k != "geometry"
    }
    st.dataframe(
        pd.DataFrame({t("Field"): list(shown), t("Value"): list(shown.values())}),
        hide_index=True,
        width="stretch",
    )
    url = safe_url(row.get("source_url"))
    if url:
        st.link_button(t("Open the source"), url, icon=":material/open_in_new:")


def _find(p: Page, feature_id: str) -> dict | None:
    for name in LAYERS:
        gdf = p.data.layer(name)
        match = gdf[gdf["id"] == feature_id]
        if len(match):
            return match.iloc[0].to_dict()
    return None


def place_search(p: Page) -> None:
    """Find a hub or activity by any of its spellings and move the map to it."""
    t = p.t
    query = st.text_input(
        t("Find a place"),
        key="w_search",
        placeholder=t("e.g. Qatrun, Gatroun, القطرون"),
        help=t("Hub cities and activities, by any spelling in English, French or Arabic."),
    )
    if not query:
        st.session_state.pop("found_place", None)
        return
    matches = search_places(query, p.data.layer("hubs"), p.data.layer("events"), p.lang)
    if not matches:
        st.caption(t("No place matches {query}.").format(query=md(repr(query[:40]))))
        st.session_state.pop("found_place", None)
        return
    labels = [m.label for m in matches]
    chosen = st.selectbox(t("Matches"), range(len(matches)), format_func=labels.__getitem__)
    match = matches[chosen]
    st.session_state["found_place"] = {"lon": match.lon, "lat": match.lat, "id": match.id}


BASE_MAPS = {
    "offline": N_("Built-in map (works offline)"),
    "osm": N_("OpenStreetMap tiles (needs internet)"),
    "custom": N_("Internal tile server"),
}


def base_map_choice(p: Page) -> None:
    """Offline basemap by default; online tiles only when chosen."""
    choices = ["offline", "osm"] + (["custom"] if os.environ.get(TILE_URL_ENV) else [])
    st.selectbox(
        p.t("Base map"),
        choices,
        key="base_map",
        format_func=lambda c: p.t(BASE_MAPS[c]),
        help=p.t("The built-in map needs no network. Online tiles are fetched from another host."),
    )
