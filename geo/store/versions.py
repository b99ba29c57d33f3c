"""The versions table: one row per load, with its time, counts and the ids it changed."""

from __future__ import annotations

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
