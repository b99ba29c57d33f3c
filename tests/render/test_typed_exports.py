"""Exports typed as declared (issue 23, point 7).

The data dictionary gives each field a kind; every file of the download holds it so, as the
GeoJSON and ``datapackage.json`` say: a year is an integer (``2006``, in CSV and in the
GeoPackage), a number is written without ``.0`` when whole (``21653``), a list is a JSON array
(``["EGY","LBY"]``), and every file of the ZIP unpacks readable by all (mode 0644). Checked
on the shipped data, in the ZIP of the Data page and in the one ``python -m geo export all``
writes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile

import pyogrio
import pytest

from geo import Filters, ViewState, select
from geo.data.schema import LAYERS, PROJECTS_SPEC, SPECS
from geo.render.downloads import bundle_zip
from tests.cli_run import cli

frictionless = pytest.importorskip("frictionless")

YEARS = ("observed_from", "observed_to")


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


@pytest.fixture(scope="module", params=["page", "cli"])
def archive(request, data, tmp_path_factory) -> zipfile.ZipFile:
    """The ZIP of every layer, unfiltered: as the Data page gives it, and as the CLI writes it."""
    if request.param == "page":
        payload = bundle_zip(select(data, ViewState(Filters())))
    else:
        out = tmp_path_factory.mktemp("export") / "all.zip"
        result = cli("export", "all", "-o", str(out))
        assert result.returncode == 0, result.stderr
        payload = out.read_bytes()
    return zipfile.ZipFile(io.BytesIO(payload))


def rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))


def features(archive: zipfile.ZipFile, layer: str) -> dict[str, dict]:
    doc = json.loads(archive.read(f"{layer}.geojson"))
    return {f["properties"]["id"]: f["properties"] for f in doc["features"]}


@pytest.fixture
def gpkg(archive, tmp_path):
    path = tmp_path / "layers.gpkg"
    path.write_bytes(archive.read("layers.gpkg"))
    return path


def test_whole_numbers_are_written_without_a_decimal_point(archive):
    figures = {row["id"]: row for row in rows(archive, "figures.csv")}
    assert figures["fig-bgd-migrants-libya-2022"]["value"] == "21653"
    assert figures["fig-forensic-lab-capacity"]["value_max"] == "80"  # a range, 75 to 80
    budgets = {row["id"]: row["budget"] for row in rows(archive, "projects.csv")}
    assert budgets == {"dismantling": "15000000", "gloact-bgd": "", "xamt14": "2705000"}
    # Every cell of a number or year field, in every CSV: whole values carry no ".0".
    for name in archive.namelist():
        if not name.endswith(".csv"):
            continue
        spec = SPECS[name.removesuffix(".csv")]
        numbers = [f.name for f in spec.fields if f.kind in ("number", "year")]
        for row in rows(archive, name):
            for field in numbers:
                cell = row[field]
                if cell and float(cell).is_integer():
                    assert re.fullmatch(r"-?\d+", cell), (name, row.get("id"), field, cell)


def test_years_are_integers_in_csv_and_geopackage(archive, gpkg):
    legs = features(archive, "routes")
    for row in rows(archive, "routes.csv"):
        for field in YEARS:
            # A leg no source dates has no year: an empty cell, null in the GeoJSON.
            assert re.fullmatch(r"\d{4}|", row[field]), (row["id"], field, row[field])
            assert (int(row[field]) if row[field] else None) == legs[row["id"]][field]
    with sqlite3.connect(gpkg) as con:
        declared = {r[1]: r[2] for r in con.execute("PRAGMA table_info(routes)")}
        stored = {
            r[0]: r[1:] for r in con.execute("SELECT id, observed_from, observed_to FROM routes")
        }
    assert {f: declared[f] for f in YEARS} == {"observed_from": "INTEGER", "observed_to": "INTEGER"}
    assert stored == {i: tuple(p[f] for f in YEARS) for i, p in legs.items()}
    assert {type(v) for pair in stored.values() for v in pair} == {int, type(None)}


def test_lists_are_json_arrays_equal_to_the_geojson(archive, gpkg, data):
    seen = 0
    for layer in LAYERS:
        props = features(archive, layer)
        lists = [f.name for f in SPECS[layer].fields if f.kind == "list"]
        stored = pyogrio.read_dataframe(gpkg, layer=layer).set_index("id")
        for row in rows(archive, f"{layer}.csv"):
            for field in lists:
                want, cell = props[row["id"]][field], row[field]
                if want is None:
                    assert cell == "", (layer, row["id"], field, cell)
                    continue
                assert cell.startswith("["), (layer, row["id"], field, cell)
                assert json.loads(cell) == want, (layer, row["id"], field, cell)
                assert json.loads(stored.at[row["id"], field]) == want, (layer, row["id"], field)
                seen += 1
    projects = {p["id"]: p for p in data.projects.to_dict(orient="records")}
    for row in rows(archive, "projects.csv"):
        for field in (f.name for f in PROJECTS_SPEC.fields if f.kind == "list"):
            want = projects[row["id"]][field]
            assert (json.loads(row[field]) if row[field] else None) == want, (row["id"], field)
    assert seen > 100  # the shipped data has lists in every layer
    countries = {row["id"]: json.loads(row["countries"]) for row in rows(archive, "projects.csv")}
    assert countries["dismantling"] == ["EGY", "LBY", "MAR", "TUN"]


def test_every_zip_entry_is_readable_by_all(archive):
    modes = {i.filename: oct(i.external_attr >> 16 & 0o777) for i in archive.infolist()}
    assert len(modes) >= 14
    assert set(modes.values()) == {"0o644"}, modes
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())


def test_the_package_declares_and_reads_the_types_the_csv_holds(archive, tmp_path):
    archive.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["resourcePath", "type", "note"])[:10]
    package = json.loads(archive.read("datapackage.json"))
    for resource in package["resources"]:
        if "schema" not in resource:
            continue
        spec = SPECS[resource["path"].removesuffix(".csv")]
        declared = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        for field in spec.fields:
            want = {"year": "integer", "number": "number", "list": "array"}.get(field.kind)
            assert declared[field.name] == (want or "string"), (resource["path"], field.name)
    typed = frictionless.Package(tmp_path / "datapackage.json")
    legs = typed.get_resource("routes-csv").read_rows()
    assert {type(leg["observed_from"]) for leg in legs} == {int, type(None)}
    assert {type(leg["countries"]) for leg in legs} == {list}
    projects = {p["id"]: p for p in typed.get_resource("projects-csv").read_rows()}
    assert projects["xamt14"]["countries"] == ["DZA", "EGY", "LBY", "MAR", "TUN"]
