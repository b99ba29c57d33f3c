"""The versions table: one row per load, with its time, counts and the ids it changed."""

from __future__ import annotations

import shapely
from sqlalchemy import Column, Connection, DateTime, Identity, Integer, Table, Text, func, select
from sqlalchemy.dialects.postgresql import JSONB

from geo.store.tables import metadata

VERSIONS = Table(
    "versions",
    metadata,
    Column("version", Integer, Identity(), primary_key=True),
    Column("loaded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("source", Text, nullable=False),
    Column("counts", JSONB, nullable=False),
    Column("added", JSONB, nullable=False),
    Column("changed", JSONB, nullable=False),
    Column("removed", JSONB, nullable=False),
    # {table: {id: {field: [before, after]}}} of the ids it changed (geometry: "geometry").
    Column("fields", JSONB),
)


def current_version(conn: Connection) -> int | None:
    """The latest version loaded, ``None`` before the first load: one cheap query."""
    return conn.execute(select(func.max(VERSIONS.c.version))).scalar()


def history(conn: Connection) -> list[dict]:
    """Every version, newest first, as dicts of the table's columns."""
    rows = conn.execute(select(VERSIONS).order_by(VERSIONS.c.version.desc())).mappings()
    return [dict(r) for r in rows]


def changes(old: dict[str, str], new: dict[str, str]) -> tuple[list, list, list]:
    """Ids added, changed and removed between two ``{id: digest}`` maps.

    >>> changes({"a": "1", "b": "2"}, {"b": "3", "c": "4"})
    (['c'], ['b'], ['a'])
    """
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    changed = sorted(k for k in new.keys() & old.keys() if new[k] != old[k])
    return added, changed, removed


def field_changes(
    before: dict, after: dict, fields: list[str], shapes: tuple | None = None
) -> dict[str, list]:
    """The fields whose value differs between two rows, as ``{field: [before, after]}``.

    ``shapes``: the stored shape (WKB, or ``None``) and the new one (a Shapely geometry, or
    ``None``), for a layer's row: a changed shape is ``geometry``.

    >>> field_changes({"name": "Kufra", "n": 1}, {"name": "Al Kufrah", "n": 1}, ["name", "n"])
    {'name': ['Kufra', 'Al Kufrah']}
    >>> field_changes({}, {}, [], (shapely.Point(1, 2).wkb, shapely.Point(1, 3)))
    {'geometry': ['changed', 'changed']}
    """
    found = {f: [before.get(f), after.get(f)] for f in fields if before.get(f) != after.get(f)}
    if shapes is not None and not _same_shape(*shapes):
        found["geometry"] = ["changed", "changed"]
    return found


def _same_shape(wkb, shape) -> bool:
    old = None if wkb is None else shapely.from_wkb(bytes(wkb))
    if old is None or shape is None:
        return old is None and shape is None
    return shape.equals_exact(old, 1e-9)


def diff(conn: Connection, first: int, last: int) -> dict:
    """What the loads after version ``first`` up to ``last`` changed, as one change.

    ``{"added": {table: [ids]}, "changed": {table: {id: {field: [before, after]}}},
    "removed": {table: [ids]}}``: an id added then changed is added; changed then removed,
    removed; removed then added again, changed (its fields unknown: ``{}``).
    """
    rows = conn.execute(
        select(VERSIONS)
        .where(VERSIONS.c.version > first, VERSIONS.c.version <= last)
        .order_by(VERSIONS.c.version)
    ).mappings()
    state: dict[tuple[str, str], dict] = {}  # (table, id) -> {"how", "fields"}
    for row in rows:
        fields = row["fields"] or {}
        for table, ids in (row["added"] or {}).items():
            for i in ids:
                was = state.get((table, i))
                how = "changed" if was and was["how"] == "removed" else "added"
                state[(table, i)] = {"how": how, "fields": {}}
        for table, ids in (row["changed"] or {}).items():
            for i in ids:
                was = state.get((table, i))
                now = (fields.get(table) or {}).get(i, {})
                if was and was["how"] == "added":
                    continue
                merged = dict(was["fields"]) if was else {}
                for f, (before, after) in now.items():
                    merged[f] = [merged[f][0] if f in merged else before, after]
                state[(table, i)] = {"how": "changed", "fields": merged}
        for table, ids in (row["removed"] or {}).items():
            for i in ids:
                was = state.get((table, i))
                if was and was["how"] == "added":
                    del state[(table, i)]
                else:
                    state[(table, i)] = {"how": "removed", "fields": {}}
    out: dict = {"added": {}, "changed": {}, "removed": {}}
    for (table, i), what in sorted(state.items()):
        if what["how"] == "changed":
            # A shape is told changed, not given: it stays, whatever came before.
            fields = {f: v for f, v in what["fields"].items() if f == "geometry" or v[0] != v[1]}
            if what["fields"] and not fields:
                continue  # changed and changed back: no change between the two versions
            out["changed"].setdefault(table, {})[i] = fields
        else:
            out[what["how"]].setdefault(table, []).append(i)
    return out
