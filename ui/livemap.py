"""The live map: rendered once per view and shared, one map in the browser for every view.

Rendering one of our folium maps into the script streamlit-folium sends takes about
0.7 s of a page's 0.9 s (GeoJSON styles, a Jinja template per element), and the script
depends on the view alone. So each view's map is rendered once per process and kept
(:data:`SHARED_VIEWS` of them, the least recently shown dropped first): the officials who
open the same view share one rendering, and a presenter's step or a choice from the list
(a layer group swapped into the map) sends the kept script with the new groups, so the
component moves the map it already holds.

The script is sent in two parts, cut at :data:`geo.render.maps.VIEW_MARK`: the map with
its basemap, the same for every view of one language and base map, is the component's
script; what the view draws goes with the swapped groups, inside ``GeoMap.swap``
(geo/render/static/swap.js). So a filter changed in the sidebar keeps the component and
its map (a new component would load its frame, Leaflet and the basemap again, about a
quarter of a second): the map takes the last view's drawing off and draws the new one.

The payload is composed with streamlit-folium's own helpers, as ``st_folium`` composes
it, through :mod:`ui.private_api` (pinned in pyproject.toml; ``tests/ui/test_private_api.py``
checks both send the same). Should a streamlit-folium lack them, every map goes through
``st_folium``: slower, not wrong.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium as sf

from geo.render.maps import VIEW_MARK
from ui import private_api

RETURNED = ["last_active_drawing"]  # what a click on the map sends back
SHARED_VIEWS = 32  # renderings kept, about 0.4 MB each
# view -> (a weak reference to the data it was drawn from, the payload)
_rendered: OrderedDict[Hashable, tuple[weakref.ref, dict]] = OrderedDict()
_lock = threading.Lock()  # sessions run in threads of one process


@dataclass(frozen=True)
class MapView:
    """A map to show: how to build it, and what it is a map of."""

    build: Callable[[], folium.Map]
    data: object  # the data read, compared by identity: data read anew is drawn anew
    view: Hashable  # the view and options the map draws
    height: int


def live_map(
    source: MapView,
    key: str,
    groups: Sequence[folium.FeatureGroup] = (),
    on_change: Callable[[], None] | None = None,
) -> dict | None:
    """Show the map of ``source`` under ``key``, with ``groups`` swapped in.

    ``source.build`` runs only when no rendering of this view of this data is kept.
    Returns what the component returns, as ``st_folium`` does; ``on_change`` runs when the
    reader clicks a feature, with the component's value copied under ``key`` in the
    session, as ``st_folium`` copies it.
    """
    if not private_api.COMPOSABLE:
        return sf.st_folium(
            source.build(),
            key=key,
            height=source.height,
            use_container_width=True,
            returned_objects=RETURNED,
            feature_group_to_add=list(groups) or None,
            on_change=on_change,
        )
    payload = _payload(source)
    # One component, and one map in it, while what comes before the view's own drawing
    # stays the same; the script's head and links too, which it loads once.
    shared = payload["script"] + payload["header"] + "".join(payload["js_links"])
    hash_key = private_api.js_hash(shared + "".join(payload["css_links"]), key)

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    parts = {k: v for k, v in payload.items() if k not in ("view", "view_key")}
    return private_api.send_component(
        **{**parts, "default": copy.deepcopy(payload["default"])},
        key=hash_key,
        height=source.height,
        width=None,  # the container's width
        returned_objects=RETURNED,
        zoom=None,
        center=None,
        feature_group=view_script(payload) + (groups_script(groups) or ""),
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        on_change=changed,
        wrap_longitude=False,
    )


def _payload(source: MapView) -> dict:
    """The kept rendering of ``source``'s view, made now if none is kept for its data."""
    with _lock:
        kept = _rendered.get(source.view)
        if kept is not None and kept[0]() is source.data:
            _rendered.move_to_end(source.view)
            return kept[1]
    # Drawn outside the lock: two sessions may draw one view at once, the last one is kept.
    payload = rendered(source.build())
    with _lock:
        _rendered[source.view] = (weakref.ref(source.data), payload)
        _rendered.move_to_end(source.view)
        while len(_rendered) > SHARED_VIEWS:
            _rendered.popitem(last=False)
    return payload


def rendered(m: folium.Map) -> dict:
    """What ``st_folium`` sends for ``m`` that depends on the map alone.

    Its default value holds only :data:`RETURNED`, none of which depends on the map (the
    map's bounds and zoom would, and would cost a pass over every coordinate).
    """
    html, header, script, full_id = private_api.map_parts(m)
    css, js = [], []
    for element in _walk(m):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    script, _, view = script.partition(VIEW_MARK)
    return {
        "script": script,
        "header": _shared_header(header),
        "view": view,
        "view_key": hashlib.sha256(view.encode()).hexdigest()[:16],
        "html": html,
        "id": full_id,
        "default": dict.fromkeys(RETURNED),
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
    }


# folium's styles for a layer's tooltip and popup, one copy for each layer that has them.
_FOLIUM_STYLES = re.compile(r"<style>\s*\.folium(?:tooltip|popup)\b.*?</style>", re.S)


@functools.cache
def _folium_styles() -> str:
    """The tooltip's and the popup's styles folium puts in a map's head, once each."""
    m = folium.Map(tiles=None)
    point = {"type": "Point", "coordinates": [0, 0]}
    feature = {"type": "Feature", "properties": {"f": ""}, "geometry": point}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [feature]},
        tooltip=folium.GeoJsonTooltip(fields=["f"]),
        popup=folium.GeoJsonPopup(fields=["f"]),
    ).add_to(m)
    return "".join(dict.fromkeys(_FOLIUM_STYLES.findall(m.get_root().render())))


def _shared_header(header: str) -> str:
    """``header`` the same for every view: the head of the map the views share.

    Each view's layers add folium's tooltip and popup styles to it, once a layer: they are
    put in once, whatever the view draws.
    """
    shared = _FOLIUM_STYLES.sub("", header)
    return re.sub(r"\n\s*\n", "\n", shared) + _folium_styles()


def view_script(payload: dict) -> str:
    """The view's own drawing, drawn by ``GeoMap.swap`` unless the map shows it already."""
    if not payload["view"]:
        return ""
    return (
        f"GeoMap.swap(map_div, {json.dumps(payload['view_key'])}, function () {{\n"
        f"{payload['view']}\n}});\n"
    )


def groups_script(groups: Sequence[folium.FeatureGroup]) -> str | None:
    """The script that adds ``groups`` to the live map, as ``st_folium`` writes it."""
    if not groups:
        return None
    holder = folium.Map(tiles=None)  # the groups' parent while they render; renamed map_div
    return "".join(
        private_api.feature_group_script(group, holder, i) for i, group in enumerate(groups)
    )


def _walk(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)
