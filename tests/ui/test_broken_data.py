"""Broken data files: the app says what is wrong and keeps showing every sound layer."""

import json
import shutil

import pytest

from tests import ROOT
from tests.apptest import open_page
from tests.ui.tablehtml import html_tables


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    monkeypatch.setenv("GEO_DATA_DIR", str(folder))
    return folder


def truncate(path):
    path.write_text(path.read_text(encoding="utf-8")[:500], encoding="utf-8")


def empty(path):
    path.write_text("", encoding="utf-8")


def foreign_crs(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    path.write_text(json.dumps(doc), encoding="utf-8")


def one_bad_feature(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["start_date"] = "sometime in 2021"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def metrics(at):
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize(
    ("file", "breaker", "expected", "lost"),
    [
        ("hubs.geojson", truncate, "hubs.geojson: (file): -: not valid JSON", "Key hub cities"),
        ("routes.geojson", empty, "routes.geojson: (file): -: file is empty", "Route legs"),
        ("hubs.geojson", foreign_crs, "hubs.geojson: (file): crs: declares CRS", "Key hub cities"),
    ],
    ids=["truncated", "empty", "wrong CRS"],
)
def test_broken_file_is_named_and_other_layers_stay(data_copy, file, breaker, expected, lost):
    breaker(data_copy / file)
    at = open_page("app.py")
    assert not at.exception
    notice = " ".join(e.value for e in at.error)
    assert file in notice
    plain = notice.replace("\\", "")
    assert expected in plain, plain
    figures = metrics(at)
    assert figures[lost] == "0"
    assert figures["Activities"] == "22"  # the sound layers are all still there
    assert figures["Countries covered"] == "6"


def test_bad_feature_among_good_ones_is_left_out_and_named(data_copy):
    one_bad_feature(data_copy / "events.geojson")
    at = open_page("app.py")
    plain = " ".join(e.value for e in at.error).replace("\\", "")
    assert "events.geojson: ev-2019-08-01-announcement: start_date: cannot read date" in plain
    assert metrics(at)["Activities"] == "21"  # the 21 sound activities stay
    assert metrics(at)["Key hub cities"] == "5"


def test_a_changed_file_is_picked_up_without_restarting(data_copy):
    at = open_page("app.py")
    assert metrics(at)["Key hub cities"] == "5"
    doc = json.loads((data_copy / "hubs.geojson").read_text(encoding="utf-8"))
    doc["features"] = doc["features"][:4]
    (data_copy / "hubs.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    at.run()
    assert metrics(at)["Key hub cities"] == "4"


def test_data_page_lists_every_problem(data_copy):
    one_bad_feature(data_copy / "events.geojson")
    truncate(data_copy / "routes.geojson")
    at = open_page("pages/data.py")
    # The notice's "Data problems" and the validation status both list them, as plain
    # tables (ui.tables): every row and every word, no grid.
    assert not [d for d in at.dataframe if "Problem" in d.value.columns]
    problems = [t for t in html_tables(at) if "Problem" in t.columns]
    assert [len(t) for t in problems] == [2, 2]
