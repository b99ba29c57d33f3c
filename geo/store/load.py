"""``db load``: validate a data folder and replace the stored dataset, in one transaction.

Readers read in one REPEATABLE READ snapshot (see :mod:`geo.store.read`), so they see
the dataset before the load or after it, never a mix; a load that fails or is killed
rolls back and leaves the previous version as it was.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
from geoalchemy2 import Geometry
from sqlalchemy import Engine, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import JSONB

from geo.data.dataset import load_dataset
from geo.data.geography import LAND_FILE
from geo.data.io import parse_geometry, read_features
from geo.data.problems import Problem
from geo.data.schema import CRS
from geo.data.stream import FeatureBatches
from geo.store.batches import (
    BATCH,
    STREAMED,
    Progress,
    Refused,
    apply_staged,
    pause_at,
    stage_batches,
)
from geo.store.rows import frame_of, plain, to_rows
from geo.store.tables import (
    DIGEST,
    EXTRA,
    GEOM,
    LOAD_ORDER,
    STORED,
    TABLES,
    key_of,
    stored_fields,
)
from geo.store.versions import VERSIONS, changes, current_version, field_changes

_LOAD_LOCK = 4614


@dataclass(frozen=True)
class Loaded:
    """What a load wrote: its version, the rows per table and the ids it changed."""

    version: int
    counts: dict[str, int]
    added: dict[str, list[str]]
    changed: dict[str, list[str]]
    removed: dict[str, list[str]]


def load_folder(
    engine: Engine,
    folder: str | os.PathLike,
    batch: int = BATCH,
    progress: Callable[[Progress], None] | None = None,
) -> Loaded | list[Problem]:
    """Validate ``folder`` and, when it has no problem, make it the stored dataset.

    Returns the problems (and writes nothing) or what was loaded. Every file but the
    activities is checked first, as a whole; the activities are then checked and staged
    ``batch`` at a time, ``progress`` told after each, and only what differs from the
    stored ones is written (:mod:`geo.store.batches`), all in the one transaction that a
    problem rolls back.
    """
    folder = Path(folder)
    data = load_dataset(folder, streamed=(STREAMED,))
    batches = FeatureBatches(folder / STORED[STREAMED].filename, batch)
    problems = data.problems + batches.problems()
    if problems:
        return sorted(problems)
    whole = [name for name in LOAD_ORDER if name != STREAMED]
    tables = {name: to_rows(frame_of(data, name), STORED[name]) for name in whole if name != "land"}
    tables["land"] = to_rows(_land(folder), STORED["land"])
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOAD_LOCK})
            old = {
                name: dict(
                    conn.execute(
                        select(TABLES[name].c[key_of(STORED[name])], TABLES[name].c[DIGEST])
                    ).all()
                )
                for name in whole
            }
            fields = _field_changes(conn, tables, old)
            for name in reversed(whole):
                conn.execute(delete(TABLES[name]))
            for name in whole:
                _insert(conn, name, tables[name])
            streamed = stage_batches(conn, batches, data, progress)
            added, changed, removed, counts = {}, {}, {}, {}
            for name in whole:
                key = key_of(STORED[name])
                new = dict(zip(tables[name][key], tables[name][DIGEST], strict=True))
                counts[name] = len(new)
                _note(added, changed, removed, name, changes(old[name], new))
            *found, streamed_fields = apply_staged(conn)
            pause_at("applied", streamed)
            counts[STREAMED] = streamed
            _note(added, changed, removed, STREAMED, found)
            if streamed_fields:
                fields[STREAMED] = streamed_fields
            added, changed, removed, counts = (
                {name: d[name] for name in LOAD_ORDER if name in d}
                for d in (added, changed, removed, counts)
            )
            conn.execute(
                insert(VERSIONS).values(
                    source=str(folder.resolve()),
                    counts=counts,
                    added=added,
                    changed=changed,
                    removed=removed,
                    fields=fields,
                )
            )
            version = current_version(conn)
    except Refused as refused:
        return sorted(refused.problems)
    return Loaded(version, counts, added, changed, removed)


def _note(added: dict, changed: dict, removed: dict, name: str, found) -> None:
    """Keep the ids a table's load added, changed and removed, where there are any."""
    for into, ids in zip((added, changed, removed), found, strict=True):
        if ids:
            into[name] = ids


def _field_changes(conn, tables: dict, old: dict) -> dict:
    """``{table: {id: {field: [before, after]}}}`` of the rows this load changes.

    Read before the old rows are deleted; a changed shape is ``geometry``.
    """
    out: dict = {}
    for name in tables:
        spec, table = STORED[name], TABLES[name]
        key = key_of(spec)
        new_rows = tables[name]
        digests = dict(zip(new_rows[key], new_rows[DIGEST], strict=True))
        changed = [k for k, d in digests.items() if k in old[name] and old[name][k] != d]
        if not changed:
            continue
        names = [f.name for f in stored_fields(spec)] + [EXTRA]
        columns = [table.c[n] for n in names]
        if spec.geometry_types:
            columns.append(func.ST_AsBinary(table.c[GEOM]).label(GEOM))
        query = select(*columns).where(table.c[key].in_(changed))
        before = {r[key]: r for r in conn.execute(query).mappings()}
        after = new_rows.set_index(new_rows[key], drop=False)
        for k in changed:
            now = {n: plain(after.at[k, n]) for n in names}
            was = {n: plain(before[k][n]) for n in names}
            shapes = (before[k][GEOM], after.at[k, GEOM]) if spec.geometry_types else None
            out.setdefault(name, {})[k] = field_changes(was, now, names, shapes)
    return out


def _array(values: list[str]) -> str:
    r"""A PostgreSQL array literal of texts.

    >>> print(_array(['a', 'b "c"']))
    {"a","b \"c\""}
    """
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(quoted) + "}"


def _land(folder: Path) -> gpd.GeoDataFrame:
    features, problems = read_features(folder / LAND_FILE)
    if problems:
        return gpd.GeoDataFrame({"id": [], "name": []}, geometry=[], crs=CRS)
    props = [f.get("properties") or {} for f in features]
    return gpd.GeoDataFrame(
        {"id": [p.get("id") for p in props], "name": [p.get("name") for p in props]},
        geometry=[parse_geometry(f.get("geometry"))[0] for f in features],
        crs=CRS,
    )


def _insert(conn, name: str, rows) -> None:
    if rows.empty:
        return
    spec = STORED[name]
    # The table's own types: pandas would guess VARCHAR for a column of nulls.
    dtype = {c.name: c.type for c in TABLES[name].columns if c.name != GEOM}
    dtype[EXTRA] = JSONB(none_as_null=True)
    if spec.geometry_types:
        # geopandas writes with COPY ... CSV, which reads arrays and JSON in their text forms.
        rows = rows.copy()
        for f in stored_fields(spec):
            if f.kind == "list":
                rows[f.name] = [None if v is None else _array(v) for v in rows[f.name]]
        rows[EXTRA] = [
            None if v is None else json.dumps(v, ensure_ascii=False) for v in rows[EXTRA]
        ]
        kind = TABLES[name].c[GEOM].type.geometry_type
        rows.to_postgis(
            name,
            conn,
            if_exists="append",
            index=False,
            dtype={**dtype, GEOM: Geometry(kind, srid=4326)},
            chunksize=5000,
        )
    else:
        rows.to_sql(name, conn, if_exists="append", index=False, dtype=dtype, chunksize=5000)
