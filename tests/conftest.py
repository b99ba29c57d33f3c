import subprocess
import sys
from pathlib import Path

import pytest

from tests import tinydata

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A valid tiny data folder on disk."""
    return tinydata.write(tmp_path / "data")


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m geo`` as a user would, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL + PostGIS cluster for the session (skipped without one)."""
    from tests import pg

    bindir, why = pg.binaries()
    if bindir is None:
        pytest.skip(why)
    cluster = pg.Cluster(bindir)
    yield cluster
    cluster.remove()


@pytest.fixture
def pg_database(pg_cluster, request):
    """A fresh database in the session's cluster, initialised (``db init``): its admin URL."""
    import re

    from geo.store import engine, init_db

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    url = pg_cluster.create_database(name)
    init_db(engine(url))
    return url


LARGE = 20_000  # activities in the large store: past GEO_STORE_LARGE_OVER as the tests set it


@pytest.fixture(scope="session")
def large_store(tmp_path_factory, pg_cluster) -> tuple[str, Path]:
    """The data with :data:`LARGE` synthetic activities in a database of its own, loaded once.

    Returns its admin URL and the folder it was loaded from; tests only read it.
    """
    from devtools.synthetic import synth_events
    from geo.store import engine, init_db, load_folder

    folder = synth_events(LARGE, ROOT / "data", tmp_path_factory.mktemp("syn") / "data")
    url = pg_cluster.create_database("t_large")
    init_db(engine(url))
    assert load_folder(engine(url), folder).counts["events"] == LARGE
    return url, folder


@pytest.fixture(scope="session")
def front_dir(tmp_path_factory) -> Path:
    """Streamlit's frontend files for the proxy (scripts/front_assets.py), written once."""
    from scripts import front_assets

    out = tmp_path_factory.mktemp("front")
    front_assets.build(out)
    return out


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by sync Playwright: one for the whole session.

    Shared by the browser and cluster tests, since sync Playwright cannot run twice at once
    in one process.
    """
    from devtools.chromium import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception:
        pw.stop()
        raise
    try:
        yield b
    finally:
        b.close()
        pw.stop()
