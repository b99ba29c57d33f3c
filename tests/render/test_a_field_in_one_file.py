"""A field added to a layer in its one module reaches every output that describes the layer.

The test copies the library, adds one field to ``geo/layers/events.py`` alone (a line of its
``SPEC`` and a line of its ``SHOWN``), gives one activity of a copy of the data a value for
it, and asks the copy, in its own process, for the activity's popup, details, list item,
row of the Events page's table, printed sheet and CSV.
"""

import json
import shutil
import subprocess
import sys

import pytest

from tests import ROOT

FIELD = """        Field("attendance", "number", required=False, doc=N_("people who took part")),
"""
LINE = """    Shown(N_("Attendance"), "attendance", "number"),
"""
ANCHOR_SPEC = "        *NOTE,\n    ),\n"  # the end of the spec's fields

PROBE = r"""
import io, json, sys, zipfile
from pypdf import PdfReader
from geo import ViewState, select
from geo.data.dataset import load_dataset
from geo.render.basemap import display_basemap
from geo.render.details import feature_details, find_feature
from geo.render.downloads import bundle_zip
from geo.render.maplist import map_items
from geo.render.popups import event_html
from geo.render.printed import render_pdf
from geo.render.timeline import timeline_table

data = load_dataset(sys.argv[1])
sel = select(data, ViewState())
layer, row = find_feature(sel, sys.argv[2])
items = [i.label for s in map_items(sel) for i in s.items if i.id == sys.argv[2]]
pdf = render_pdf(sel, display_basemap(data.basemap))
with zipfile.ZipFile(io.BytesIO(bundle_zip(sel))) as z:
    csv = next(z.read(n).decode() for n in z.namelist() if n.endswith("events.csv"))
print(json.dumps({
    "problems": [str(p) for p in data.problems],
    "popup": event_html(row, sel),
    "details": feature_details(layer, row, sel).fields,
    "list": items,
    "table": timeline_table(sel).set_index("id").loc[sys.argv[2]].to_dict(),
    "printed": " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages[1:]),
    "csv": csv.splitlines()[:1] + [l for l in csv.splitlines() if sys.argv[2] in l],
}))
"""


@pytest.fixture(scope="module")
def described(tmp_path_factory):
    root = tmp_path_factory.mktemp("one-file")
    shutil.copytree(ROOT / "geo", root / "geo", ignore=shutil.ignore_patterns("__pycache__"))
    module = root / "geo" / "layers" / "events.py"
    text = module.read_text(encoding="utf-8")
    assert text.count(ANCHOR_SPEC) == 1 and text.rstrip().endswith(")")  # SHOWN ends the file
    text = text.replace(
        ANCHOR_SPEC, ANCHOR_SPEC.replace("        *NOTE,\n", "        *NOTE,\n" + FIELD)
    )
    head, _, _ = text.rstrip().rpartition(")")
    module.write_text(head + LINE + ")\n", encoding="utf-8")

    data = shutil.copytree(ROOT / "data", root / "data")
    events = json.loads((data / "events.geojson").read_text(encoding="utf-8"))
    chosen = next(f for f in events["features"] if f["geometry"])
    chosen["properties"]["attendance"] = 1240
    (data / "events.geojson").write_text(json.dumps(events, ensure_ascii=False), "utf-8")

    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(data), chosen["properties"]["id"]],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_copy_is_the_edited_library_and_the_data_is_sound(described):
    assert described["problems"] == []


def test_the_popup_and_the_details_show_it(described):
    assert "<th>Attendance</th><td>1,240</td>" in described["popup"]
    assert ["Attendance", "1,240"] in described["details"]


def test_the_list_beside_the_map_shows_it(described):
    assert len(described["list"]) == 1 and described["list"][0].endswith(" · 1,240")


def test_the_events_pages_table_has_its_column(described):
    assert described["table"]["Attendance"] == "1,240"


def test_the_printed_sheet_has_its_column(described):
    assert "Attendance" in described["printed"] and "1,240" in described["printed"]


def test_the_csv_has_its_column(described):
    header, row = described["csv"]
    assert "attendance" in header.split(",")
    assert "1240" in row.split(",")
