"""Provenance in every download: datapackage.json in the ZIP (issue 12, part 7)."""

import hashlib
import io
import json
import zipfile

import geopandas as gpd
import pytest

from geo import Filters, ViewState, select
from geo.render.downloads import bundle_zip
from tests.cli_run import cli

frictionless = pytest.importorskip("frictionless")

VIEW = ViewState(Filters(("dismantling",), (2021, 2023)))


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


@pytest.fixture(scope="module")
def bundle(data):
    return bundle_zip(select(data, VIEW))


def members(payload: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_the_zip_validates_as_a_frictionless_data_package(bundle, tmp_path):
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        zf.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["resourcePath", "type", "note"])[:10]


def test_the_descriptor_describes_every_file_and_the_view(bundle):
    files = members(bundle)
    package = json.loads(files.pop("datapackage.json"))
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == set(files)
    assert {"figures.csv", "sources.csv", "events.geojson", "layers.gpkg", "README.txt"} <= set(
        files
    )
    for name, payload in files.items():
        assert resources[name]["bytes"] == len(payload)
        assert resources[name]["hash"] == "sha256:" + hashlib.sha256(payload).hexdigest()
    for key in ("name", "version", "created", "licenses", "sources", "temporal", "spatial"):
        assert package[key], key
    assert package["filters"] == {
        "description": "Dismantling criminal networks, 2021–2023",
        "projects": ["dismantling"],
        "years": [2021, 2023],
        "layers": ["hubs", "routes", "coverage", "events"],
    }
    assert (
        package["temporal"]["start"] <= "2021-01-01" and package["temporal"]["end"] >= "2023-12-31"
    )
    assert "LBY" in package["spatial"]["countries"]
    events = resources["events.csv"]["schema"]["fields"]
    basis = next(f for f in events if f["name"] == "date_basis")
    assert basis["constraints"]["enum"] == ["event", "publication"]
    assert "reported on" in basis["description"]


def test_a_changed_file_no_longer_validates(bundle, tmp_path):
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        zf.extractall(tmp_path)
    path = tmp_path / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("21653", "21654"), encoding="utf-8")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert "hash-count" in {e[0] for e in report.flatten(["type"])}


def test_the_figures_and_sources_follow_the_filters(data):
    files = members(bundle_zip(select(data, ViewState(Filters(years=(2006, 2010))))))
    figures = files["figures.csv"].decode("utf-8")
    assert "fig-xamt14-budget" in figures and "fig-africans-to-europe-per-year" in figures
    assert "fig-bgd-migrants-libya-2022" not in figures
    sources = files["sources.csv"].decode("utf-8")
    # 2006-2010 shows Western Mediterranean legs only: their sources, with their dates.
    assert "organized-crime-and-irregular-migration-from-africa-to-europe-july-2006" in sources
    assert "civilmrcc" not in sources


def test_export_all_writes_the_data_pages_zip(bundle, tmp_path):
    out = tmp_path / "all.zip"
    result = cli(
        "export", "all", "--project", "dismantling", "--years", "2021-2023", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr
    mine, page = members(out.read_bytes()), members(bundle)
    assert set(mine) == set(page)
    for name in page:
        if name == "datapackage.json":
            assert comparable(mine[name]) == comparable(page[name])
        elif name == "layers.gpkg":  # a GeoPackage records when it was written
            for layer in ("hubs", "routes", "coverage", "events"):
                a = gpd.read_file(io.BytesIO(mine[name]), layer=layer)
                b = gpd.read_file(io.BytesIO(page[name]), layer=layer)
                assert a.to_json() == b.to_json(), layer
        else:
            assert mine[name] == page[name], name


def comparable(descriptor: bytes) -> dict:
    """A descriptor without what depends on the moment it was written."""
    package = json.loads(descriptor)
    package.pop("created")
    for resource in package["resources"]:
        if resource["path"] == "layers.gpkg":
            resource.pop("hash"), resource.pop("bytes")
    return package
