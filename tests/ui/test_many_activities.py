"""Many activities: the map stays light and every page still works."""

import pytest

from devtools.synthetic import synth_events
from geo import ViewState, load_dataset, select
from geo.render.basemap import display_basemap
from geo.render.maps import build_map
from tests import ROOT
from tests.apptest import PAGES, open_page

N = 5000


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    return synth_events(N, ROOT / "data", tmp_path_factory.mktemp("scale") / "data")


def test_many_activities_validate_and_group_on_the_map(many):
    data = load_dataset(many)
    assert data.ok and len(data.layer("events")) == N
    basemap = display_basemap(data.basemap)
    html = build_map(select(data, ViewState()), basemap).get_root().render()
    shipped = select(load_dataset(ROOT / "data"), ViewState())
    small = build_map(shipped, basemap).get_root().render()
    assert len(html) < 1.5 * len(small)  # grows with places, not with activities
    assert 0 < html.count('"layer": "events"') < 100  # one circle per grid cell


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_with_many_activities(many, monkeypatch, name):
    monkeypatch.setenv("GEO_DATA_DIR", str(many))
    at = open_page(name)
    assert not at.exception, [e.value for e in at.exception]
