"""The PostGIS store with a real, throwaway PostgreSQL + PostGIS (devtools/pg.py).

Round trip, validation before writing, all-or-nothing loads (a killed load, readers
during a load), the read-only role, and replicas picking up a new version.

The command line runs in this process (tests.cli_run.cli) except where only a process of its
own shows the point: the round trip's load as a user runs it, and the load killed half-way.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from geopandas.testing import assert_geodataframe_equal

from geo.data.dataset import load_dataset
from geo.store import agent, engine, history, read_dataset, snapshot
from geo.store.replica import Replica
from tests import ROOT, tinydata
from tests.cli_run import cli, run_cli

# The store's tests share the worker's PostgreSQL and its large store: one worker.
pytestmark = pytest.mark.xdist_group("store")

DATA = ROOT / "data"


def _env(url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("GEO_DATA_DIR",)}
    return {**env, "GEO_DATABASE_URL": url, **extra}


def _same(a, b) -> None:
    """Two datasets hold the same features and fields, layer by layer, table by table."""
    for name in a.layers:
        assert_geodataframe_equal(a.layers[name], b.layers[name], check_like=False)
    assert_geodataframe_equal(a.basemap, b.basemap)
    pd.testing.assert_frame_equal(a.projects, b.projects)
    for name in ("sources", "figures"):
        pd.testing.assert_frame_equal(a.table(name), b.table(name))


def test_round_trip_files_database_files(pg_database, tmp_path):
    env = _env(pg_database)
    assert cli("db", "init", env=env).returncode == 0  # a second init changes nothing
    loaded = run_cli("db", "load", "--data-dir", str(DATA), env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "version 1" in loaded.stdout

    dumped = cli("db", "dump", "-o", str(tmp_path / "dump"), env=env)
    assert dumped.returncode == 0, dumped.stderr
    files = {p.name for p in DATA.iterdir() if p.suffix in (".geojson", ".csv")}
    assert {p.name for p in (tmp_path / "dump").iterdir()} == files
    check = cli("validate", "--data-dir", str(tmp_path / "dump"))
    assert check.returncode == 0, check.stdout
    _same(load_dataset(DATA), load_dataset(tmp_path / "dump"))

    # With the variable set and no --data-dir, the CLI reads the database.
    from_db = cli("validate", env=env)
    assert from_db.returncode == 0 and "database version 1" in from_db.stdout
    _same(load_dataset(DATA), read_dataset(pg_database)[1])


def test_bad_load_names_the_problem_and_writes_nothing(pg_database, tmp_path):
    good = tinydata.write(tmp_path / "good")
    env = _env(pg_database)
    assert cli("db", "load", "--data-dir", str(good), env=env).returncode == 0
    hubs = tinydata.layers()["hubs.geojson"]
    hubs[1]["properties"]["project_ids"] = ["nowhere"]
    bad = tinydata.write(tmp_path / "bad", {"hubs.geojson": hubs})

    out = cli("db", "load", "--data-dir", str(bad), env=env)

    assert out.returncode == 1
    assert "hubs.geojson: hub-kufra: project_ids:" in out.stdout
    assert "nothing loaded" in out.stderr
    with snapshot(engine(pg_database)) as conn:
        assert [v["version"] for v in history(conn)] == [1]
    _same(load_dataset(good), read_dataset(pg_database)[1])


def test_database_holds_the_constraints(pg_database, tmp_path):
    assert (
        cli(
            "db", "load", "--data-dir", str(tinydata.write(tmp_path / "d")), env=_env(pg_database)
        ).returncode
        == 0
    )
    bad_rows = {
        "unknown project": "UPDATE events SET project_ids = '{nowhere}' WHERE id = 'ev-cairo'",
        "ends before it starts": "UPDATE events SET end_date = '2020' WHERE id = 'ev-cairo'",
        "not a choice": "UPDATE events SET date_basis = 'rumour' WHERE id = 'ev-cairo'",
        "no geometry": "UPDATE hubs SET geom = NULL WHERE id = 'hub-kufra'",
        "wrong geometry type": "UPDATE events SET geom = ST_GeomFromText("
        "'LINESTRING(30 30, 31 31)', 4326) WHERE id = 'ev-cairo'",
        "unknown coverage project": "UPDATE coverage SET project_id = 'nowhere'",
    }
    db = engine(pg_database)
    for why, sql in bad_rows.items():
        with pytest.raises(sa.exc.IntegrityError), db.begin() as conn:
            conn.execute(sa.text(sql))
            print(why)


def _changed(tmp_path: Path) -> Path:
    """The tiny folder with one event removed, one added and one hub renamed."""
    layers = tinydata.layers()
    events = layers["events.geojson"]
    removed = events.pop(0)
    added = {**removed, "properties": {**removed["properties"], "id": "ev-new"}}
    hubs = layers["hubs.geojson"]
    hubs[0]["properties"]["name"] = "Tripoli (renamed)"
    return tinydata.write(
        tmp_path / "changed", {"events.geojson": [*events, added], "hubs.geojson": hubs}
    )


def _paused_load(url: str, folder: Path, pause: float = 60, at: str = "batch") -> subprocess.Popen:
    """``python -m geo db load`` that sleeps inside its transaction; returns once it does.

    ``at``: ``batch``, once it has staged its first activities; ``applied``, once every
    table is written and before the version is recorded.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "geo", "db", "load", "--data-dir", str(folder)],
        cwd=ROOT,
        env=_env(url, GEO_STORE_TEST_PAUSE=str(pause), GEO_STORE_TEST_PAUSE_AT=at),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert "pausing" in line, proc.stderr.read() if proc.poll() is not None else line
    return proc


def test_a_load_killed_half_way_leaves_the_previous_version(pg_database, tmp_path):
    first = tinydata.write(tmp_path / "first")
    assert run_cli("db", "load", "--data-dir", str(first), env=_env(pg_database)).returncode == 0
    load = _paused_load(pg_database, _changed(tmp_path), at="applied")

    os.kill(load.pid, signal.SIGKILL)
    load.wait(timeout=10)

    version, data = read_dataset(pg_database)
    assert version == 1
    _same(load_dataset(first), data)
    # The server rolled the killed load back and freed its lock: the next load goes through.
    again = run_cli(
        "db", "load", "--data-dir", str(_changed(tmp_path / "2")), env=_env(pg_database)
    )
    assert again.returncode == 0, again.stderr
    assert read_dataset(pg_database)[0] == 2


def test_readers_during_a_load_see_the_old_or_the_new_version_never_a_mix(pg_database, tmp_path):
    first = tinydata.write(tmp_path / "first")
    assert cli("db", "load", "--data-dir", str(first), env=_env(pg_database)).returncode == 0
    changed = _changed(tmp_path)
    # Every table written, the activities' difference applied, nothing committed.
    load = _paused_load(pg_database, changed, pause=3, at="applied")

    during_version, during = read_dataset(pg_database)
    assert load.wait(timeout=60) == 0, load.stderr.read()
    after_version, after = read_dataset(pg_database)

    assert during_version == 1
    _same(load_dataset(first), during)
    assert after_version == 2
    _same(load_dataset(changed), after)
    with snapshot(engine(pg_database)) as conn:
        last = history(conn)[0]
    assert last["added"] == {"events": ["ev-new"]}
    assert last["removed"] == {"events": ["ev-cairo"]}
    assert last["changed"] == {"hubs": ["hub-tripoli"]}
    assert "removed 1 events: ev-cairo" in cli("db", "history", env=_env(pg_database)).stdout


def test_the_readers_role_can_read_and_not_write(pg_database, pg_cluster, tmp_path):
    assert (
        cli(
            "db", "load", "--data-dir", str(tinydata.write(tmp_path / "d")), env=_env(pg_database)
        ).returncode
        == 0
    )
    db_name = sa.make_url(pg_database).database
    reader = engine(pg_cluster.url("geo_reader", db_name))

    assert read_dataset(reader)[0] == 1
    for sql in (
        "INSERT INTO projects (id, name, short_name, start_date, end_date, funders, countries,"
        " source, ord, digest) VALUES ('x', 'x', 'x', '2020', '2021', '{}', '{}', 's', 9, 'd')",
        "UPDATE hubs SET name = 'Hacked'",
        "DELETE FROM events",
        "DELETE FROM versions",
    ):
        with (
            pytest.raises(sa.exc.ProgrammingError, match="permission denied"),
            reader.begin() as conn,
        ):
            conn.execute(sa.text(sql))


def test_db_load_refuses_a_50_mb_summary_and_writes_nothing(pg_database, tmp_path):
    big = 50 * 1024 * 1024
    folder = tinydata.broken(tmp_path, "events.geojson", 0, tinydata.set_prop("summary", "x" * big))
    out = cli("db", "load", "--data-dir", str(folder), env=_env(pg_database))
    assert out.returncode != 0 and "Traceback" not in out.stderr
    said = out.stdout + out.stderr
    assert f"events.geojson: ev-cairo: summary: too long ({big} > 5000 characters)" in said
    with engine(pg_database).connect() as conn:
        assert history(conn) == []


def test_the_load_history_is_append_only_even_for_the_loader(pg_database, pg_cluster, tmp_path):
    env = _env(pg_database)
    folder = str(tinydata.write(tmp_path / "d"))
    assert cli("db", "load", "--data-dir", folder, env=env).returncode == 0
    db_name = sa.make_url(pg_database).database
    loader = engine(pg_cluster.url("geo_loader", db_name))
    for sql in (
        "UPDATE versions SET source = 'rewritten'",
        "DELETE FROM versions",
        "TRUNCATE versions",
    ):
        with pytest.raises(sa.exc.DBAPIError) as refused, loader.begin() as conn:
            conn.execute(sa.text(sql))
        assert "permission denied" in str(refused.value) or "append-only" in str(refused.value)
    owner = engine(pg_database)  # the tables' owner holds every privilege: the trigger refuses
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), owner.begin() as conn:
        conn.execute(sa.text("DELETE FROM versions"))
    with loader.begin() as conn:  # what a load does still works
        conn.execute(
            sa.text(
                "INSERT INTO versions (source, counts, added, changed, removed)"
                " VALUES ('t', '{}', '{}', '{}', '{}')"
            )
        )
    with owner.connect() as conn:
        assert [v["version"] for v in history(conn)] == [2, 1]


def test_a_replica_picks_up_a_new_load_and_serves_the_last_data_while_the_database_is_down(
    pg_database, pg_cluster, tmp_path
):
    first = tinydata.write(tmp_path / "first")
    env = _env(pg_database)
    assert cli("db", "load", "--data-dir", str(first), env=env).returncode == 0
    replica = Replica(engine(pg_database), ttl=0.5)
    assert replica.get().version == 1

    assert cli("db", "load", "--data-dir", str(_changed(tmp_path)), env=env).returncode == 0
    time.sleep(0.6)
    now = replica.get()
    assert now.version == 2 and "ev-new" in set(now.data.layer("events")["id"])

    pg_cluster.stop()
    try:
        time.sleep(0.6)
        down = replica.get()
        assert down.stale and down.version == 2 and len(down.data.layer("events")) == 3
    finally:
        pg_cluster.start()
    time.sleep(0.6)
    back = replica.get()
    assert back.version == 2 and not back.stale


def test_a_frozen_database_costs_a_session_at_most_the_timeout_and_recovers(
    pg_database, pg_cluster, tmp_path
):
    """SIGSTOP keeps the connections open and answers nothing: no read may wait for it."""
    env = _env(pg_database)
    folder = str(tinydata.write(tmp_path / "d"))
    assert cli("db", "load", "--data-dir", folder, env=env).returncode == 0
    replica = Replica(engine(pg_database, reader=True), ttl=0.2, timeout=1.0)
    assert replica.get().version == 1
    time.sleep(0.3)
    pg_cluster.freeze()
    try:
        asked = time.monotonic()
        down = replica.get()
        waited = time.monotonic() - asked
        assert down.stale and down.version == 1 and waited < 2.0
        again = time.monotonic()
        assert replica.get().stale and time.monotonic() - again < 1.5  # no second wait
        assert "stale" in agent.describe(replica.status())
    finally:
        pg_cluster.thaw()
    deadline = time.monotonic() + 10
    while replica.get().stale:
        assert time.monotonic() < deadline, replica.status()
        time.sleep(0.2)
    assert agent.describe(replica.status()) == "up #store ok; version 1"


def test_a_database_not_initialised_is_named_with_the_command_that_fixes_it(pg_cluster):
    url = pg_cluster.create_database("t_not_initialised")
    out = cli("db", "history", env=_env(url))
    assert out.returncode == 1
    assert "run python -m geo db init first" in out.stderr
    assert "Traceback" not in out.stderr
