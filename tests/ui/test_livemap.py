"""The live map: rendered once per view and data, shared by every session.

That it sends what ``st_folium`` would send is checked in ``test_private_api.py``.
"""

from collections import OrderedDict

import folium
import pytest

import ui.mapview
from geo import load_dataset
from tests import ROOT
from tests.apptest import open_page
from ui import livemap, private_api


def _count_builds(monkeypatch) -> list:
    built = []
    real = ui.mapview.build_map
    monkeypatch.setattr(ui.mapview, "build_map", lambda *a, **k: built.append(1) or real(*a, **k))
    monkeypatch.setattr(livemap, "_rendered", OrderedDict())  # nothing kept by other tests
    return built


def test_steps_of_one_view_build_its_map_once_for_every_session(monkeypatch):
    built = _count_builds(monkeypatch)
    at = open_page("app.py", present="1")
    for _ in range(3):
        at.button(key="present_next").click().run()
        assert not at.exception
    assert at.query_params["step"] == "4"
    assert len(built) == 1
    assert not open_page("app.py", present="1", step="7").exception  # another official
    assert len(built) == 1


@pytest.mark.parametrize(
    "change", [{"lang": "fr"}, {"base": "osm"}, {"project": "dismantling"}, {"layers": "hubs"}]
)
def test_another_view_draws_another_map(monkeypatch, change):
    built = _count_builds(monkeypatch)
    at = open_page("app.py")
    assert len(built) == 1
    for key, value in change.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert len(built) == 2


def test_two_pages_that_draw_the_same_layers_share_one_map(monkeypatch):
    """The overview of an activities-only view draws what the Events page draws."""
    built = _count_builds(monkeypatch)
    assert not open_page("app.py", layers="events").exception
    assert not open_page("pages/events.py", layers="events").exception
    assert len(built) == 1


def test_data_read_anew_is_drawn_anew(monkeypatch):
    monkeypatch.setattr(livemap, "_rendered", OrderedDict())
    monkeypatch.setattr(private_api, "send_component", lambda **kw: None)
    builds = []

    def build():
        builds.append(1)
        return folium.Map()

    first = load_dataset(ROOT / "data")
    for _ in range(2):
        livemap.live_map(livemap.MapView(build, first, "v", 300), "k")
    assert len(builds) == 1
    livemap.live_map(livemap.MapView(build, load_dataset(ROOT / "data"), "v", 300), "k")
    assert len(builds) == 2


def _sent(monkeypatch) -> list[dict]:
    sent = []
    real = private_api.send_component
    monkeypatch.setattr(private_api, "send_component", lambda **kw: sent.append(kw) or real(**kw))
    return sent


def _sent_before_and_after(monkeypatch, change: dict) -> tuple[dict, dict]:
    """What the overview's map sent, opened and then with ``change`` made to its view."""
    sent = _sent(monkeypatch)
    at = open_page("app.py")
    for key, value in change.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return sent[0], sent[-1]


@pytest.mark.parametrize("change", [{"project": "gloact-bgd"}, {"years": "2024"}])
def test_a_filter_change_keeps_the_component_and_swaps_the_view(monkeypatch, change):
    """The component, its script (the map and its basemap) and its head stay: the browser
    keeps its map, and GeoMap.swap draws the new view's layers into it."""
    before, after = _sent_before_and_after(monkeypatch, change)
    assert after["key"] == before["key"]
    assert (after["script"], after["header"]) == (before["script"], before["header"])
    assert after["feature_group"] != before["feature_group"]
    assert after["feature_group"].startswith("GeoMap.swap(map_div, ")
    assert "gloact" not in after["script"] and "Dhaka" not in after["script"]


@pytest.mark.parametrize("change", [{"lang": "ar"}, {"base": "osm"}])
def test_another_language_or_base_map_is_another_component(monkeypatch, change):
    before, after = _sent_before_and_after(monkeypatch, change)
    assert after["key"] != before["key"]
