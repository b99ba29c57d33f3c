"""The activities of a load, checked a batch at a time and staged, then applied as a change.

A million activities would take gigabytes read whole (the file, its dicts, a frame, the
rows); here each batch is read (:class:`geo.data.stream.FeatureBatches`), checked as
:func:`geo.data.dataset.load_dataset` checks a layer, turned into rows and copied into a
staging table kept for the transaction only, then dropped. While a batch is copied (by a
thread of its own, on the load's one connection), the next is read and checked.

Once every batch is staged, SQL compares the staging table with the stored activities
and writes only the difference: a reload of the same million deletes and inserts
nothing. The ids added, changed and removed, and the fields of those changed, come from
the same comparison.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import psycopg
import shapely
from psycopg.types.json import Jsonb
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from geo.data.dataset import Dataset, check_features, layer_frame, layer_shapes, row_checks
from geo.data.problems import WHOLE_FILE, Problem
from geo.data.stream import BATCH, FeatureBatches, FileProblem
from geo.store.rows import plain, to_rows
from geo.store.tables import DIGEST, EXTRA, GEOM, ORDER, STORED, key_of, stored_fields
from geo.store.versions import field_changes

STREAMED = "events"
"""The table a load writes in batches: the only one that grows to millions of rows."""
PAUSE_ENV = "GEO_STORE_TEST_PAUSE"
"""Seconds a load sleeps inside its transaction: for the tests that kill a load half-way or
read during one. Unset in real use."""
PAUSE_AT_ENV = "GEO_STORE_TEST_PAUSE_AT"
"""Where it sleeps: ``batch``, once its first batch of activities is staged (the default),
or ``applied``, once every table is written and before the version is recorded."""
STAGED = "staged_events"
MAX_LISTED = 10_000
"""Problems of the activities listed at most: a file of a million bad ones says how many."""
SRID = 4326


@dataclass(frozen=True)
class Progress:
    """How far a load has come: bytes of the activities' file read, activities staged."""

    done: int
    total: int
    rows: int


class Refused(Exception):
    """The batches found problems: the transaction rolls back, the problems are said."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def stage_batches(
    conn: Connection,
    batches: FeatureBatches,
    data: Dataset,
    progress: Callable[[Progress], None] | None = None,
) -> int:
    """Check every batch of the activities and stage them; the rows staged.

    Every batch is checked, to name every problem of the file at once; rows are staged
    while none is found. Raises :class:`Refused` with the problems, if any.
    """
    spec = STORED[STREAMED]
    conn.execute(
        text(f"CREATE TEMP TABLE {STAGED} (LIKE {STREAMED} INCLUDING DEFAULTS) ON COMMIT DROP")
    )
    project_ids = set(data.projects["id"])
    shapes = layer_shapes(spec, data.basemap)
    seen: set[str] = set()
    repeats: Counter[str] = Counter()
    problems: list[Problem] = []
    read = staged = unlisted = 0
    paused = False
    pending: Future | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stage") as writer:
        try:
            for features in batches:
                records, geoms, found = check_features(
                    features, spec, project_ids, shapes, read + 1
                )
                read += len(features)
                first = []  # the first of each id is kept, as a whole layer keeps it
                for record in records:
                    if record["id"] in seen:
                        repeats[record["id"]] += 1
                    else:
                        seen.add(record["id"])
                        first.append(record)
                found += row_checks(STREAMED, first, data.projects)
                unlisted += max(0, len(problems) + len(found) - MAX_LISTED)
                problems += found[: max(0, MAX_LISTED - len(problems))]
                if not problems and not repeats and not unlisted:
                    rows = to_rows(layer_frame(spec, records, geoms), spec)
                    rows[ORDER] = rows[ORDER] + staged
                    staged += len(rows)
                    if pending is not None:
                        pending.result()  # one batch copied at a time: memory stays flat
                    pending = writer.submit(_copy, conn, rows)
                if progress is not None:
                    progress(Progress(batches.done, batches.total, staged))
                if staged and not paused:
                    pending.result()
                    pause_at("batch", staged)
                    paused = True
        except FileProblem as exc:
            problems.append(exc.problem)
        finally:
            if pending is not None:
                pending.result()
    twice = [
        Problem(spec.filename, i, "id", f"id is used {n + 1} times; only the first is kept")
        for i, n in sorted(repeats.items())
    ]
    room = max(0, MAX_LISTED - len(problems))
    unlisted += max(0, len(twice) - room)
    problems += twice[:room]
    if unlisted:
        more = f"and {unlisted:,} more problem(s), not listed: the first {MAX_LISTED:,} are"
        problems.append(Problem(spec.filename, WHOLE_FILE, "-", more))
    if problems:
        raise Refused(problems)
    conn.execute(text(f"ANALYZE {STAGED}"))  # a temporary table has no statistics otherwise
    return staged


def _copy(conn: Connection, rows) -> None:
    """Copy a batch's rows (:func:`geo.store.rows.to_rows`) into the staging table.

    psycopg's COPY, row by row in its C code: texts, numbers, arrays as they are, the
    extra properties as JSON, the place as EWKB.
    """
    columns = [c for c in rows.columns if c != GEOM]
    geoms = shapely.set_srid(rows[GEOM].to_numpy(), SRID)
    wkb = shapely.to_wkb(geoms, hex=True, include_srid=True)
    names = ", ".join(f'"{c}"' for c in [*columns, GEOM])
    extra = columns.index(EXTRA)
    statement = f"COPY {STAGED} ({names}) FROM STDIN"
    try:
        with (
            conn.connection.driver_connection.cursor() as cursor,
            cursor.copy(statement) as copy,
        ):
            # As Python's own values: psycopg does not take numpy's integers.
            plain_rows = rows[columns].astype(object).itertuples(index=False)
            for values, place in zip(plain_rows, wkb, strict=True):
                values = list(values)
                if values[extra] is not None:
                    values[extra] = Jsonb(values[extra])
                copy.write_row((*values, place))
    except psycopg.Error as exc:  # as SQLAlchemy's, which the CLI says in one line
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from None


def pause_at(point: str, written: int) -> None:
    """Sleep here when a test asks for a pause at ``point`` (:data:`PAUSE_AT_ENV`)."""
    seconds = float(os.environ.get(PAUSE_ENV) or 0)
    if seconds and (os.environ.get(PAUSE_AT_ENV) or "batch") == point:
        print(
            f"pausing {seconds} s inside the load's transaction, {written:,} activities written",
            flush=True,
        )
        time.sleep(seconds)


def apply_staged(conn: Connection) -> tuple[list[str], list[str], list[str], dict]:
    """Make the staged activities the stored ones, writing only what differs.

    Returns the ids added, changed and removed, and ``{id: {field: [before, after]}}`` of
    those changed (a changed place as ``geometry``), as :func:`geo.store.load._field_changes`
    gives for the other tables.
    """
    key = f'"{key_of(STORED[STREAMED])}"'

    def ids(sql: str) -> list[str]:
        return sorted(conn.execute(text(sql)).scalars())

    added = ids(
        f"SELECT n.{key} FROM {STAGED} n LEFT JOIN {STREAMED} o USING ({key}) WHERE o.{key} IS NULL"
    )
    removed = ids(
        f"SELECT o.{key} FROM {STREAMED} o LEFT JOIN {STAGED} n USING ({key}) WHERE n.{key} IS NULL"
    )
    fields = _changed_fields(conn, key)
    # Stored rows the load does not keep as they are, then the staged rows not stored.
    conn.execute(
        text(
            f"DELETE FROM {STREAMED} o WHERE NOT EXISTS (SELECT 1 FROM {STAGED} n "
            f"WHERE n.{key} = o.{key} AND n.{DIGEST} = o.{DIGEST})"
        )
    )
    conn.execute(
        text(
            f"INSERT INTO {STREAMED} SELECT n.* FROM {STAGED} n WHERE NOT EXISTS "
            f"(SELECT 1 FROM {STREAMED} o WHERE o.{key} = n.{key})"
        )
    )
    # A row kept as it was may have moved in the file: the dump reads in the file's order.
    conn.execute(
        text(
            f"UPDATE {STREAMED} o SET {ORDER} = n.{ORDER} FROM {STAGED} n "
            f"WHERE o.{key} = n.{key} AND o.{ORDER} <> n.{ORDER}"
        )
    )
    return added, sorted(fields), removed, fields


def _changed_fields(conn: Connection, key: str) -> dict:
    names = [f.name for f in stored_fields(STORED[STREAMED])] + [EXTRA]
    pairs = ", ".join(f'o."{n}" AS "o_{n}", n."{n}" AS "n_{n}"' for n in names)
    query = text(
        f"SELECT n.{key} AS key, {pairs}, ST_AsBinary(o.{GEOM}) AS o_geom, "
        f"ST_AsBinary(n.{GEOM}) AS n_geom FROM {STAGED} n JOIN {STREAMED} o "
        f"USING ({key}) WHERE n.{DIGEST} <> o.{DIGEST}"
    )
    fields: dict = {}
    for row in conn.execute(query.execution_options(yield_per=5000)).mappings():
        was = {n: plain(row[f"o_{n}"]) for n in names}
        now = {n: plain(row[f"n_{n}"]) for n in names}
        new = None if row["n_geom"] is None else shapely.from_wkb(bytes(row["n_geom"]))
        fields[row["key"]] = field_changes(was, now, names, (row["o_geom"], new))
    return fields


__all__ = [
    "BATCH",
    "PAUSE_ENV",
    "STREAMED",
    "Progress",
    "Refused",
    "apply_staged",
    "pause_at",
    "stage_batches",
]
