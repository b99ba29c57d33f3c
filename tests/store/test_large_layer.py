"""A large activity layer stays in PostGIS: filtered, counted and grouped in SQL, giving the
same cells and counts as the Python path on the same activities."""

import json
import os

import pytest
from geopandas.testing import assert_geoseries_equal

from geo.data.dataset import load_dataset
from geo.data.io import placed
from geo.i18n import localized
from geo.render.aggregate import aggregate_events
from geo.store import read_dataset
from geo.view.filters import Filters
from geo.view.selection import select
from geo.view.urlstate import ViewState
from tests.cli_run import cli
from tests.store.conftest import LARGE

# The store's tests share the worker's PostgreSQL and its large store: one worker.
pytestmark = pytest.mark.xdist_group("store")

ACTIVITIES = LARGE
FILTERS = [
    Filters(),
    Filters(("dismantling",), (2021, 2022)),
    Filters((), (2020, 2020)),
    Filters(("gloact-bgd",)),
]


@pytest.fixture(scope="module")
def synthetic(large_store):
    """The data with LARGE synthetic activities, in a database and read from its files."""
    url, folder = large_store
    return url, load_dataset(folder)


def test_small_layers_are_read_whole(synthetic):
    url, _ = synthetic
    _, data = read_dataset(url)
    assert not data.large and len(data.layer("events")) == ACTIVITIES


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_sql_groups_and_counts_as_python_does(synthetic, monkeypatch, lang):
    pg_database, files = synthetic
    monkeypatch.setenv("GEO_STORE_LARGE_OVER", "1000")

    _, data = read_dataset(pg_database)

    assert data.ok, data.problems[:3]
    assert data.layer("events").empty, "the activities stay in the database"
    large = data.large["events"]
    assert large.total == ACTIVITIES
    for filters in FILTERS:
        view = ViewState(filters, lang=lang)
        expected = select(files, view)
        shown = large.narrow(select(data, view))
        assert shown.figures == expected.figures, filters
        assert shown.caption == expected.caption
        python = aggregate_events(
            placed(expected.layer("events")), lambda r: localized(r, "name", lang)
        ).sort_values("id", ignore_index=True)
        sql = shown.layer("events").sort_values("id", ignore_index=True)
        assert len(python) > 1
        assert list(sql["id"]) == list(python["id"])
        assert list(sql["count"]) == list(python["count"])
        assert list(sql["titles"]) == list(python["titles"])
        assert list(sql["project"]) == list(python["project"])
        assert_geoseries_equal(sql.geometry, python.geometry, check_less_precise=True)


def test_the_cli_exports_every_activity_of_a_large_layer(synthetic, tmp_path):
    url, files = synthetic
    env = {**os.environ, "GEO_DATABASE_URL": url, "GEO_STORE_LARGE_OVER": "1000"}
    out = cli(
        "export", "events", "--years", "2020-2021", "-o", str(tmp_path / "e.geojson"), env=env
    )
    assert out.returncode == 0, out.stderr
    features = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))["features"]
    expected = select(files, ViewState(Filters((), (2020, 2021)))).layer("events")
    assert sorted(f["properties"]["id"] for f in features) == sorted(expected["id"])
