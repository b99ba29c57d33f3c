"""Maps on a page: build, show, the chosen feature's details, place search, base map choice.

A feature is chosen by a click on the map or from the list beside it (:mod:`ui.maplist`);
either way its details show beside the map. A choice from the list also moves the map to
it, through a layer group swapped into the same map (no redraw); a click leaves the map
where the reader put it.
"""

from __future__ import annotations

import os
from functools import partial
from urllib.parse import quote

import streamlit as st

from geo.i18n import N_
from geo.render.details import feature_details, find_feature
from geo.render.maplist import map_summary, pick_target
from geo.render.maps import MapOptions, build_map, pick_layer, step_layer
from geo.view.scene import TILE_URL_ENV, Focus, Scene, scene_of
from geo.view.search import search_places
from geo.view.steps import Step
from ui.context import Page, field_line, foreign, md, show
from ui.data import basemap
from ui.livemap import MapView, live_map
from ui.maplist import map_list

URL_SAFE = ":/?#@!$&'*+,;=%~-._"  # kept as they are in an address; brackets and spaces encoded
CHOSEN = "map_chosen"  # session: map key -> {"id", "by": "map" or "list", "n": choices made}


def page_scene(p: Page, layers: tuple[str, ...] | None = None, step: Step | None = None) -> Scene:
    """The scene of the page ``p``'s map of ``layers``, at a presenter's ``step``.

    Outside presenter mode the map opens on the place the sidebar's search found; a
    presenter's map is the same at every step, whatever the search found.
    """
    found = None if p.view.present else st.session_state.get("found_place")
    focus = Focus(found["lat"], found["lon"], feature=found["id"]) if found else None
    return scene_of(p.sel, layers, step, focus)


def show_map(
    p: Page,
    key: str,
    layers: tuple[str, ...] | None = None,
    step: Step | None = None,
    pick: tuple[dict, int] | None = None,
    **overrides,
) -> dict | None:
    """Draw the page's map of ``layers`` (default: all the view shows); return the click.

    ``step``: a presenter's step, swapped into the map without rebuilding it, so the map
    moves at once; ``pick``: a feature chosen from the list and the count of choices
    (:func:`geo.render.maps.pick_layer`), swapped in the same way; ``overrides``: how the
    map is made (:class:`~geo.render.maps.MapOptions`: height, large). A click on a feature
    records it as the map's chosen feature. Returns the properties of the feature last
    clicked, or ``None``.
    """
    scene = page_scene(p, layers, step)
    sel = scene.shown(p.sel)
    options = MapOptions(**overrides)
    # The map's text alternative, and the filters that give it.
    st.caption(md(map_summary(sel)))
    st.caption(p.t("Showing: {caption}").format(caption=md(sel.caption)))
    groups = ([step_layer(step)] if step is not None else []) + (
        [pick_layer(*pick)] if pick is not None else []
    )
    # Every step of a view and every choice from its list shows the same map: it is
    # rendered once (ui.livemap) and the browser keeps it, only moving it.
    drawn = scene.without_step()
    source = MapView(
        partial(build_map, sel, basemap(), drawn, options), p.data, (drawn, options), options.height
    )
    with st.spinner(p.t("Drawing the map…")):  # shown only past half a second
        out = live_map(source, key, groups, partial(_clicked, key))
    clicked = (out or {}).get("last_active_drawing") or {}
    return clicked.get("properties")


def _clicked(key: str) -> None:
    """A click on the map's feature (streamlit-folium copied its value under ``key``)."""
    drawing = (st.session_state.get(key) or {}).get("last_active_drawing") or {}
    feature_id = (drawing.get("properties") or {}).get("id")
    if feature_id:
        before = st.session_state.setdefault(CHOSEN, {}).get(key) or {}
        st.session_state[CHOSEN][key] = {"id": feature_id, "by": "map", "n": before.get("n", 0)}


def _choose(key: str, feature_id: str) -> None:
    """A feature chosen from the list beside the map ``key``."""
    before = st.session_state.setdefault(CHOSEN, {}).get(key) or {}
    st.session_state[CHOSEN][key] = {"id": feature_id, "by": "list", "n": before.get("n", 0) + 1}


def map_with_details(p: Page, key: str, layers: tuple[str, ...] | None = None, **overrides) -> None:
    """The page's map; beside it the chosen feature's details and the list of what it shows.

    A feature is chosen by a click on the map or from the list; one chosen from the list
    is also where the map goes.
    """
    sel = p.sel if layers is None else p.sel.only(layers)
    chosen = (st.session_state.get(CHOSEN) or {}).get(key)
    shown = chosen if chosen and pick_target(sel, chosen["id"]) else None
    pick = None
    if shown and shown["by"] == "list":
        pick = (pick_target(sel, shown["id"]), shown["n"])
    map_col, side = st.columns([3, 1])
    with map_col:
        show_map(p, key=key, layers=layers, pick=pick, **overrides)
    with side:
        # As tall as its text, never an inner scroll (issue 25); its least height (ui.style)
        # keeps the list below in place while short details come and go, so the item just
        # chosen with the keyboard stays in view.
        with st.container(border=True, key=f"{key}-details-panel"):
            show_details(p, {"id": shown["id"]} if shown else None)
        map_list(p, key, sel, shown["id"] if shown else None, lambda i: _choose(key, i))


def show_details(p: Page, props: dict | None) -> None:
    """The clicked feature's fields beside the map, labelled for people, with its source."""
    t = p.t
    found = find_feature(p.sel, props["id"]) if props and props.get("id") else None
    if found is None:
        st.caption(
            t(
                "Click a city, route, country or activity on the map, or choose one from the "
                "list below, to see its details here."
            )
        )
        return
    details = feature_details(*found, p.sel)
    # A section of the page, beside the map and before its list: h2 under the page's h1.
    st.header(md(details.title), anchor=False)
    # English left untranslated (a fallback, a source title, a quote) carries its own lang and
    # direction, so an Arabic page keeps its punctuation at the right end.
    languages = dict(details.languages)
    for label, value in details.fields:
        value = foreign(md(value), languages.get(label, p.lang), p.lang)
        show(field_line(label, value))
    if details.source:
        source = foreign(md(details.source), details.source_language, p.lang)
        if details.source_url:
            # The address is checked (http or https) and its brackets and spaces encoded.
            source = f"[{source}]({quote(details.source_url, safe=URL_SAFE)})"
        show(field_line(t("Source"), source))
    if details.quote:
        quoted = foreign(f"“{md(details.quote)}”", details.source_language, p.lang)
        show(quoted, caption=True)


def place_search(p: Page) -> None:
    """Find a hub or activity by any of its spellings and move the map to it."""
    t = p.t
    query = st.text_input(
        t("Find a place"),
        key="w_search",
        placeholder=t("e.g. Qatrun, Gatroun, القطرون"),
        help=t("Hub cities and activities, by any spelling in English, French or Arabic."),
        # A search of the map's places, not the reader's own details (WCAG 1.3.5): said so,
        # where Streamlit would leave autocomplete="" (no hint at all).
        autocomplete="off",
    )
    if not query:
        st.session_state.pop("found_place", None)
        return
    layer = p.data.layer
    matches = search_places(query, layer("hubs"), layer("events"), p.lang, layer("routes"))
    if not matches:
        st.caption(t("No place matches {query}.").format(query=md(repr(query[:40]))))
        st.session_state.pop("found_place", None)
        return
    labels = [m.label for m in matches]
    chosen = st.selectbox(t("Matches"), range(len(matches)), format_func=labels.__getitem__)
    match = matches[chosen]
    found = {"lon": match.lon, "lat": match.lat, "id": match.id}
    if st.session_state.get("found_place") != found:
        # The newest request moves the map: a feature chosen from a list before it yields.
        for choice in (st.session_state.get(CHOSEN) or {}).values():
            choice["by"] = "map"
    st.session_state["found_place"] = found


BASE_MAPS = {
    "offline": N_("Built-in map (works offline)"),
    "osm": N_("OpenStreetMap tiles (needs internet)"),
    "custom": N_("Internal tile server"),
}


def base_choices() -> list[str]:
    """The base maps this server offers: a tile server only when one is configured."""
    return ["offline", "osm"] + (["custom"] if os.environ.get(TILE_URL_ENV) else [])


def base_map_choice(p: Page, on_change) -> None:
    """Offline basemap by default; online tiles only when chosen (kept in the URL)."""
    st.selectbox(
        p.t("Base map"),
        base_choices(),
        key="w_base",
        format_func=lambda c: p.t(BASE_MAPS[c]),
        on_change=on_change,
        help=p.t("The built-in map needs no network. Online tiles are fetched from another host."),
    )
