"""``db load`` writes the activities a batch at a time, in its one transaction.

Against a real, throwaway PostGIS (devtools/pg.py): a load in small batches stores what
the files hold, in their order; a problem in any batch, or a file cut short, refuses the
whole load; a load killed after its first batch leaves the store as it was; the fields a
load changed are kept for the activities as for the other tables.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from devtools.synthetic import synth_events
from geo.data.dataset import load_dataset
from geo.store import engine, history, read_dataset, snapshot
from geo.store.versions import VERSIONS
from tests import ROOT, tinydata
from tests.cli_run import cli
from tests.store.test_load_and_read import _env, _same

pytestmark = pytest.mark.xdist_group("store")


def _versions(url: str) -> list[int]:
    with snapshot(engine(url)) as conn:
        return [v["version"] for v in history(conn)]


def _events(folder: Path) -> list[dict]:
    return json.loads((folder / "events.geojson").read_text(encoding="utf-8"))["features"]


def _with_events(folder: Path, features: list[dict]) -> Path:
    doc = {"type": "FeatureCollection", "features": features}
    (folder / "events.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


def test_a_load_in_batches_stores_the_files_in_their_order_with_a_progress_bar(
    pg_database, tmp_path
):
    folder = synth_events(300, ROOT / "data", tmp_path / "data")

    out = cli("db", "load", "--data-dir", str(folder), "--batch", "7", env=_env(pg_database))

    assert out.returncode == 0, out.stdout + out.stderr
    assert "300 events" in out.stdout
    # The bar: how much of the file is read, the activities written and their rate.
    assert "activities: 100%" in out.stderr and "300 written" in out.stderr, out.stderr
    assert "/s" in out.stderr
    _same(load_dataset(folder), read_dataset(pg_database)[1])


def test_a_bad_activity_in_a_later_batch_refuses_the_whole_load(pg_database, tmp_path):
    first = tinydata.write(tmp_path / "first")
    env = _env(pg_database)
    assert cli("db", "load", "--data-dir", str(first), env=env).returncode == 0
    folder = synth_events(60, ROOT / "data", tmp_path / "data")
    events = _events(folder)
    events[47]["properties"]["project_ids"] = ["nowhere"]
    events[55]["properties"]["id"] = events[3]["properties"]["id"]
    bad, twice = events[47]["properties"]["id"], events[3]["properties"]["id"]
    _with_events(folder, events)

    out = cli("db", "load", "--data-dir", str(folder), "--batch", "10", env=env)

    assert out.returncode == 1
    assert f"events.geojson: {bad}: project_ids:" in out.stdout, out.stdout
    assert f"events.geojson: {twice}: id: id is used 2 times" in out.stdout, out.stdout
    assert "nothing loaded" in out.stderr
    assert _versions(pg_database) == [1]
    _same(load_dataset(first), read_dataset(pg_database)[1])


def test_an_activities_file_cut_short_refuses_the_load_before_a_batch(pg_database, tmp_path):
    folder = synth_events(60, ROOT / "data", tmp_path / "data")
    path = folder / "events.geojson"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) * 3 // 4], encoding="utf-8")

    out = cli("db", "load", "--data-dir", str(folder), "--batch", "10", env=_env(pg_database))

    assert out.returncode == 1
    assert "events.geojson: (file): -: not valid JSON" in out.stdout, out.stdout
    assert "activities:" not in out.stderr  # refused before a batch: no bar
    assert _versions(pg_database) == []


def test_a_load_killed_after_its_first_batch_leaves_the_store_as_it_was(pg_database, tmp_path):
    first = tinydata.write(tmp_path / "first")
    env = _env(pg_database)
    assert cli("db", "load", "--data-dir", str(first), env=env).returncode == 0
    folder = synth_events(600, ROOT / "data", tmp_path / "data")
    load = subprocess.Popen(
        [sys.executable, "-m", "geo", "db", "load", "--data-dir", str(folder), "--batch", "100"],
        cwd=ROOT,
        env=_env(pg_database, GEO_STORE_TEST_PAUSE="60"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = load.stdout.readline()
    assert "pausing" in line and "100 activities written" in line, (
        load.stderr.read() if load.poll() is not None else line
    )

    os.kill(load.pid, signal.SIGKILL)
    load.wait(timeout=10)

    assert _versions(pg_database) == [1]
    _same(load_dataset(first), read_dataset(pg_database)[1])
    # The server rolled the killed load back and freed its lock: the next load goes through.
    again = cli("db", "load", "--data-dir", str(folder), "--batch", "100", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _versions(pg_database) == [2, 1]
    assert len(read_dataset(pg_database)[1].layers["events"]) == 600


def test_the_load_keeps_what_it_changed_in_the_activities_field_by_field(pg_database, tmp_path):
    env = _env(pg_database)
    assert (
        cli("db", "load", "--data-dir", str(tinydata.write(tmp_path / "a")), env=env).returncode
        == 0
    )
    events = tinydata.layers()["events.geojson"]
    events[0]["properties"]["name"] = "Roundtable on smuggling"
    events[2]["geometry"] = {"type": "Point", "coordinates": [31.3, 30.1]}
    gone = events.pop(1)["properties"]["id"]
    events.append({**events[0], "properties": {**events[0]["properties"], "id": "ev-new"}})
    changed = tinydata.write(tmp_path / "b", {"events.geojson": events})

    out = cli("db", "load", "--data-dir", str(changed), "--batch", "2", env=env)

    assert out.returncode == 0, out.stdout + out.stderr
    with snapshot(engine(pg_database)) as conn:
        row = conn.execute(select(VERSIONS).where(VERSIONS.c.version == 2)).mappings().one()
    assert row["added"]["events"] == ["ev-new"]
    assert row["removed"]["events"] == [gone]
    assert row["changed"]["events"] == ["ev-2009", "ev-cairo"]
    assert row["fields"]["events"] == {
        "ev-cairo": {"name": ["Roundtable", "Roundtable on smuggling"]},
        "ev-2009": {"geometry": ["changed", "changed"]},
    }
    assert row["counts"]["events"] == 3
    # Only the difference was written, and the rows kept read in the new file's order.
    _same(load_dataset(changed), read_dataset(pg_database)[1])
    diff = cli("db", "diff", "1", "2", env=env)
    assert 'changed events ev-cairo: name: "Roundtable" -> "Roundtable on smuggling"' in diff.stdout


def test_a_file_of_many_bad_activities_lists_the_first_and_counts_the_rest(
    pg_database, tmp_path, monkeypatch
):
    from geo.store import batches, load_folder

    monkeypatch.setattr(batches, "MAX_LISTED", 5)
    folder = synth_events(40, ROOT / "data", tmp_path / "data")
    events = _events(folder)
    for event in events[10:30]:
        event["properties"]["project_ids"] = ["nowhere"]
    _with_events(folder, events)

    problems = load_folder(engine(pg_database), folder, batch=8)

    listed = [p for p in problems if p.field == "project_ids"]
    bad = {e["properties"]["id"] for e in events[10:30]}
    assert len(listed) == 5 and {p.feature for p in listed} <= bad
    (more,) = [p for p in problems if p.field == "-"]
    assert more.message == "and 15 more problem(s), not listed: the first 5 are"
    assert len(problems) == 6 and _versions(pg_database) == []
