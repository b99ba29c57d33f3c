"""Databases of the store's tests, in the worker's throwaway PostgreSQL + PostGIS cluster."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import ROOT

# Activities in the large store: past GEO_STORE_LARGE_OVER as the tests set it (1,000) and
# past the map's grid-cell threshold, and no more: enough to prove SQL and Python agree.
LARGE = 3_000


@pytest.fixture
def pg_database(pg_cluster, request):
    """A fresh database in the worker's cluster, initialised (``db init``): its admin URL."""
    from geo.store import engine, init_db

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    url = pg_cluster.create_database(name)
    init_db(engine(url))
    return url


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
