"""Each validation rule, broken once on a tiny data folder, and the message it gives."""

import copy
import json

import pytest

from geo.data.dataset import load_dataset
from tests import tinydata
from tests.cli_run import cli
from tests.tinydata import broken, drop_prop, set_geom, set_prop


def test_tiny_data_is_valid(tiny):
    data = load_dataset(tiny)
    assert data.problems == []
    assert {k: len(v) for k, v in data.layers.items()} == {
        "hubs": 2,
        "routes": 1,
        "coverage": 3,
        "events": 3,
    }


SELF_CROSSING = {
    "type": "Polygon",
    "coordinates": [[[9, 19], [25, 33], [25, 19], [9, 33], [9, 19]]],
}

RULES = [
    (
        "missing field",
        "hubs.geojson",
        0,
        drop_prop("iso3"),
        "hubs.geojson: hub-tripoli: iso3: required field is missing",
    ),
    (
        "duplicate id",
        "hubs.geojson",
        1,
        set_prop("id", "hub-tripoli"),
        "hubs.geojson: hub-tripoli: id: id is used 2 times; only the first is kept",
    ),
    (
        "unknown project",
        "hubs.geojson",
        0,
        set_prop("project_ids", ["new", "ghost"]),
        "hubs.geojson: hub-tripoli: project_ids: unknown project id 'ghost'",
    ),
    (
        "unparsable date",
        "events.geojson",
        0,
        set_prop("start_date", "7 Sep 2021"),
        "events.geojson: ev-cairo: start_date: cannot read date '7 Sep 2021'",
    ),
    (
        "impossible date",
        "events.geojson",
        0,
        set_prop("end_date", "2021-02-30"),
        "events.geojson: ev-cairo: end_date: cannot read date '2021-02-30'",
    ),
    (
        "end before start",
        "events.geojson",
        0,
        set_prop("end_date", "2021-09-01"),
        "events.geojson: ev-cairo: end_date: ends (2021-09-01) before it starts (2021-09-07)",
    ),
    (
        "wrong geometry type",
        "hubs.geojson",
        0,
        set_geom({"type": "LineString", "coordinates": [[13, 32], [14, 32]]}),
        "hubs.geojson: hub-tripoli: geometry: is a LineString, expected Point",
    ),
    (
        "empty geometry not allowed",
        "hubs.geojson",
        0,
        set_geom(None),
        "hubs.geojson: hub-tripoli: geometry: geometry is missing or empty",
    ),
    (
        "unreadable geometry",
        "hubs.geojson",
        0,
        set_geom({"type": "Point", "coordinates": []}),
        "hubs.geojson: hub-tripoli: geometry: ",
    ),
    (
        "invalid geometry",
        "coverage.geojson",
        0,
        set_geom(SELF_CROSSING),
        "coverage.geojson: cov-old-LBY: geometry: invalid geometry: Self-intersection",
    ),
    (
        "out of range",
        "hubs.geojson",
        0,
        set_geom({"type": "Point", "coordinates": [1461000, 3876000]}),
        "hubs.geojson: hub-tripoli: geometry: coordinates out of range",
    ),
    (
        "outside its country",
        "hubs.geojson",
        1,
        set_prop("iso3", "EGY"),
        "hubs.geojson: hub-kufra: geometry: point (23.2900, 24.2000) lies ",
    ),
    (
        "unknown country",
        "events.geojson",
        0,
        set_prop("iso3", "XYZ"),
        "events.geojson: ev-cairo: iso3: 'XYZ' is not a country of the basemap",
    ),
    (
        "wrong choice",
        "routes.geojson",
        0,
        set_prop("mode", "camel"),
        "routes.geojson: R4-01: mode: 'camel' is not one of land, sea, air",
    ),
    (
        "wrong kind",
        "hubs.geojson",
        0,
        set_prop("project_ids", "new"),
        "hubs.geojson: hub-tripoli: project_ids: must be a list of texts",
    ),
]


@pytest.mark.parametrize(
    ("file", "index", "change", "expected"), [r[1:] for r in RULES], ids=[r[0] for r in RULES]
)
def test_rule_is_reported_and_feature_left_out(tmp_path, file, index, change, expected):
    folder = broken(tmp_path, file, index, change)
    data = load_dataset(folder)
    lines = [str(p) for p in data.problems]
    assert any(line.startswith(expected) for line in lines), lines
    layer = file.removesuffix(".geojson")
    sound = len(tinydata.layers()[file]) - len({p.feature for p in data.problems})
    assert len(data.layer(layer)) == sound  # the bad feature is out, the others stay


def test_point_just_outside_the_border_is_tolerated(tmp_path):
    # 0.1° east of Libya's box edge at 25°E is about 10 km: within the 25 km allowed.
    folder = broken(
        tmp_path, "hubs.geojson", 1, set_geom({"type": "Point", "coordinates": [25.1, 20.5]})
    )
    assert load_dataset(folder).problems == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "hubs.geojson: (file): -: file is empty"),
        ('{"type": "FeatureCollection", "features": [{"type": "Fea', "not valid JSON (truncated?)"),
        (
            '{"type": "FeatureCollection", "features": []}',
            "hubs.geojson: (file): -: holds no feature",
        ),
        ('{"type": "Topology"}', "not a GeoJSON FeatureCollection"),
    ],
    ids=["empty", "truncated", "no feature", "not geojson"],
)
def test_unreadable_or_empty_file(tiny, content, expected):
    (tiny / "hubs.geojson").write_text(content, encoding="utf-8")
    data = load_dataset(tiny)
    assert any(expected in str(p) for p in data.problems), data.problems
    assert data.layer("hubs").empty
    assert len(data.layer("events")) == 3  # the other layers still load


def test_missing_file(tiny):
    (tiny / "routes.geojson").unlink()
    assert [str(p) for p in load_dataset(tiny).problems] == [
        f"routes.geojson: (file): -: file not found in {tiny}"
    ]


def test_foreign_crs_rejects_the_layer(tiny):
    doc = json.loads((tiny / "hubs.geojson").read_text())
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    (tiny / "hubs.geojson").write_text(json.dumps(doc))
    problems = [str(p) for p in load_dataset(tiny).problems]
    assert len(problems) == 1
    assert problems[0].startswith(
        "hubs.geojson: (file): crs: declares CRS urn:ogc:def:crs:EPSG::3857"
    )


def test_crs84_is_accepted(tiny):
    doc = json.loads((tiny / "hubs.geojson").read_text())
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    (tiny / "hubs.geojson").write_text(json.dumps(doc))
    assert load_dataset(tiny).problems == []


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "start_date",
            "30/11/2007",
            "projects.csv: old: start_date: cannot read date '30/11/2007'",
        ),
        (
            "end_date",
            "2006",
            "projects.csv: old: end_date: ends (2006) before it starts (2007-11-30)",
        ),
        ("budget", "lots", "projects.csv: old: budget: must be a number, got 'lots'"),
        ("funders", "", "projects.csv: old: funders: required field is missing"),
        (
            "countries",
            "LBY;ATL",
            "projects.csv: old: countries: 'ATL' is not a country of the basemap",
        ),
    ],
)
def test_projects_table_rules(tmp_path, monkeypatch, column, value, expected):
    rows = copy.deepcopy(tinydata.PROJECTS)
    rows[0][column] = value
    monkeypatch.setattr(tinydata, "PROJECTS", rows)
    data = load_dataset(tinydata.write(tmp_path / "data"))
    assert any(str(p).startswith(expected) for p in data.problems), data.problems


def test_project_row_without_id_is_named_by_row(tmp_path, monkeypatch):
    rows = copy.deepcopy(tinydata.PROJECTS)
    rows[1]["id"] = ""
    monkeypatch.setattr(tinydata, "PROJECTS", rows)
    data = load_dataset(tinydata.write(tmp_path / "data"))
    assert "projects.csv: row 3: id: required field is missing" in [str(p) for p in data.problems]


def test_validate_cli_reports_every_problem_and_exits_1(tmp_path):
    features = copy.deepcopy(tinydata.layers()["events.geojson"])
    features[0]["properties"]["start_date"] = "soon"
    features[2]["properties"]["project_ids"] = ["ghost"]
    folder = tinydata.write(tmp_path / "data", {"events.geojson": features})
    (folder / "hubs.geojson").write_text("{", encoding="utf-8")
    result = cli("validate", "--data-dir", str(folder))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3, lines
    assert lines[0].startswith("events.geojson: ev-2009: project_ids: unknown project id 'ghost'")
    assert lines[1].startswith("events.geojson: ev-cairo: start_date: cannot read date 'soon'")
    assert lines[2].startswith("hubs.geojson: (file): -: not valid JSON")
    assert "Traceback" not in result.stderr


def test_validate_cli_passes_on_tiny_data(tiny):
    result = cli("validate", "--data-dir", str(tiny))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK:")
