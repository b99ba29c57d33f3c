"""The quick maps the front shows first (ui/quickmap.py): written by the app for its data."""

from __future__ import annotations

import logging
import threading
import weakref

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import LANGUAGES
from geo.render.quick import file_name
from tests import ROOT
from tests.apptest import open_page
from ui import quickmap

NAMES = sorted(file_name(lang) for lang in LANGUAGES)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """The app's quick maps go to a folder of the test's own, and none is written yet."""
    monkeypatch.setattr(quickmap, "QUICK_DIR", tmp_path / "quick")
    monkeypatch.setattr(quickmap, "_latest", [])
    monkeypatch.setenv(quickmap.QUICK_MAPS_ENV, "on")  # the other tests' pages draw none
    return tmp_path / "quick"


def writers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "quick-maps"]


def run(script: str, **query: str) -> AppTest:
    at = open_page(script, **query)
    assert not at.exception, [e.value for e in at.exception]
    for writer in writers():
        writer.join(60)
    return at


def test_the_overview_writes_its_quick_map_in_every_language(folder):
    run("app.py")
    assert sorted(p.name for p in folder.iterdir()) == NAMES  # no part left behind
    page = (folder / file_name("ar")).read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page and "leaflet" in page.lower()


def test_the_overview_in_another_language_writes_them_too(folder):
    run("app.py", lang="fr")
    assert sorted(p.name for p in folder.iterdir()) == NAMES


@pytest.mark.parametrize(
    "script, query",
    [("app.py", {"years": "2019"}), ("app.py", {"present": "1"}), ("pages/routes.py", {})],
    ids=["filtered", "presenting", "another-page"],
)
def test_a_view_the_front_does_not_show_first_writes_none(folder, script, query):
    assert (ROOT / script).exists()
    run(script, **query)
    assert not folder.exists()


def test_new_data_removes_the_maps_of_the_data_before_at_once(folder, shipped):
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_text("the last process's map")
    thread = quickmap.publish(shipped)
    # Removed before the writer starts: until the new maps come the front finds none.
    assert all("last process" not in p.read_text() for p in folder.glob("overview.*"))
    thread.join(120)
    assert sorted(p.name for p in folder.iterdir()) == NAMES
    assert all("leaflet" in (folder / n).read_text().lower() for n in NAMES)


@pytest.mark.parametrize("word", ["off", "OFF", "0"])
def test_a_server_told_to_draw_none_draws_none(folder, shipped, monkeypatch, word):
    monkeypatch.setenv(quickmap.QUICK_MAPS_ENV, word)
    assert quickmap.publish(shipped) is None
    run("app.py")
    assert not folder.exists()


def test_each_data_read_is_written_once(folder, shipped):
    first = quickmap.publish(shipped)
    assert first is not None
    assert quickmap.publish(shipped) is None  # the same data: nothing again
    first.join(120)
    assert sorted(p.name for p in folder.iterdir()) == NAMES


def test_maps_of_data_read_before_the_latest_are_not_written(folder, shipped, tiny):
    from geo.data.dataset import load_dataset

    newer = load_dataset(tiny)
    quickmap._latest[:] = [weakref.ref(newer)]
    assert quickmap.write_all(shipped, folder) == []
    assert not folder.exists()


def test_a_map_that_cannot_be_drawn_is_logged_and_removed(folder, monkeypatch, caplog, tmp_path):
    folder.mkdir()
    (folder / file_name("fr")).write_text("a map of other data")  # never shown again
    # The drawing process reads the data as the app does: here a folder with none.
    monkeypatch.setenv("GEO_DATA_DIR", str(tmp_path / "nowhere"))
    with caplog.at_level(logging.WARNING, logger="ui.quickmap"):
        assert quickmap.write_all(object(), folder) == []
    assert list(folder.iterdir()) == []  # neither the old map nor a part is left
    for lang in LANGUAGES:
        assert f"{file_name(lang)} was not written: geo map exited" in caplog.text
    assert "nowhere" in caplog.text  # the drawing's own words
