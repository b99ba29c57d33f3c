"""The store keeps briefings by name and tells what changed between two loads, field by field.

``db diff`` between two loads names a renamed hub as changed, with its field; briefings
are saved by the loader's role as versions, refused to the app's read-only role, listed,
shown and exported by name.
"""

import json
import os
import shutil

import pytest
import sqlalchemy as sa
from pptx import Presentation

from geo.store import engine, snapshot
from geo.store.versions import diff
from tests import ROOT, tinydata
from tests.cli_run import cli

pytestmark = pytest.mark.xdist_group("store")

DATA = ROOT / "data"
TOUR = {
    "briefing": 1,
    "title": "Libya, north to south",
    "view": {"lang": "fr"},
    "steps": [
        {"kind": "overview", "notes": "Bonjour."},
        {"kind": "hub", "id": "hub-kufra", "notes": "La porte du sud."},
        {"kind": "year", "year": 2021},
    ],
}


def _env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "GEO_DATA_DIR"}
    return {**env, "GEO_DATABASE_URL": url}


def _renamed_kufra(tmp_path, moved: bool = False):
    folder = tmp_path / ("moved" if moved else "renamed")
    shutil.copytree(DATA, folder)
    hubs = json.loads((folder / "hubs.geojson").read_text(encoding="utf-8"))
    for feature in hubs["features"]:
        if feature["properties"]["id"] == "hub-kufra":
            if moved:  # a tenth of a degree east, the name kept
                feature["geometry"]["coordinates"][0] += 0.1
            else:
                feature["properties"]["name"] = "Al Kufrah"
    (folder / "hubs.geojson").write_text(json.dumps(hubs, ensure_ascii=False), encoding="utf-8")
    return folder


def test_db_diff_names_a_renamed_hub_and_its_field(pg_database, tmp_path):
    env = _env(pg_database)
    assert cli("db", "load", "--data-dir", str(DATA), env=env).returncode == 0
    assert cli("db", "load", "--data-dir", str(_renamed_kufra(tmp_path)), env=env).returncode == 0
    out = cli("db", "diff", "1", "2", env=env)
    assert out.returncode == 0, out.stderr
    assert 'changed hubs hub-kufra: name: "Kufra" -> "Al Kufrah"' in out.stdout
    assert out.stdout.count("changed ") == 1  # nothing else changed
    # From before the first load: every hub added; the same version to itself: no change.
    assert "added 5 hubs" in cli("db", "diff", "0", "2", env=env).stdout
    assert cli("db", "diff", "2", "2", env=env).stdout.endswith("no change\n")
    bad = cli("db", "diff", "1", "9", env=env)
    assert bad.returncode == 2 and "the store holds versions 1 to 2" in bad.stderr
    # Renamed and named back again, across three loads: no change between the first and last.
    assert cli("db", "load", "--data-dir", str(DATA), env=env).returncode == 0
    # Moved and not renamed: the shape is told changed.
    assert (
        cli("db", "load", "--data-dir", str(_renamed_kufra(tmp_path, True)), env=env).returncode
        == 0
    )
    assert 'changed hubs hub-kufra: geometry: "changed" -> "changed"' in (
        cli("db", "diff", "3", "4", env=env).stdout
    )
    with snapshot(engine(pg_database)) as conn:
        assert diff(conn, 1, 3)["changed"] == {}
        assert diff(conn, 2, 3)["changed"] == {
            "hubs": {"hub-kufra": {"name": ["Al Kufrah", "Kufra"]}}
        }


def test_briefings_are_saved_by_the_loader_listed_shown_and_exported(
    pg_database, pg_cluster, tmp_path
):
    env = _env(pg_database)
    assert cli("db", "load", "--data-dir", str(DATA), env=env).returncode == 0
    path = tmp_path / "tour.json"
    path.write_text(json.dumps(TOUR, ensure_ascii=False), encoding="utf-8")
    db_name = sa.make_url(pg_database).database
    loader = {**env, "GEO_DATABASE_URL": pg_cluster.url("geo_loader", db_name)}
    reader = {**env, "GEO_DATABASE_URL": pg_cluster.url("geo_reader", db_name)}

    first = cli("briefing", "save", str(path), "--name", "Cairo, 8 Dec", env=loader)
    assert first.returncode == 0, first.stderr
    assert "version 1: 3 steps" in first.stdout
    assert (
        "version 2"
        in cli("briefing", "save", str(path), "--name", "Cairo, 8 Dec", env=loader).stdout
    )
    refused = cli("briefing", "save", str(path), "--name", "Cairo, 8 Dec", env=reader)
    assert refused.returncode == 1 and "permission denied" in refused.stderr

    listed = cli("briefing", "list", env=reader)
    assert "Cairo, 8 Dec  version 2" in listed.stdout and "3 steps" in listed.stdout
    shown = cli("briefing", "show", "Cairo, 8 Dec", "--version", "1", env=reader)
    assert json.loads(shown.stdout)["steps"][1] == TOUR["steps"][1]
    missing = cli("briefing", "show", "Nobody", env=reader)
    assert missing.returncode == 2 and "no briefing 'Nobody' in the store" in missing.stderr

    deck = tmp_path / "deck.pptx"
    made = cli("briefing", "export", "--name", "Cairo, 8 Dec", "-o", str(deck), env=reader)
    assert made.returncode == 0, made.stderr
    slides = Presentation(str(deck)).slides
    assert len(slides) == 3
    assert slides[1].notes_slide.notes_text_frame.text == "La porte du sud."


def test_a_file_naming_what_the_data_lacks_is_refused_before_saving(pg_database, tmp_path):
    env = _env(pg_database)
    assert (
        cli("db", "load", "--data-dir", str(tinydata.write(tmp_path / "d")), env=env).returncode
        == 0
    )
    path = tmp_path / "tour.json"
    bad = {**TOUR, "steps": [{"kind": "activity", "id": "ev-nowhere"}]}
    path.write_text(json.dumps(bad), encoding="utf-8")
    out = cli("briefing", "save", str(path), "--name", "x", env=env)
    assert out.returncode == 2
    assert out.stderr.strip() == f'error: {path}: steps[1].id: no activity "ev-nowhere" in the data'
    assert "no briefing saved yet" in cli("briefing", "list", env=env).stdout


def test_the_app_opens_a_saved_briefing_by_name(pg_database, pg_cluster, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    env = _env(pg_database)
    assert cli("db", "load", "--data-dir", str(DATA), env=env).returncode == 0
    path = tmp_path / "tour.json"
    path.write_text(json.dumps(TOUR, ensure_ascii=False), encoding="utf-8")
    assert cli("briefing", "save", str(path), "--name", "Cairo", env=env).returncode == 0
    reader = pg_cluster.url("geo_reader", sa.make_url(pg_database).database)
    monkeypatch.setenv("GEO_DATABASE_URL", reader)  # the app's read-only role reads it
    monkeypatch.setenv("GEO_DATA_DIR", str(tmp_path / "nowhere"))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["present"] = "1"
    at.session_state["briefing_editing"] = True  # "Build a briefing" pressed
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    saved = at.selectbox(key="brief_saved")
    assert saved.options == ["Cairo (version 1, 3 steps)"]
    at.button(key="brief_open_saved").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value == "**Étape 1 sur 3**" for m in at.markdown)  # its view: French
    assert at.session_state["view"].briefing.cues[1].notes == "La porte du sud."
