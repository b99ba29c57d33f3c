"""The live map: rendered once per view, and what it sends is what st_folium would send."""

import copy

import streamlit_folium as sf

import ui.mapview
from geo import ViewState, load_dataset, select
from geo.render.maps import MapOptions, build_map, display_basemap, step_layer
from geo.view.steps import step_of
from tests.conftest import ROOT
from tests.test_pages import open_page
from ui import livemap

RETURNED = ["last_active_drawing"]


def test_the_kept_payload_is_what_st_folium_sends(monkeypatch):
    """A streamlit-folium upgrade that changes its payload fails here, not in a briefing."""
    data = load_dataset(ROOT / "data")
    sel = select(data, ViewState())
    m = build_map(sel, display_basemap(data.basemap), MapOptions())
    group = step_layer(step_of(sel, 3))
    sent = {}
    monkeypatch.setattr(sf, "_component_func", lambda **kw: sent.update(kw))
    sf.st_folium(
        copy.deepcopy(m),
        key="k",
        height=600,
        use_container_width=True,
        returned_objects=RETURNED,
        feature_group_to_add=[copy.deepcopy(group)],
    )
    assert livemap.COMPOSED
    ours = livemap.rendered(copy.deepcopy(m), RETURNED)
    ours["feature_group"] = livemap.groups_script([copy.deepcopy(group)])
    assert "Rabat" in ours["feature_group"]
    assert ours == {k: sent[k] for k in ours}
    assert sent["key"] == sf.generate_js_hash(ours["script"], "k", False)


def test_steps_of_one_view_build_its_map_once(monkeypatch):
    built = []
    real = ui.mapview.build_map
    monkeypatch.setattr(ui.mapview, "build_map", lambda *a, **k: built.append(1) or real(*a, **k))
    at = open_page("app.py", present="1")
    for _ in range(3):
        at.button(key="present_next").click().run()
        assert not at.exception
    assert at.query_params["step"] == "4"
    assert len(built) == 1
    at.query_params["lang"] = "fr"  # another view: another map
    at.run()
    assert len(built) == 2
