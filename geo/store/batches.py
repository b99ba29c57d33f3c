"""The activities of a load, checked and written a batch at a time inside its transaction.

A million activities would take gigabytes read whole (the file, its dicts, a frame, the
rows); here each batch is read (:class:`geo.data.stream.FeatureBatches`), checked as
:func:`geo.data.dataset.load_dataset` checks a layer, turned into rows and copied into
the table, then dropped. What the load changed in the table is worked out in SQL, against
a copy of the rows it replaced, kept for the transaction only.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import shapely
from sqlalchemy import Connection, text

from geo.data.dataset import Dataset, check_features, layer_frame, layer_shapes, row_checks
from geo.data.problems import Problem
from geo.data.stream import BATCH, FeatureBatches, FileProblem
from geo.store.rows import plain, to_rows
from geo.store.tables import DIGEST, EXTRA, GEOM, ORDER, STORED, key_of, stored_fields
from geo.store.versions import field_changes

STREAMED = "events"
"""The table a load writes in batches: the only one that grows to millions of rows."""
PAUSE_ENV = "GEO_STORE_TEST_PAUSE"
"""Seconds a load sleeps inside its transaction, once it has written its first batch of
activities: for the tests that kill a load half-way or read during one. Unset in real use."""
_OLD = "replaced_rows"


@dataclass(frozen=True)
class Progress:
    """How far a load has come: bytes of the activities' file read, activities written."""

    done: int
    total: int
    rows: int


class Refused(Exception):
    """The batches found problems: the transaction rolls back, the problems are said."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def keep_replaced(conn: Connection) -> None:
    """Copy the rows the load replaces, for :func:`streamed_changes`; dropped at commit."""
    conn.execute(text(f"CREATE TEMP TABLE {_OLD} ON COMMIT DROP AS SELECT * FROM {STREAMED}"))


def write_batches(
    conn: Connection,
    batches: FeatureBatches,
    data: Dataset,
    insert: Callable[[Connection, str, object], None],
    progress: Callable[[Progress], None] | None = None,
) -> int:
    """Check every batch of the activities and write them; the rows written.

    Every batch is checked, to name every problem of the file at once; rows are written
    while none is found. Raises :class:`Refused` with the problems, if any.
    """
    spec = STORED[STREAMED]
    file = spec.filename
    project_ids = set(data.projects["id"])
    shapes = layer_shapes(spec, data.basemap)
    seen: set[str] = set()
    repeats: Counter[str] = Counter()
    problems: list[Problem] = []
    read = written = 0
    pause = float(os.environ.get(PAUSE_ENV) or 0)
    try:
        for features in batches:
            records, geoms, found = check_features(features, spec, project_ids, shapes, read + 1)
            read += len(features)
            for record in records:
                fid = record["id"]
                if fid in seen:
                    repeats[fid] += 1
                seen.add(fid)
            frame = layer_frame(spec, records, geoms)
            problems += found + row_checks(STREAMED, frame, data.projects)
            if not problems and not repeats:
                rows = to_rows(frame, spec)
                rows[ORDER] = rows[ORDER] + written
                insert(conn, STREAMED, rows)
                written += len(rows)
            if progress is not None:
                progress(Progress(batches.done, batches.total, written))
            if pause and written:
                print(
                    f"pausing {pause} s inside the load's transaction, "
                    f"{written:,} activities written",
                    flush=True,
                )
                time.sleep(pause)
                pause = 0
    except FileProblem as exc:
        problems.append(exc.problem)
    problems += [
        Problem(file, i, "id", f"id is used {n + 1} times; only the first is kept")
        for i, n in sorted(repeats.items())
    ]
    if problems:
        raise Refused(problems)
    return written


def streamed_changes(conn: Connection) -> tuple[list[str], list[str], list[str], dict]:
    """Ids added, changed and removed in the activities, and the fields of those changed.

    ``{id: {field: [before, after]}}``, a changed place as ``geometry``, as
    :func:`geo.store.load._field_changes` gives for the other tables.
    """
    key = key_of(STORED[STREAMED])

    def ids(sql: str) -> list[str]:
        return sorted(conn.execute(text(sql)).scalars())

    added = ids(
        f'SELECT n."{key}" FROM {STREAMED} n LEFT JOIN {_OLD} o USING ("{key}") '
        f'WHERE o."{key}" IS NULL'
    )
    removed = ids(
        f'SELECT o."{key}" FROM {_OLD} o LEFT JOIN {STREAMED} n USING ("{key}") '
        f'WHERE n."{key}" IS NULL'
    )
    names = [f.name for f in stored_fields(STORED[STREAMED])] + [EXTRA]
    pairs = ", ".join(f'o."{n}" AS "o_{n}", n."{n}" AS "n_{n}"' for n in names)
    query = text(
        f'SELECT n."{key}" AS key, {pairs}, ST_AsBinary(o.{GEOM}) AS o_geom, '
        f"ST_AsBinary(n.{GEOM}) AS n_geom FROM {STREAMED} n JOIN {_OLD} o "
        f'USING ("{key}") WHERE n.{DIGEST} <> o.{DIGEST}'
    )
    fields: dict = {}
    for row in conn.execute(query.execution_options(yield_per=5000)).mappings():
        was = {n: plain(row[f"o_{n}"]) for n in names}
        now = {n: plain(row[f"n_{n}"]) for n in names}
        found = field_changes(was, now, names)
        if _wkb_differs(row["o_geom"], row["n_geom"]):
            found["geometry"] = ["changed", "changed"]
        fields[row["key"]] = found
    return added, sorted(fields), removed, fields


def _wkb_differs(old, new) -> bool:
    if old is None or new is None:
        return (old is None) != (new is None)
    return not shapely.from_wkb(bytes(new)).equals_exact(shapely.from_wkb(bytes(old)), 1e-9)


__all__ = [
    "BATCH",
    "PAUSE_ENV",
    "STREAMED",
    "Progress",
    "Refused",
    "keep_replaced",
    "streamed_changes",
    "write_batches",
]
