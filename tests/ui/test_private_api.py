"""The private APIs that ui/private_api.py wraps, checked against the installed versions.

This is the check to rerun when the pins of streamlit-folium or Streamlit in pyproject.toml
move. Each wrapped name must exist and take the call the adapter makes, and for the same
map the live map must send, field by field, what ``st_folium`` sends: a streamlit-folium
that builds its payload otherwise fails here, not in a briefing. No other module of the app
may reach into these packages' private names.
"""

import copy
import inspect
import re
from collections import OrderedDict
from dataclasses import fields
from types import SimpleNamespace

import folium
import pytest
import streamlit_folium as sf
from streamlit.runtime.scriptrunner import ScriptRunContext, get_script_run_ctx
from streamlit.testing.v1 import AppTest

from geo import ViewState, select
from geo.render.basemap import display_basemap
from geo.render.maps import VIEW_MARK, MapOptions, build_map, step_layer
from geo.view.steps import step_of
from tests import ROOT
from ui import livemap, private_api

KEY, HEIGHT = "k", 600
# What st_folium 0.27 sends to its component, on_change aside (a function of its own).
FIELDS = ["script", "header", "html", "id", "key", "height", "width", "returned_objects"]
FIELDS += ["default", "zoom", "center", "feature_group", "return_on_hover", "layer_control"]
FIELDS += ["pixelated", "css_links", "js_links", "wrap_longitude"]
# How ui/private_api.py calls each name it wraps: (args, kwargs).
_MAP, _GROUP = folium.Map(), folium.FeatureGroup()
CALLS = {
    "_get_html": ((_MAP,), {}),
    "_get_header": ((_MAP,), {}),
    "_get_map_string": ((_MAP,), {}),
    "get_full_id": ((_MAP,), {}),
    "_get_feature_group_string": ((_GROUP,), {"map": _MAP, "idx": 0}),
    "generate_js_hash": (("script", KEY, False), {}),
    "_component_func": ((), dict.fromkeys([*FIELDS, "on_change"])),
}


def test_every_wrapped_name_is_in_the_table():
    assert set(CALLS) == set(private_api._WRAPPED)
    assert private_api.COMPOSABLE


@pytest.mark.parametrize("name", CALLS)
def test_each_wrapped_name_takes_the_call_the_adapter_makes(name):
    args, kwargs = CALLS[name]
    inspect.signature(getattr(sf, name)).bind(*args, **kwargs)  # TypeError if it does not


def test_streamlit_run_context_takes_the_call_and_keeps_cursors():
    inspect.signature(get_script_run_ctx).bind()
    assert "cursors" in {f.name for f in fields(ScriptRunContext)}


def _remember_the_run():
    import streamlit as st

    from ui.private_api import run_token

    st.session_state.setdefault("runs", []).append((run_token(), run_token()))


def test_the_run_token_is_one_object_a_run_and_new_to_each_run():
    at = AppTest.from_function(_remember_the_run).run()
    at.run()
    assert not at.exception
    (a, a_again), (b, _) = at.session_state["runs"]
    assert a is not None and a is a_again and b is not a
    assert private_api.run_token() is None  # outside a run


def _marker_and_group(request):
    m = folium.Map(location=[34.0, -6.8], zoom_start=5)
    folium.Marker([34.02, -6.84], tooltip="Rabat").add_to(m)
    group = folium.FeatureGroup(name="a step")
    folium.Marker([36.8, 10.18], popup="Tunis").add_to(group)
    return m, [group], "Tunis"


def _shipped_map_at_a_step(request):
    shipped = request.getfixturevalue("shipped")
    sel = select(shipped, ViewState())
    m = build_map(sel, display_basemap(shipped.basemap), options=MapOptions())
    return m, [step_layer(step_of(sel, 3))], "Rabat"


@pytest.fixture(scope="module", params=[_marker_and_group, _shipped_map_at_a_step])
def sent(request):
    """What the live map sends, what st_folium sends, and what the adapter composes."""
    m, groups, mark = request.param(request)
    ours, theirs = [], []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(private_api, "send_component", lambda **kw: ours.append(kw))
        mp.setattr(sf, "_component_func", lambda **kw: theirs.append(kw))  # only to capture
        mp.setattr(livemap, "_rendered", OrderedDict())
        source = livemap.MapView(lambda: copy.deepcopy(m), m, "a view", HEIGHT)
        livemap.live_map(source, KEY, copy.deepcopy(groups))
        sf.st_folium(
            copy.deepcopy(m),
            key=KEY,
            height=HEIGHT,
            use_container_width=True,
            returned_objects=livemap.RETURNED,
            feature_group_to_add=copy.deepcopy(groups),
        )
    html, header, script, full_id = private_api.map_parts(copy.deepcopy(m))
    holder = folium.Map(tiles=None)
    group_script = "".join(
        private_api.feature_group_script(g, holder, i) for i, g in enumerate(copy.deepcopy(groups))
    )
    composed = {"html": html, "header": header, "script": script, "id": full_id}
    composed |= {"feature_group": group_script, "key": private_api.js_hash(script, KEY)}
    return SimpleNamespace(ours=ours[0], theirs=theirs[0], composed=composed, mark=mark)


def test_st_folium_sends_the_fields_the_live_map_sends(sent):
    assert set(sent.theirs) == {*FIELDS, "on_change"}
    assert set(sent.ours) == set(sent.theirs)


def test_the_live_map_sends_what_st_folium_sends(sent):
    """Field by field, but for the cut the live map makes to keep one map for every view:
    the script up to VIEW_MARK is the component's, the rest is drawn by GeoMap.swap before
    the groups; folium's styles of a layer's tooltip and popup are in the head once each;
    the key follows what the component keeps (the script, its head, its links)."""
    ours, theirs = sent.ours, sent.theirs
    assert sent.mark in theirs["feature_group"]
    cut = ("script", "header", "feature_group", "key")
    differing = [f for f in FIELDS if f not in cut and ours.get(f) != theirs.get(f)]
    assert differing == []
    head, marked, view = theirs["script"].partition(VIEW_MARK)
    assert ours["script"] == head
    assert ours["feature_group"].endswith(theirs["feature_group"])
    if marked:
        swap = ours["feature_group"][: -len(theirs["feature_group"])]
        assert swap.startswith("GeoMap.swap(map_div, ") and view in swap
    else:
        assert ours["feature_group"] == theirs["feature_group"]
    styles = livemap._FOLIUM_STYLES
    assert set(styles.findall(theirs["header"])) <= set(styles.findall(ours["header"]))
    assert styles.sub("", ours["header"]).split() == styles.sub("", theirs["header"]).split()


def test_the_adapter_composes_what_st_folium_sends(sent):
    assert sent.mark in sent.composed["feature_group"] and sent.composed["id"] == "map_div"
    differing = [f for f, value in sent.composed.items() if value != sent.theirs[f]]
    assert differing == []


# A private name of streamlit-folium or anything of Streamlit's runtime, however imported.
PRIVATE = re.compile(
    r"streamlit_folium\._|\bsf\._|streamlit\.runtime|from streamlit_folium import [^\n]*\b_\w"
)


def test_only_the_adapter_reaches_into_private_apis():
    app = [ROOT / "app.py", *(p for d in ("ui", "pages", "geo") for p in (ROOT / d).rglob("*.py"))]
    reaching = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in app
        if path != ROOT / "ui" / "private_api.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert len(app) > 20 and reaching == []


def _queue_with_a_reply():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

    queue = ForwardMsgQueue()
    reply = ForwardMsg()
    reply.backend_operation_response.request_id = "r1"
    reply.backend_operation_response.deferred_file.url = "/media/f.html"
    delta = ForwardMsg()
    delta.metadata.delta_path[:] = [0, 0]
    delta.delta.new_element.markdown.body = "old run"
    queue.enqueue(reply)
    queue.enqueue(delta)
    return queue


def _replies(queue) -> list[str]:
    return [
        m.backend_operation_response.request_id
        for m in queue._queue
        if m.WhichOneof("type") == "backend_operation_response"
    ]


def test_a_download_reply_not_yet_sent_survives_the_start_of_a_run():
    private_api.keep_download_replies()
    queue = _queue_with_a_reply()
    queue.clear(retain_lifecycle_msgs=True)  # what a run's start does
    assert _replies(queue) == ["r1"]
    assert len(queue) == 1  # the old run's element is dropped as before
    queue = _queue_with_a_reply()
    queue.clear(retain_lifecycle_msgs=True, fragment_ids_this_run=["f"])
    assert _replies(queue) == ["r1"]  # once, not twice
    assert [m.backend_operation_response.request_id for m in queue.flush()] == ["r1", ""]
    assert len(queue) == 0  # a flush empties it


def test_streamlit_alone_still_drops_the_reply():
    """When this fails, Streamlit keeps the replies itself: drop keep_download_replies."""
    private_api.keep_download_replies()
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

    queue = _queue_with_a_reply()
    ForwardMsgQueue.clear.__wrapped__(queue, retain_lifecycle_msgs=True)
    assert _replies(queue) == []


def test_the_xsrf_cookie_masked_anew_decodes_to_the_same_token():
    """browser_key relies on it: Streamlit masks the cookie anew in each of its responses."""
    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    first = generate_xsrf_token_string(None, None)
    token, stamp = private_api.decode_xsrf_token_string(first)
    again = generate_xsrf_token_string(token, stamp)
    assert again != first  # masked anew
    assert private_api.decode_xsrf_token_string(again)[0] == token


def test_the_browser_key_is_the_cookies_token_whatever_its_mask(monkeypatch):
    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    first = generate_xsrf_token_string(None, None)
    token, stamp = private_api.decode_xsrf_token_string(first)
    other = generate_xsrf_token_string(None, None)
    keys, name = [], private_api.XSRF_COOKIE_NAME
    for cookie in (first, generate_xsrf_token_string(token, stamp), other, None):
        cookies = {} if cookie is None else {name: cookie}
        context = SimpleNamespace(cookies=cookies)
        monkeypatch.setattr(private_api.st, "context", context)
        keys.append(private_api.browser_key())
    assert keys[0] == keys[1] and keys[0] is not None  # one browser, masked anew
    assert keys[2] not in (keys[0], None)  # another browser
    assert keys[3] is None  # no cookie
    assert token.hex() not in keys[0]  # the token itself is never kept
    monkeypatch.setattr(private_api.st, "context", SimpleNamespace(cookies={name: first}))
    monkeypatch.setattr(private_api.st, "get_option", lambda name: False)
    assert private_api.browser_key() is None  # XSRF protection off: no browser known
