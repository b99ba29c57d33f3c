"""The PostGIS store: the dataset in a shared database instead of ``data/`` files.

With ``$GEO_DATABASE_URL`` set, :func:`geo.data.dataset.load_dataset` (so the app and
the CLI) reads from here. ``python -m geo db init | load | dump | history`` manage it.
Modules: ``tables`` (the tables, from the layer specs), ``setup`` (``db init``: tables
and roles), ``rows`` (dataset <-> rows), ``load`` (``db load``, one transaction, one
version), ``read`` (one snapshot), ``files`` (rows -> data files), ``versions`` (the
versions table), ``replica`` (a process's dataset, cached by version), ``activities``
(large activity layers filtered and grouped in SQL).
"""

from __future__ import annotations

from sqlalchemy import Engine

from geo.data.dataset import Dataset
from geo.store.connect import DATABASE_URL_ENV, database_url, engine
from geo.store.load import Loaded, load_folder
from geo.store.read import dump_folder, snapshot
from geo.store.read import read_dataset as _read_dataset
from geo.store.setup import LOADER_ROLE, READER_ROLE, init_db
from geo.store.versions import current_version, history

__all__ = [
    "DATABASE_URL_ENV",
    "LOADER_ROLE",
    "READER_ROLE",
    "Loaded",
    "current_version",
    "database_url",
    "dump_folder",
    "engine",
    "history",
    "init_db",
    "load_folder",
    "read_dataset",
    "snapshot",
]


def read_dataset(
    source: Engine | str | None = None, whole: bool = False
) -> tuple[int | None, Dataset]:
    """The stored dataset and its version; ``source`` an engine or URL (default: the env's).

    ``whole`` reads every row even of a large layer (see :mod:`geo.store.activities`).
    """
    if not isinstance(source, Engine):
        url = database_url(source)
        if not url:
            raise ValueError(f"no database: set ${DATABASE_URL_ENV} or pass a URL")
        source = engine(url)
    return _read_dataset(source, whole)
