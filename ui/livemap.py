"""The live map: streamlit-folium's payload rendered once per view and shared.

Rendering one of our folium maps into the script streamlit-folium sends takes about
0.7 s of a page's 0.9 s (GeoJSON styles, a Jinja template per element), and the script
depends on the view alone. So each view's map is rendered once per process and kept
(:data:`SHARED_VIEWS` of them, the least recently shown dropped first): the officials who
open the same view share one rendering, and a presenter's step or a choice from the list
(a layer group swapped into the map) sends the kept script with the new groups, so the
component moves the map it already holds.

The payload is composed with streamlit-folium's own helpers, as ``st_folium`` composes
it, through :mod:`ui.private_api` (pinned in pyproject.toml; ``tests/ui/test_private_api.py``
checks both send the same). Should a streamlit-folium lack them, every map goes through
``st_folium``: slower, not wrong.
"""

from __future__ import annotations

import copy
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium as sf

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
    hash_key = private_api.js_hash(payload["script"], key)

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return private_api.send_component(
        **{**payload, "default": copy.deepcopy(payload["default"])},
        key=hash_key,
        height=source.height,
        width=None,  # the container's width
        returned_objects=RETURNED,
        zoom=None,
        center=None,
        feature_group=groups_script(groups),
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
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": full_id,
        "default": dict.fromkeys(RETURNED),
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
    }


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
