"""The live map: rendered once per view, and what it sends is what st_folium would send."""

import copy
from collections import OrderedDict

import folium
import pytest
import streamlit_folium as sf

import ui.mapview
from geo import ViewState, load_dataset, select
from geo.render.basemap import display_basemap
from geo.render.maps import MapOptions, build_map, step_layer
from geo.view.steps import step_of
from tests import ROOT
from tests.apptest import open_page
from ui import livemap

RETURNED = ["last_active_drawing"]


def test_live_map_sends_what_st_folium_sends(monkeypatch):
    """A streamlit-folium upgrade that changes its payload fails here, not in a briefing."""
    data = load_dataset(ROOT / "data")
    sel = select(data, ViewState())
    m = build_map(sel, display_basemap(data.basemap), MapOptions())
    group = step_layer(step_of(sel, 3))
    sent = []
    monkeypatch.setattr(sf, "_component_func", lambda **kw: sent.append(kw))
    monkeypatch.setattr(livemap, "_rendered", OrderedDict())
    source = livemap.MapView(lambda: copy.deepcopy(m), data, "a view", 600)
    livemap.live_map(source, "k", [copy.deepcopy(group)])
    sf.st_folium(
        copy.deepcopy(m),
        key="k",
        height=600,
        use_container_width=True,
        returned_objects=RETURNED,
        feature_group_to_add=[copy.deepcopy(group)],
    )
    assert livemap.COMPOSED
    ours, theirs = ({k: v for k, v in kw.items() if k != "on_change"} for kw in sent)
    assert "Rabat" in ours["feature_group"]
    assert ours == theirs


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


def test_data_read_anew_is_drawn_anew(monkeypatch):
    monkeypatch.setattr(livemap, "_rendered", OrderedDict())
    monkeypatch.setattr(sf, "_component_func", lambda **kw: None)
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
