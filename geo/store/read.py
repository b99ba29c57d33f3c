"""Read the stored dataset in one snapshot, validated like the files it came from."""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from sqlalchemy import Connection, Engine, select, text

from geo.data.dataset import Dataset, load_dataset
from geo.data.io import empty_layer
from geo.store.connect import snapshot
from geo.store.files import write_folder
from geo.store.tables import GEOM, ORDER, STORED, TABLES
from geo.store.versions import current_version


def read_tables(conn: Connection, names=None) -> dict[str, pd.DataFrame]:
    """The rows of every table (or of ``names``), in file order."""
    out = {}
    for name in names or STORED:
        query = select(TABLES[name]).order_by(TABLES[name].c[ORDER])
        if STORED[name].geometry_types:
            out[name] = gpd.read_postgis(query, conn, geom_col=GEOM)
        else:
            out[name] = pd.read_sql(query, conn, dtype=object)
    return out


def read_dataset(engine: Engine, whole: bool = False) -> tuple[int | None, Dataset]:
    """The stored dataset and its version, read in one snapshot.

    The rows are written as a data folder in a temporary directory and read back by
    :func:`geo.data.dataset.load_dataset`, so the :class:`Dataset` (with its problems) is
    exactly what the same files give. A large activity layer (see
    :mod:`geo.store.activities`) stays in the database, ``data.large["events"]``, unless
    ``whole`` (the CLI's exports want every row).
    """
    from geo.store.activities import LargeEvents, large_over

    with snapshot(engine) as conn:
        version = current_version(conn)
        events = conn.execute(text("SELECT count(*) FROM events")).scalar()
        large = not whole and events > large_over()
        tables = read_tables(conn, [n for n in STORED if not (large and n == "events")])
    with tempfile.TemporaryDirectory(prefix="geo-store-") as tmp:
        write_folder(tables, Path(tmp))
        data = load_dataset(tmp)
    data.version = version
    if large:
        events_file = STORED["events"].filename
        data.problems = [p for p in data.problems if p.file != events_file]
        data.layers["events"] = empty_layer(STORED["events"])
        data.large["events"] = LargeEvents(engine, version, events)
    return version, data


def dump_folder(engine: Engine, out: str | Path) -> tuple[int | None, list[Path]]:
    """Write the stored dataset (one snapshot) as a data folder ``out``; its version."""
    with snapshot(engine) as conn:
        version = current_version(conn)
        tables = read_tables(conn)
    return version, write_folder(tables, Path(out))
