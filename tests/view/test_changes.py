"""What changed since an earlier download of the Data page: its ZIP beside today's data."""

import io
import json
import shutil
import zipfile

import pytest

from geo import ViewState, load_dataset, select
from geo.render.downloads import bundle_zip
from geo.view.changes import from_export
from geo.view.filters import Filters
from tests import ROOT


@pytest.fixture(scope="module")
def earlier(shipped) -> bytes:
    """The Data page's ZIP of one project in 2019-2023, as downloaded before the edits."""
    return bundle_zip(select(shipped, ViewState(Filters(("dismantling",), (2019, 2023)))))


def test_an_earlier_download_beside_the_same_data_changed_nothing(shipped, earlier):
    found, made = from_export(earlier, shipped)
    assert found == [] and made[:2] == "20"


def test_a_renamed_hub_a_removed_activity_and_a_moved_leg_are_told(tmp_path, earlier):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)

    def edit(name, change):
        doc = json.loads((folder / name).read_text(encoding="utf-8"))
        doc["features"] = [f for f in (change(f) for f in doc["features"]) if f is not None]
        (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    def rename(f):
        if f["properties"]["id"] == "hub-kufra":
            f["properties"]["name"] = "Al Kufrah"
        return f

    edit("hubs.geojson", rename)
    edit(
        "events.geojson",
        lambda f: None if f["properties"]["id"] == "ev-2023-04-30-catania-rome" else f,
    )
    found, _ = from_export(earlier, load_dataset(folder))
    told = {(c.table, c.id, c.how): c.fields for c in found}
    assert told == {
        ("hubs", "hub-kufra", "changed"): (("name", "Kufra", "Al Kufrah"),),
        ("events", "ev-2023-04-30-catania-rome", "removed"): (),
    }


def test_a_file_that_is_not_the_data_pages_zip_is_refused_by_name(shipped):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hubs.geojson", "{}")
    broken = io.BytesIO()  # a datapackage that says its layers, a layer that is a list
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("datapackage.json", json.dumps({"filters": {"layers": ["hubs"]}}))
        zf.writestr("hubs.geojson", "[1, 2]")
    for raw in (buffer.getvalue(), b"not a zip", broken.getvalue()):
        with pytest.raises(ValueError, match="not a ZIP of the Data page"):
            from_export(raw, shipped)
