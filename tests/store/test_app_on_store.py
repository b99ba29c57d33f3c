"""The app on the store: it reads the database, follows a new load, and says when the
database is down while it keeps showing the last data it read."""

import json
import shutil
import time

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from geo.store import load_folder
from geo.store.connect import engine
from tests import ROOT

# The store's tests share the worker's PostgreSQL and its large store: one worker.
pytestmark = pytest.mark.xdist_group("store")

TTL = 1.0


def _activities(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Activities")


def test_the_overview_reads_the_store_follows_a_load_and_survives_the_database_stopping(
    pg_database, pg_cluster, tmp_path, monkeypatch
):
    assert load_folder(engine(pg_database), ROOT / "data").version == 1
    fewer = tmp_path / "data"
    shutil.copytree(ROOT / "data", fewer)
    doc = json.loads((fewer / "events.geojson").read_text(encoding="utf-8"))
    shown = len(doc["features"])
    doc["features"] = doc["features"][1:]
    (fewer / "events.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    reader = pg_cluster.url("geo_reader", sa.make_url(pg_database).database)
    monkeypatch.setenv("GEO_DATABASE_URL", reader)  # the app's read-only role
    monkeypatch.setenv("GEO_STORE_TTL", str(TTL))
    monkeypatch.setenv("GEO_DATA_DIR", str(tmp_path / "nowhere"))  # not read: the store is

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not at.exception, [e.value for e in at.exception]
    assert _activities(at) == str(shown)

    assert load_folder(engine(pg_database), fewer).version == 2
    time.sleep(TTL + 0.2)
    assert _activities(at.run()) == str(shown - 1)

    pg_cluster.stop()
    try:
        time.sleep(TTL + 0.2)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert _activities(at) == str(shown - 1)
        stale = [w.value for w in at.warning if "database cannot be reached" in w.value]
        assert len(stale) == 1 and "(2)" in stale[0]
    finally:
        pg_cluster.start()
    time.sleep(TTL + 0.2)
    at.run()
    assert not [w for w in at.warning if "database cannot be reached" in w.value]


def test_a_database_never_reached_is_said_not_crashed(pg_cluster, monkeypatch):
    nowhere = pg_cluster.url(db="geo").replace(f"port={pg_cluster.port}", "port=1")
    monkeypatch.setenv("GEO_DATABASE_URL", nowhere)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()

    assert not at.exception, [e.value for e in at.exception]
    assert any("no data has been read from it yet" in e.value for e in at.error)
