"""No CSV of a download runs as a spreadsheet formula (OWASP's rule against CSV injection).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written with a ``'`` before it; numbers, negative ones too, stay numbers. The data here
puts a formula in a text field of every table the ZIP holds as CSV: the four layers, the
projects, the figures and the sources. The app's "Download everything" and ``python -m geo
export all`` write the same ZIP (:func:`geo.render.downloads.bundle_zip`).
"""

import copy
import csv
import io
import zipfile

import pytest

from geo import ViewState, load_dataset, select
from geo.render.downloads import bundle_zip
from tests import tinydata
from tests.cli_run import cli

LINK = '=HYPERLINK("http://x","y")'
SUM = "@SUM(1)"
# Each starts a formula in a spreadsheet.
OTHERS = ("+1+1", "-1+1", "\tTAB", "\rCR")
CSV_FILES = (
    "hubs.csv",
    "routes.csv",
    "coverage.csv",
    "events.csv",
    "projects.csv",
    "figures.csv",
    "sources.csv",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    layers = tinydata.layers()
    for name in ("hubs.geojson", "routes.geojson", "coverage.geojson", "events.geojson"):
        layers[name][0]["properties"]["name"] = LINK
    cairo = layers["events.geojson"][0]["properties"]
    cairo.update(summary=SUM, summary_fr=f"{SUM} fr", summary_ar=f"{SUM} ar")
    for text, event in zip(OTHERS, layers["events.geojson"][1:], strict=False):
        event["properties"]["kind"] = text  # free text: launch, meeting... or a formula
    layers["hubs.geojson"][1]["properties"]["coord_source"] = OTHERS[0]
    folder = tinydata.write(tmp_path_factory.mktemp("formulas") / "data", layers)
    projects = copy.deepcopy(tinydata.PROJECTS)
    projects[0]["name"] = LINK
    projects[1]["short_name"] = SUM
    tinydata.write_rows(folder / "projects.csv", tinydata.PROJECT_COLUMNS, projects)
    figures = copy.deepcopy(tinydata.FIGURES)
    figures[0]["what"] = LINK
    figures[1].update(value="-3.5", what=SUM)  # a negative number stays a number
    tinydata.write_rows(folder / "figures.csv", tinydata.FIGURE_COLUMNS, figures)
    sources = copy.deepcopy(tinydata.SOURCES)
    sources[0]["title"] = LINK
    tinydata.write_rows(folder / "sources.csv", tinydata.SOURCE_COLUMNS, sources)
    return folder


@pytest.fixture(scope="module")
def data(folder):
    data = load_dataset(folder)
    assert data.ok, data.problems[:3]
    return data


def tables(payload: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        return {
            name: list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8"), newline="")))
            for name in zf.namelist()
            if name.endswith(".csv")
        }


def formula_cells(rows: list[dict[str, str]]) -> list[str]:
    """Cells holding one of the formulas of the data, however written."""
    marks = (LINK, SUM, *OTHERS)
    return [v for row in rows for v in row.values() if v and any(m in v for m in marks)]


def check(payload: bytes) -> None:
    found = tables(payload)
    assert set(found) == set(CSV_FILES)
    for name, rows in found.items():
        cells = formula_cells(rows)
        assert cells, f"{name} holds no formula: the test data misses it"
        assert [c for c in cells if not c.startswith("'")] == [], name
        assert all(c[1:] in (LINK, SUM, *OTHERS) or c[1:].startswith(SUM) for c in cells), name
    events = {row["id"]: row for row in found["events.csv"]}
    assert events["ev-cairo"]["name"] == "'" + LINK
    assert events["ev-cairo"]["summary"] == "'" + SUM
    assert {events[i]["kind"] for i in ("ev-unknown", "ev-2009")} == {"'+1+1", "'-1+1"}
    # Numbers are left as they are: the negative figure, years, budgets; and plain text too.
    figures = {row["id"]: row for row in found["figures.csv"]}
    assert figures["fig-per-year"]["value"] == "-3.5"
    assert figures["fig-per-year"]["what"] == "'" + SUM
    assert figures["fig-migrants"]["value"] == "21653"
    assert found["routes.csv"][0]["observed_from"] == "2016"
    assert {row["budget"] for row in found["projects.csv"]} == {"2705000", "15000000"}
    assert {row["name"] for row in found["hubs.csv"]} == {"'" + LINK, "Kufra"}


def test_every_csv_of_the_zip_neutralises_formulas(data):
    payload = bundle_zip(select(data, ViewState()))
    check(payload)
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        readme = zf.read("README.txt").decode("utf-8")
        events = zf.read("events.geojson").decode("utf-8")
    assert "no spreadsheet runs it as a formula" in readme  # the analyst is told
    assert '"name": "=HYPERLINK(\\"http://x\\",\\"y\\")"' in events  # GeoJSON keeps it


def test_the_command_line_zip_written_to_a_file(folder, tmp_path):
    out = tmp_path / "export.zip"
    result = cli("export", "all", "--data-dir", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    check(out.read_bytes())


def test_the_neutralised_zip_still_validates(data, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    with zipfile.ZipFile(io.BytesIO(bundle_zip(select(data, ViewState())))) as zf:
        zf.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["resourcePath", "type", "note"])[:10]
