"""Downloads: one geometry type per layer in every format, and file names that carry the filters."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pyogrio
import pytest
import shapely

import geo
from geo.data.io import download_geometry_type, one_geometry_type, to_geojson
from geo.data.schema import LAYERS, SPECS
from geo.render.downloads import BUNDLE_STEM, bundle_zip
from geo.view.filters import FILENAME_MAX, Filters, export_filename


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


FILTERS = [
    Filters(),
    Filters(("dismantling",), (2019, 2021)),
    Filters(("gloact-bgd",)),
    Filters((), (2008, 2008)),
]


def bundle(data, filters: Filters) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(bundle_zip(geo.select(data, geo.ViewState(filters)))))


def test_filtered_events_are_single_points_in_the_data(data):
    """The case the GeoPackage got wrong: only Points left after the filter."""
    sel = geo.select(data, geo.ViewState(FILTERS[1]))
    kinds = set(sel.layer("events").geometry.dropna().geom_type)
    assert kinds == {"Point"}
    assert "MultiPoint" in set(data.layer("events").geometry.dropna().geom_type)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: str(f.to_query_params()))
def test_every_format_has_one_geometry_type_per_layer(data, filters, tmp_path):
    archive = bundle(data, filters)
    gpkg = tmp_path / "layers.gpkg"
    gpkg.write_bytes(archive.read("layers.gpkg"))
    declared = dict(pyogrio.list_layers(gpkg).tolist())
    for name in LAYERS:
        want = download_geometry_type(SPECS[name])
        features = json.loads(archive.read(f"{name}.geojson"))["features"]
        geojson = {f["geometry"]["type"] for f in features if f["geometry"]}
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode())))
        wkt = {shapely.from_wkt(r["wkt"]).geom_type for r in rows if r["wkt"]}
        assert geojson <= {want} and wkt <= {want}, (name, geojson, wkt)
        if features:
            assert declared[name] == want, (name, declared)
            found = set(pyogrio.read_dataframe(gpkg, layer=name).geometry.dropna().geom_type)
            assert found <= {want}, (name, found)


def test_one_geometry_type_leaves_the_places_as_they_are(data):
    events = data.layer("events")
    promoted = one_geometry_type(events, SPECS["events"])
    assert list(promoted["id"]) == list(events["id"])
    for before, after in zip(events.geometry, promoted.geometry, strict=True):
        if before is None or before.is_empty:
            assert after is None or after.is_empty
        else:
            assert after.geom_type == "MultiPoint" and after.equals(before)
    assert data.layer("events").geometry.geom_type.dropna().eq("Point").any()  # not mutated


def test_a_filtered_layer_file_keeps_the_layer_type(data):
    events = geo.select(data, geo.ViewState(FILTERS[1])).layer("events")
    doc = json.loads(to_geojson(events))
    assert {f["geometry"]["type"] for f in doc["features"] if f["geometry"]} == {"MultiPoint"}
    hubs = json.loads(to_geojson(data.layer("hubs")))
    assert {f["geometry"]["type"] for f in hubs["features"]} == {"Point"}


NAMES = [
    (("events", Filters(), "geojson"), "events.geojson"),
    (("events", Filters(("dismantling",), (2019, 2021)), "geojson"), None),
    ((BUNDLE_STEM, Filters(("dismantling",), (2019, 2021)), "zip"), None),
    (("coverage", Filters((), (2008, 2008)), "geojson"), "coverage_2008.geojson"),
    (("map", Filters(("xamt14", "gloact-bgd")), "html"), "map_xamt14_gloact-bgd.html"),
    (("events", Filters(("Gloact BGD/..\\con:*?",)), "geojson"), "events_gloact-bgd-con.geojson"),
]


@pytest.mark.parametrize(
    ("args", "want"), NAMES, ids=[a[0][0] + str(i) for i, a in enumerate(NAMES)]
)
def test_download_names_carry_the_filters(args, want):
    name = export_filename(*args)
    if want is None:  # the examples of the issue
        want = {
            "events": "events_dismantling_2019-2021.geojson",
            BUNDLE_STEM: "north-africa-smuggling-routes_dismantling_2019-2021.zip",
        }[args[0]]
    assert name == want


@pytest.mark.parametrize(
    "projects",
    [tuple(f"project-{i}" for i in range(40)), ("القطرون",), ("a" * 500,), ("CON", "nul.")],
)
def test_download_names_are_safe_on_every_system(projects):
    name = export_filename("events", Filters(projects, (2019, 2022)), "geojson")
    stem, ext = name.rsplit(".", 1)
    assert ext == "geojson"
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", stem), name
    assert len(stem) <= FILENAME_MAX
    assert stem.startswith("events_") and stem != "events"  # filtered, and it shows
    other = export_filename("events", Filters(projects[:-1] + ("x",), (2019, 2022)), "geojson")
    assert other != name or len(projects) == 1
