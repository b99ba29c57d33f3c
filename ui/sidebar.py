"""The sidebar every page shares: page links, language, filters, layers, search, base map.

Widgets follow the URL: their state is set from the view before they are drawn, and a
change writes the new view back to the URL.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

import streamlit as st

from geo.data.dataset import Dataset
from geo.data.schema import LAYERS
from geo.i18n import LANGUAGE_NAMES, LANGUAGES, N_
from geo.render.style import LAYER_TITLES
from geo.view.filters import Filters
from geo.view.urlstate import ViewState
from ui import style
from ui.context import Page, set_view
from ui.mapview import base_choices, base_map_choice, place_search
from ui.scripts import run_script

NAV = (
    ("app.py", N_("Overview"), ":material/map:"),
    ("pages/routes.py", N_("Routes and hubs"), ":material/route:"),
    ("pages/coverage.py", N_("Country coverage"), ":material/public:"),
    ("pages/events.py", N_("Events and timeline"), ":material/event:"),
    ("pages/data.py", N_("Data and downloads"), ":material/download:"),
    ("pages/about.py", N_("About and sources"), ":material/menu_book:"),
)


def sidebar(p: Page, layers: tuple[str, ...]) -> None:
    """Draw the shared sidebar for the page ``p``, whose maps and tables draw ``layers``."""
    t, view, data = p.t, p.view, p.data
    span = year_span(data)
    st.session_state["w_lang"] = view.lang
    st.session_state["w_projects"] = list(view.filters.projects)
    st.session_state["w_years"] = view.filters.years or span
    st.session_state["w_layers"] = [name for name in view.layers if name in layers]
    st.session_state["w_base"] = view.base if view.base in base_choices() else "offline"
    change = {"on_change": _widgets_to_url, "args": (span, layers)}
    with st.sidebar:
        st.html(style.css("sidebar"))
        for path, label, icon in NAV:
            st.page_link(path, label=t(label), icon=icon, query_params=view.to_query_params())
        st.divider()
        with st.container(gap=None, key="w_lang_field"):
            _field_label(t("Language"))
            st.selectbox(
                t("Language"),
                LANGUAGES,
                key="w_lang",
                format_func=LANGUAGE_NAMES.get,
                label_visibility="collapsed",
                **change,
            )
        st.header(t("Filters"), anchor=False)
        st.multiselect(
            t("Projects"),
            list(data.projects["id"]),
            key="w_projects",
            format_func=lambda pid: p.sel.project_names.get(pid, pid),
            placeholder=t("All projects"),
            **change,
            help=t("No project chosen shows every project."),
        )
        # A link may name years outside the data: the slider widens to show them.
        chosen = view.filters.years or span
        st.slider(
            t("Years"),
            min_value=min(span[0], chosen[0]),
            max_value=max(span[1], chosen[1]),
            key="w_years",
            **change,
            help=t(
                "A project shows in the years between its start and end; "
                "an activity in the years of its dates."
            ),
        )
        if layers:  # only the layers this page draws
            with st.container(gap=None, key="w_layers_field"):
                _field_label(t("Layers"))
                st.pills(
                    t("Layers"),
                    list(layers),
                    selection_mode="multi",
                    key="w_layers",
                    format_func=lambda name: t(LAYER_TITLES[name]),
                    label_visibility="collapsed",
                    **change,
                )
        place_search(p)
        base_map_choice(p, lambda: _widgets_to_url(span, layers))
        st.divider()
        st.button(
            t("Presenter mode"),
            icon=":material/co_present:",
            on_click=lambda: set_view(replace(st.session_state["view"], present=True, step=0)),
            help=t("A clean, large map and a step-by-step walk through the activities."),
            width="stretch",
        )
        _close_on_phone()


def _field_label(text: str) -> None:
    """A field's label that assistive technology reads, drawn as Streamlit draws its own.

    Streamlit hides the text of every widget label from assistive technology (the field
    carries the same text as ``aria-label``); a label with a help button still holds that
    button's name, but "Language" and "Layers", which have none, held nothing a screen
    reader reads: reading the sidebar line by line skipped them. Their own label is
    collapsed and this one, plain text, is drawn in its place.
    """
    st.html(f'<p class="geo-field-label">{escape(text)}</p>')


def _close_on_phone() -> None:
    """After a choice in the sidebar, close it on a phone (a new element runs its script)."""
    choice = st.session_state.pop("sidebar_choice", None)
    if choice is not None:
        run_script("close_sidebar", key=f"sidebar_closer_{choice}")


def _widgets_to_url(full_span: tuple[int, int], page_layers: tuple[str, ...]) -> None:
    st.session_state["sidebar_choice"] = st.session_state.get("sidebar_choices", 0) + 1
    st.session_state["sidebar_choices"] = st.session_state["sidebar_choice"]
    years = tuple(st.session_state["w_years"])
    filters = Filters(tuple(st.session_state["w_projects"]), None if years == full_span else years)
    old = st.session_state.get("view", ViewState())
    # The chips show this page's layers: the choice of the others stays as it was.
    chosen = set(st.session_state.get("w_layers") or [])
    kept = set(old.layers) - set(page_layers)
    layers = tuple(name for name in LAYERS if name in chosen | kept)
    new = replace(
        old,
        filters=filters,
        layers=layers,
        lang=st.session_state["w_lang"],
        base=st.session_state["w_base"],
    )
    if new.filters != old.filters:
        new = replace(new, step=0)
    set_view(new)


def year_span(data: Dataset) -> tuple[int, int]:
    """The first and last year of the projects and activities."""
    starts = list(data.projects["start_date"]) + list(data.layer("events")["start_date"])
    ends = list(data.projects["end_date"]) + list(data.layer("events")["end_date"])
    if not starts:
        return (2007, 2024)
    return (min(int(s[:4]) for s in starts), max(int(e[:4]) for e in ends))
