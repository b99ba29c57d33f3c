"""The only Streamlit glue: cached data, the shared sidebar synced with the URL, map display.

Every page calls :func:`page` first; it returns a :class:`Page` with the data, the
filters and the filtered layers, so pages stay a few lines of layout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geo
import geo.popups
from geo.assets import publish_leaflet
from geo.filters import Filters
from geo.maps import MapOptions, build_map, display_basemap
from geo.schema import LAYERS
from geo.urlstate import ViewState, parse_view

ROOT = Path(__file__).resolve().parent
TILE_URL_ENV, TILE_ATTR_ENV = "GEO_TILE_URL", "GEO_TILE_ATTRIBUTION"
OSM_TILES = ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors")
NAV = (
    ("app.py", "Overview", ":material/map:"),
    ("pages/routes.py", "Routes and hubs", ":material/route:"),
    ("pages/coverage.py", "Country coverage", ":material/public:"),
    ("pages/events.py", "Events and timeline", ":material/event:"),
    ("pages/data.py", "Data and downloads", ":material/download:"),
    ("pages/about.py", "About and sources", ":material/menu_book:"),
)
LAYER_LABELS = {
    "coverage": "Country coverage",
    "routes": "Smuggling routes",
    "hubs": "Key hub cities",
    "events": "Activities",
}


@st.cache_resource(show_spinner=False)
def _publish_assets() -> str:
    return str(publish_leaflet(ROOT / "static"))


@st.cache_resource(show_spinner="Loading and checking the data…", max_entries=4)
def _dataset(folder: str, signature: str) -> geo.Dataset:
    # One copy for every session: the signature changes when a file changes on disk.
    return geo.load_dataset(folder)


@st.cache_resource(show_spinner=False, max_entries=4)
def _basemap(folder: str, signature: str) -> gpd.GeoDataFrame:
    return display_basemap(_dataset(folder, signature).basemap)


def dataset() -> geo.Dataset:
    """The validated data, shared by all sessions, reloaded when a file changes."""
    folder = str(geo.data_dir())
    return _dataset(folder, geo.data_signature(folder))


def basemap() -> gpd.GeoDataFrame:
    """The simplified basemap for display."""
    folder = str(geo.data_dir())
    return _basemap(folder, geo.data_signature(folder))


@dataclass(frozen=True)
class Page:
    """What a page needs: data, view state, the filtered layers and a caption."""

    data: geo.Dataset
    view: ViewState
    layers: dict[str, gpd.GeoDataFrame]
    projects: pd.DataFrame
    caption: str

    @property
    def filters(self) -> Filters:
        """The filters of the view."""
        return self.view.filters

    @property
    def project_names(self) -> dict[str, str]:
        """Short name of every project, by id."""
        return dict(zip(self.data.projects["id"], self.data.projects["short_name"], strict=True))


def page(title: str) -> Page:
    """Set up a page: title, data notices, the shared sidebar; return what it shows."""
    st.set_page_config(
        page_title=f"{title} · North Africa smuggling routes",
        page_icon=str(ROOT / "assets" / "favicon.png"),
        layout="wide",
        initial_sidebar_state="expanded",
    )
    _publish_assets()
    data = dataset()
    view = _sidebar(data)
    st.title(title)
    _data_notice(data)
    layers = {
        name: view.filters.apply(name, data.layer(name), data.projects)
        if name in view.layers
        else data.layer(name).iloc[0:0]
        for name in LAYERS
    }
    names = dict(zip(data.projects["id"], data.projects["short_name"], strict=True))
    projects = view.filters.selected_projects(data.projects)
    return Page(data, view, layers, projects, view.filters.describe(names))


def _sidebar(data: geo.Dataset) -> ViewState:
    known = list(data.projects["id"])
    view = _view_from_url(known)
    years = _year_span(data)
    names = dict(zip(data.projects["id"], data.projects["short_name"], strict=True))
    # Widgets follow the URL: set their state before drawing them.
    st.session_state["w_projects"] = list(view.filters.projects)
    st.session_state["w_years"] = view.filters.years or years
    st.session_state["w_layers"] = list(view.layers)
    with st.sidebar:
        for path, label, icon in NAV:
            st.page_link(path, label=label, icon=icon, query_params=view.to_query_params())
        st.divider()
        st.header("Filters")
        st.multiselect(
            "Projects",
            known,
            key="w_projects",
            format_func=lambda pid: names.get(pid, pid),
            placeholder="All projects",
            on_change=_widgets_to_url,
            args=(years,),
            help="No project chosen shows every project.",
        )
        st.slider(
            "Years",
            min_value=years[0],
            max_value=years[1],
            key="w_years",
            on_change=_widgets_to_url,
            args=(years,),
            help="A project shows in the years between its start and end; an activity in the "
            "years of its dates.",
        )
        st.pills(
            "Layers",
            list(LAYERS),
            selection_mode="multi",
            key="w_layers",
            format_func=lambda name: LAYER_LABELS[name],
            on_change=_widgets_to_url,
            args=(years,),
        )
        choices = ["offline", "osm"] + (["custom"] if os.environ.get(TILE_URL_ENV) else [])
        st.selectbox(
            "Base map",
            choices,
            key="base_map",
            format_func={
                "offline": "Built-in map (works offline)",
                "osm": "OpenStreetMap tiles (needs internet)",
                "custom": "Internal tile server",
            }.get,
            help="The built-in map needs no network. Online tiles are fetched from another host.",
        )
    return view


def _view_from_url(known: list[str]) -> ViewState:
    """The view from the URL; when the URL has none (a page switch), the last one."""
    view, notices = parse_view(st.query_params, known)
    if st.query_params:
        st.session_state["view"] = view
    elif "view" in st.session_state:
        view = st.session_state["view"]
        st.query_params.from_dict(view.to_query_params())
    for notice in notices:
        st.warning(notice, icon=":material/warning:")
    return view


def _widgets_to_url(full_span: tuple[int, int]) -> None:
    years = tuple(st.session_state["w_years"])
    filters = Filters(tuple(st.session_state["w_projects"]), None if years == full_span else years)
    layers = tuple(name for name in LAYERS if name in (st.session_state["w_layers"] or []))
    view = replace(st.session_state.get("view", ViewState()), filters=filters, layers=layers)
    st.session_state["view"] = view
    st.query_params.from_dict(view.to_query_params())


def _year_span(data: geo.Dataset) -> tuple[int, int]:
    starts = list(data.projects["start_date"]) + list(data.layer("events")["start_date"])
    ends = list(data.projects["end_date"]) + list(data.layer("events")["end_date"])
    if not starts:
        return (2007, 2024)
    return (min(int(s[:4]) for s in starts), max(int(e[:4]) for e in ends))


def _data_notice(data: geo.Dataset) -> None:
    if data.ok:
        return
    files = sorted({p.file for p in data.problems})
    st.error(
        f"Some data could not be used ({len(data.problems)} problem(s) in {', '.join(files)}). "
        "Everything sound is shown; the features named below are left out.",
        icon=":material/error:",
    )
    with st.expander("Data problems"):
        st.dataframe(
            pd.DataFrame([p.__dict__ for p in data.problems]), hide_index=True, width="stretch"
        )


def map_options(view: ViewState, **overrides) -> MapOptions:
    """Map options for the view: language, layers, optional tile server from config."""
    tile_url, attribution = None, ""
    if st.session_state.get("base_map") == "osm":
        tile_url, attribution = OSM_TILES
    elif st.session_state.get("base_map") == "custom":
        tile_url = os.environ.get(TILE_URL_ENV)
        attribution = os.environ.get(TILE_ATTR_ENV, "Internal tile server")
    overrides.setdefault("layers", view.layers)
    return MapOptions(lang=view.lang, tile_url=tile_url, tile_attribution=attribution, **overrides)


def show_map(p: Page, key: str, height: int = 600, **overrides) -> dict | None:
    """Draw the page's map; return the properties of the feature last clicked."""
    with st.spinner("Drawing the map…"):
        m = build_map(
            p.layers, basemap(), p.data.projects, map_options(p.view, height=height, **overrides)
        )
    st.caption(f"Showing: {p.caption}")
    out = st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
    )
    clicked = (out or {}).get("last_active_drawing") or {}
    return clicked.get("properties")


def empty_notice(p: Page, what: str) -> None:
    """Say in words that nothing matches, instead of an empty map."""
    st.info(f"No {what} match {p.caption}.", icon=":material/info:")


_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+-.!|<>~$"})


def md(text: object) -> str:
    """Text from data made inert for Markdown (no links, images or HTML)."""
    return "" if text is None else str(text).translate(_MD_SPECIAL)


def show_details(p: Page, props: dict | None) -> None:
    """Details of the feature clicked on the map, beside it."""
    if not props or not props.get("id"):
        st.caption("Click a city, route, country or activity on the map to see its details here.")
        return
    for name in LAYERS:
        gdf = p.data.layer(name)
        match = gdf[gdf["id"] == props["id"]]
        if len(match):
            row = match.iloc[0].drop(labels="geometry").to_dict()
            break
    else:
        return
    st.subheader(row.get(f"name_{p.view.lang}") or row.get("name") or row["id"], anchor=False)
    shown = {
        k: (", ".join(v) if isinstance(v, list) else v)
        for k, v in row.items()
        if v not in (None, "", []) and k not in ("source_url",)
    }
    st.dataframe(
        pd.DataFrame({"field": list(shown), "value": [str(v) for v in shown.values()]}),
        hide_index=True,
        width="stretch",
    )
    url = row.get("source_url")
    if url and geo.popups.safe_url(url):
        st.link_button("Open the source", geo.popups.safe_url(url))
