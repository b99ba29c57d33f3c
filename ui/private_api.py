"""The one place the app uses private APIs of its dependencies.

streamlit-folium's ``st_folium`` renders a map and sends it in one call, 0.7 s for one of
our maps; the live map (:mod:`ui.livemap`) composes the same payload from st_folium's own
helpers so that each view is rendered once and kept. Streamlit's run context tells one run
of a page's script from the next. None of these names is public, so each is called here
only, and ``tests/ui/test_private_api.py`` checks for the versions pinned in pyproject.toml
that each exists as called here and that the payload composed here is the one ``st_folium``
sends: rerun it when a pin moves.

The tests' one other reach into Streamlit internals is ``tests/conftest.py``: it patches
``streamlit.components.v2.manifest_scanner.scan_component_manifests`` so that AppTest scans
the installed components once per worker, not on every run.
"""

from __future__ import annotations

import folium
import streamlit_folium as sf
from streamlit.runtime.scriptrunner import get_script_run_ctx

_WRAPPED = ("_component_func", "_get_html", "_get_header", "_get_map_string", "get_full_id")
_WRAPPED += ("_get_feature_group_string", "generate_js_hash")
# False on a streamlit-folium without them: the live map then sends through st_folium.
COMPOSABLE = all(hasattr(sf, name) for name in _WRAPPED)


def map_parts(m: folium.Map) -> tuple[str, str, str, str]:
    """``m``'s payload parts, kept per view (streamlit_folium's _get_* helpers, get_full_id)."""
    m.get_root().render()
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)  # before the script: it alters the map
    script = sf._get_map_string(m)
    return html, header, script, sf.get_full_id(m)  # the id after the script: it renames it


def feature_group_script(group: folium.FeatureGroup, holder: folium.Map, idx: int) -> str:
    """Script swapping ``group`` into a kept map (streamlit_folium._get_feature_group_string)."""
    return sf._get_feature_group_string(group, map=holder, idx=idx)


def js_hash(script: str, key: str) -> str:
    """A key that keeps the browser's map over runs (streamlit_folium.generate_js_hash)."""
    return sf.generate_js_hash(script, key, False)


def send_component(**kwargs):
    """Send the payload composed here, not by st_folium (streamlit_folium._component_func)."""
    return sf._component_func(**kwargs)


def run_token() -> object | None:
    """An object new to each run, for once-a-run notices (Streamlit's get_script_run_ctx)."""
    ctx = get_script_run_ctx()
    return None if ctx is None else ctx.cursors
