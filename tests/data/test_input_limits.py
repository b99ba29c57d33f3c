"""Limits on input and files that cannot be parsed: each a named problem, the rest kept.

A 50 MB summary once went through ``db load`` and hung a browser for minutes; a
FeatureCollection nested 100,000 deep crashed every page. The limits live in the schema
(``geo.data.schema``); ``geo validate``, ``db load`` and the app read through the same rules.
"""

from __future__ import annotations

import json

from geo.data.dataset import load_dataset
from geo.data.schema import LONG_TEXT, MAX_COORDINATES, MAX_LIST_ITEMS
from tests import tinydata
from tests.cli_run import run_cli
from tests.tinydata import broken, set_geom, set_prop

FIFTY_MB = 50 * 1024 * 1024


def _problems(folder) -> list[str]:
    return [str(p) for p in load_dataset(folder).problems]


def test_a_50_mb_summary_is_refused_by_geo_validate_naming_file_feature_and_field(tmp_path):
    folder = broken(tmp_path, "events.geojson", 0, set_prop("summary", "x" * FIFTY_MB))
    out = run_cli("validate", "--data-dir", str(folder))
    assert out.returncode != 0 and "Traceback" not in out.stderr
    line = f"events.geojson: ev-cairo: summary: too long ({FIFTY_MB} > {LONG_TEXT} characters)"
    assert line in out.stdout + out.stderr
    data = load_dataset(folder)  # the app's reading: the others stay
    assert "ev-cairo" not in set(data.layer("events")["id"])
    assert len(data.layer("events")) == 2 and len(data.layer("hubs")) == 2


def test_too_many_items_too_many_points_and_a_lone_surrogate_are_named(tmp_path):
    many = broken(tmp_path / "a", "hubs.geojson", 0, set_prop("alt_names", ["x"] * 201))
    assert any(f"too many items (201 > {MAX_LIST_ITEMS})" in p for p in _problems(many))
    ring = [[10 + i / 1e5, 20] for i in range(MAX_COORDINATES)] + [[12, 22], [10, 20]]
    line = {"type": "LineString", "coordinates": ring}
    points = broken(tmp_path / "b", "routes.geojson", 0, set_geom(line))
    assert any("geometry: too many points" in p for p in _problems(points))
    surrogate = tinydata.write(tmp_path / "c")
    hubs = surrogate / "hubs.geojson"
    doc = json.loads(hubs.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["name"] = "Tripoli \ud800"
    hubs.write_text(json.dumps(doc), encoding="utf-8")  # the escape "\ud800": valid JSON
    assert any("name: holds a character that is not text" in p for p in _problems(surrogate))


def test_a_file_nested_100000_deep_is_named_and_the_other_layers_load(tmp_path):
    folder = tinydata.write(tmp_path / "data")
    nested = '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (folder / "hubs.geojson").write_text(nested, encoding="utf-8")
    data = load_dataset(folder)
    assert [str(p) for p in data.problems] == [
        "hubs.geojson: (file): -: not valid GeoJSON: its arrays or objects are nested too deeply"
    ]
    assert data.layer("hubs").empty
    assert {n: len(data.layer(n)) for n in ("routes", "coverage", "events")} == {
        "routes": 1,
        "coverage": 3,
        "events": 3,
    }
    out = run_cli("validate", "--data-dir", str(folder))
    assert "nested too deeply" in out.stdout + out.stderr and "Traceback" not in out.stderr


def test_nan_is_not_a_coordinate(tmp_path):
    folder = tinydata.write(tmp_path / "data")
    hubs = folder / "hubs.geojson"
    doc = json.loads(hubs.read_text(encoding="utf-8"))
    doc["features"][0]["geometry"]["coordinates"] = [float("nan"), 32.9]
    hubs.write_text(json.dumps(doc), encoding="utf-8")  # Python writes NaN, as it reads it
    assert _problems(folder) == [
        "hubs.geojson: (file): -: not valid JSON: NaN is not a JSON number"
    ]
