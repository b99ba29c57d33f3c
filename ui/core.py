"""Page set-up: the view from the URL, the shared sidebar, notices, language and layout."""

from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd
import streamlit as st

import geo
from geo.filters import Filters
from geo.i18n import LANGUAGE_NAMES, LANGUAGES, N_, Translate, is_rtl, translator
from geo.schema import LAYERS
from geo.urlstate import ViewState, parse_view
from ui import style
from ui.data import ROOT, dataset, publish_assets

NAV = (
    ("app.py", N_("Overview"), ":material/map:"),
    ("pages/routes.py", N_("Routes and hubs"), ":material/route:"),
    ("pages/coverage.py", N_("Country coverage"), ":material/public:"),
    ("pages/events.py", N_("Events and timeline"), ":material/event:"),
    ("pages/data.py", N_("Data and downloads"), ":material/download:"),
    ("pages/about.py", N_("About and sources"), ":material/menu_book:"),
)
LAYER_LABELS = {
    "coverage": N_("Country coverage"),
    "routes": N_("Smuggling routes"),
    "hubs": N_("Key hub cities"),
    "events": N_("Activities"),
}
NOTICE_LINES = 5
BASE_MAPS = {
    "offline": N_("Built-in map (works offline)"),
    "osm": N_("OpenStreetMap tiles (needs internet)"),
    "custom": N_("Internal tile server"),
}


@dataclass(frozen=True)
class Page:
    """What a page needs: data, view, filtered layers, caption and translator."""

    data: geo.Dataset
    view: ViewState
    layers: dict[str, gpd.GeoDataFrame]
    projects: pd.DataFrame
    caption: str
    t: Translate

    @property
    def lang(self) -> str:
        """The interface language."""
        return self.view.lang

    @property
    def project_names(self) -> dict[str, str]:
        """Short name of every project, by id, in the interface language."""
        return geo.popups.short_names(self.data.projects, self.lang)


def page(title: str) -> Page:
    """Set up a page: title, notices, the shared sidebar; return what it shows.

    In presenter mode the briefing replaces the page and the script stops here.
    """
    view, notices = _view_from_url()
    t = translator(view.lang)
    st.set_page_config(
        page_title=t(title) + " · " + t("North Africa smuggling routes"),
        page_icon=str(ROOT / "assets" / "favicon.png"),
        layout="wide",
        initial_sidebar_state="collapsed" if view.present else "expanded",
    )
    publish_assets()
    data = dataset()
    style.apply(view, is_rtl(view.lang))
    # Notices quote URL text: made inert for Markdown, and a flood is cut short.
    for notice in notices[:NOTICE_LINES]:
        st.warning(md(notice), icon=":material/warning:")
    if len(notices) > NOTICE_LINES:
        st.warning(t("and {count} more").format(count=len(notices) - NOTICE_LINES))
    layers = {
        name: view.filters.apply(name, data.layer(name), data.projects)
        if name in view.layers
        else data.layer(name).iloc[0:0]
        for name in LAYERS
    }
    names = geo.popups.short_names(data.projects, view.lang)
    p = Page(
        data,
        view,
        layers,
        view.filters.selected_projects(data.projects),
        view.filters.describe(names, t),
        t,
    )
    if view.present:
        from ui.present import briefing

        briefing(p)
        st.stop()
    _sidebar(p)
    st.title(t(title), anchor=False)
    _data_notice(p)
    return p


def _view_from_url() -> tuple[ViewState, list[str]]:
    """The view from the URL; when the URL has none (a page switch), the last one."""
    known = list(dataset().projects["id"])
    lang_hint = str(st.query_params.get("lang", "en")).strip().lower()
    view, notices = parse_view(st.query_params, known, translator(lang_hint))
    if st.query_params:
        st.session_state["view"] = view
    elif "view" in st.session_state:
        view = st.session_state["view"]
        st.query_params.from_dict(view.to_query_params())
    return view, notices


def set_view(view: ViewState) -> None:
    """Make ``view`` the current one, in the session and in the URL."""
    st.session_state["view"] = view
    st.query_params.from_dict(view.to_query_params())


def _sidebar(p: Page) -> None:
    t, view, data = p.t, p.view, p.data
    span = year_span(data)
    # Widgets follow the URL: their state is set before they are drawn.
    st.session_state["w_lang"] = view.lang
    st.session_state["w_projects"] = list(view.filters.projects)
    st.session_state["w_years"] = view.filters.years or span
    st.session_state["w_layers"] = list(view.layers)
    with st.sidebar:
        for path, label, icon in NAV:
            st.page_link(path, label=t(label), icon=icon, query_params=view.to_query_params())
        st.divider()
        st.selectbox(
            t("Language"),
            LANGUAGES,
            key="w_lang",
            format_func=LANGUAGE_NAMES.get,
            on_change=_widgets_to_url,
            args=(span,),
        )
        st.header(t("Filters"), anchor=False)
        st.multiselect(
            t("Projects"),
            list(data.projects["id"]),
            key="w_projects",
            format_func=lambda pid: p.project_names.get(pid, pid),
            placeholder=t("All projects"),
            on_change=_widgets_to_url,
            args=(span,),
            help=t("No project chosen shows every project."),
        )
        # A link may name years outside the data: the slider widens to show them.
        chosen = view.filters.years or span
        st.slider(
            t("Years"),
            min_value=min(span[0], chosen[0]),
            max_value=max(span[1], chosen[1]),
            key="w_years",
            on_change=_widgets_to_url,
            args=(span,),
            help=t(
                "A project shows in the years between its start and end; "
                "an activity in the years of its dates."
            ),
        )
        st.pills(
            t("Layers"),
            list(LAYERS),
            selection_mode="multi",
            key="w_layers",
            format_func=lambda name: t(LAYER_LABELS[name]),
            on_change=_widgets_to_url,
            args=(span,),
        )
        from ui.mapview import base_map_choice, place_search

        place_search(p)
        base_map_choice(p)
        st.divider()
        st.button(
            t("Presenter mode"),
            icon=":material/co_present:",
            on_click=lambda: set_view(replace(st.session_state["view"], present=True, step=0)),
            help=t("A clean, large map and a step-by-step walk through the activities."),
            width="stretch",
        )


def _widgets_to_url(full_span: tuple[int, int]) -> None:
    years = tuple(st.session_state["w_years"])
    filters = Filters(tuple(st.session_state["w_projects"]), None if years == full_span else years)
    layers = tuple(name for name in LAYERS if name in (st.session_state["w_layers"] or []))
    old = st.session_state.get("view", ViewState())
    new = replace(old, filters=filters, layers=layers, lang=st.session_state["w_lang"])
    if new.filters != old.filters:
        new = replace(new, step=0)
    set_view(new)


def year_span(data: geo.Dataset) -> tuple[int, int]:
    """The first and last year of the projects and activities."""
    starts = list(data.projects["start_date"]) + list(data.layer("events")["start_date"])
    ends = list(data.projects["end_date"]) + list(data.layer("events")["end_date"])
    if not starts:
        return (2007, 2024)
    return (min(int(s[:4]) for s in starts), max(int(e[:4]) for e in ends))


def _data_notice(p: Page) -> None:
    data, t = p.data, p.t
    if data.ok:
        return
    files = ", ".join(sorted({x.file for x in data.problems}))
    shown = sorted(data.problems)[:NOTICE_LINES]
    lines = "\n".join(f"- {md(str(x))}" for x in shown)
    more = len(data.problems) - len(shown)
    st.error(
        t(
            "Some data could not be used ({count} problem(s) in {files}). Everything sound is "
            "shown; the features named below are left out."
        ).format(count=len(data.problems), files=files)
        + "\n\n"
        + lines
        + ("\n\n" + t("and {count} more").format(count=more) if more > 0 else ""),
        icon=":material/error:",
    )
    with st.expander(t("Data problems")):
        problems_table(p)


def problems_table(p: Page) -> None:
    """Every data problem: file, feature, field, what is wrong."""
    t = p.t
    st.dataframe(
        pd.DataFrame(
            [[x.file, x.feature, x.field, x.message] for x in p.data.problems],
            columns=[t("File"), t("Feature"), t("Field"), t("Problem")],
        ),
        hide_index=True,
        width="stretch",
    )


def field_line(label: str, value: str) -> str:
    """A bold label and its (already made inert) value, as one Markdown line."""
    return f"**{label}:** {value}"


_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+-.!|<>~$:"})


def md(text: object) -> str:
    """Text from data made inert for Markdown (no links, images or HTML)."""
    return "" if text is None else str(text).translate(_MD_SPECIAL)


def empty_notice(p: Page, what: str) -> None:
    """Say in words that nothing matches, instead of an empty map."""
    st.info(
        p.t("No {what} match {caption}.").format(what=p.t(what).lower(), caption=p.caption),
        icon=":material/info:",
    )
