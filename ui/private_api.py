"""The one place the app uses private APIs of its dependencies.

streamlit-folium's ``st_folium`` renders a map and sends it in one call, 0.7 s for one of
our maps; the live map (:mod:`ui.livemap`) composes the same payload from st_folium's own
helpers so that each view is rendered once and kept. Streamlit's run context tells one run
of a page's script from the next. None of these names is public, so each is called here
only, and ``tests/ui/test_private_api.py`` checks for the versions pinned in pyproject.toml
that each exists as called here and that the payload composed here is the one ``st_folium``
sends: rerun it when a pin moves.

Streamlit 1.67 drops the reply to a deferred download (a "backend operation response")
when a run of the page starts before the reply reached the browser: the start of a run
clears the session's queue of messages not yet sent, and keeps only the runs' own
lifecycle messages. The click on a download button both asks for its file and reruns the
page, so on a busy server the reply for a file already made is lost and the button spins
for the three minutes of the browser's timeout. :func:`keep_download_replies` makes the
queue keep those replies too.

A presenter's notes window follows a room that only the presenter's browser may drive
(:mod:`ui.notes`). That browser is known across a reload by the token of Streamlit's XSRF
cookie, which Streamlit keeps for the browser and masks anew in each response:
:func:`browser_key` reads it with Streamlit's own decoder.

The tests' one other reach into Streamlit internals is ``tests/conftest.py``: it patches
``streamlit.components.v2.manifest_scanner.scan_component_manifests`` so that AppTest scans
the installed components once per worker, not on every run.
"""

from __future__ import annotations

import hashlib

import folium
import streamlit as st
import streamlit_folium as sf
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.web.server.starlette.starlette_app_utils import decode_xsrf_token_string
from streamlit.web.server.starlette.starlette_server_config import XSRF_COOKIE_NAME

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


_REPLY = "backend_operation_response"  # ForwardMsg's field for a deferred download's URL


def keep_download_replies() -> None:
    """Keep deferred downloads' replies in a session's queue when a run starts (see above).

    Wraps ``ForwardMsgQueue.clear``, once: a clear that keeps the lifecycle messages (the
    one a run's start makes) keeps the replies not yet sent, in their order, after them.
    A plain clear (the queue's flush) is Streamlit's own.
    """
    if getattr(ForwardMsgQueue.clear, "keeps_replies", False):
        return
    clear = ForwardMsgQueue.clear

    def clear_keeping_replies(self, retain_lifecycle_msgs=False, fragment_ids_this_run=None):
        replies = []
        if retain_lifecycle_msgs:
            replies = [m for m in self._queue if m.WhichOneof("type") == _REPLY]
        clear(self, retain_lifecycle_msgs, fragment_ids_this_run)
        kept = {id(m) for m in self._queue}  # a fragment's run keeps them already
        self._queue.extend(m for m in replies if id(m) not in kept)

    clear_keeping_replies.keeps_replies = True
    clear_keeping_replies.__wrapped__ = clear
    ForwardMsgQueue.clear = clear_keeping_replies


def browser_key() -> str | None:
    """A name for the reader's browser that a reload keeps and a copied address does not.

    A digest of the token in Streamlit's XSRF cookie (never the token itself), or ``None``
    without one (XSRF protection off, a test without a browser).
    """
    if not st.get_option("server.enableXsrfProtection"):
        return None  # a cookie left by another app on this host names no browser of ours
    raw = st.context.cookies.get(XSRF_COOKIE_NAME)
    token, _ = decode_xsrf_token_string(raw) if raw else (None, None)
    return hashlib.sha256(b"geo-notes-room:" + token).hexdigest() if token else None
