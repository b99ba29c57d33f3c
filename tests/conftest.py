"""Fixtures every tier shares, the tier markers, and the rule that CI skips nothing.

Each test folder is one tier (see ``TIERS``); ``make quick`` runs ``unit`` and ``app``,
``make test`` every tier in parallel (pytest-xdist: each worker starts its own app server,
Chromium and PostgreSQL when its tests need them). Under ``CI=true`` a test that would be
skipped (no Chromium, no PostgreSQL, a missing tool) fails instead, so a green CI run has
run every test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import ROOT, tinydata

# The tier of each test folder; the doctests of geo/ and devtools/ are unit tests.
TIERS = {
    "data": "unit",
    "view": "unit",
    "render": "unit",
    "cli": "unit",
    "project": "unit",
    "ui": "app",
    "store": "store",
    "browser": "browser",
    "cluster": "cluster",
}
STRICT = os.environ.get("CI", "").lower() == "true"
# The overview's quick maps (ui/quickmap.py) are drawn by three processes per data read: the
# app servers and pages of the tests draw none, but for the tests of the quick map, which
# turn them on (tests/cluster/test_quick_map.py, tests/ui/test_quickmap.py). Drawn for every
# test's data, they cost minutes of the suite.
os.environ["GEO_QUICK_MAPS"] = "off"


def _tier(path: Path) -> str:
    parts = path.resolve().relative_to(ROOT).parts
    if parts[0] == "tests" and len(parts) > 2:
        return TIERS.get(parts[1], "unit")
    return "unit"


def pytest_collection_modifyitems(config, items):
    """Mark each test with its folder's tier."""
    for item in items:
        item.add_marker(getattr(pytest.mark, _tier(Path(str(item.path)))))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under ``CI=true`` a skip is a failure: CI must run every test."""
    rep = yield
    if STRICT and rep.skipped and not hasattr(rep, "wasxfail"):
        rep.outcome = "failed"
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else rep.longrepr
        rep.longrepr = f"skipped under CI=true, which runs every test: {reason}"
    return rep


@pytest.fixture(scope="session", autouse=True)
def _components_scanned_once():
    """Streamlit's scan of installed packages for components, once per worker.

    A server scans them once at start; every AppTest run scans them again (every
    distribution's metadata: a quarter of a second, more than most pages take to run).
    """
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    kept: dict = {}

    def scanned_once(*args, **kwargs):
        if "found" not in kept:
            kept["found"] = scan(*args, **kwargs)
        return list(kept["found"])

    manifest_scanner.scan_component_manifests = scanned_once
    yield
    manifest_scanner.scan_component_manifests = scan


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A valid tiny data folder on disk."""
    return tinydata.write(tmp_path / "data")


@pytest.fixture(scope="session")
def shipped():
    """The project's data, read once per worker; tests only read it."""
    from geo.data.dataset import load_dataset

    return load_dataset(ROOT / "data")


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL + PostGIS cluster for the worker (skipped without one)."""
    from devtools import pg

    bindir, why = pg.binaries()
    if bindir is None:
        pytest.skip(why)
    cluster = pg.Cluster(bindir)
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def front_dir(tmp_path_factory) -> Path:
    """Streamlit's frontend files for the proxy (scripts/front_assets.py), written once."""
    from scripts import front_assets

    out = tmp_path_factory.mktemp("front")
    front_assets.build(out)
    return out


@pytest.fixture(scope="session")
def playwright():
    """Sync Playwright, started once per worker (it cannot run twice at once in a process)."""
    from devtools.chromium import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    pw = sync_api.sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def browser(playwright):
    """Headless Debian Chromium, for tests that make contexts of their own (a phone, a
    second session, cookies of a replica): one per worker, shared by the browser and
    cluster tests.
    """
    from devtools.chromium import CHROMIUM, CHROMIUM_ARGS

    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="session")
def profile(playwright, tmp_path_factory):
    """One browser profile for the worker's pages, as one official's browser: its cache
    keeps Streamlit's scripts compiled from one page to the next (a quarter of a page's
    CPU), and it reaches no host but the app's own (:data:`devtools.chromium.OFFLINE_ARGS`).
    """
    from devtools.chromium import CHROMIUM, CHROMIUM_ARGS, OFFLINE_ARGS

    context = playwright.chromium.launch_persistent_context(
        tmp_path_factory.mktemp("profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS + OFFLINE_ARGS,
        headless=True,
        accept_downloads=True,
    )
    try:
        yield context
    finally:
        context.close()
