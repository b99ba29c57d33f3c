"""Briefings kept by name in the store: each save a new version, none rewritten.

Saved by ``python -m geo briefing save`` with the loader's role (the app's read-only role
may only read them); opened by name in the app and by ``briefing show`` and ``export``.
The body is a briefing file (:func:`geo.view.briefing.to_file`), checked before it is
saved and again when it is read.
"""

from __future__ import annotations

import re

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Integer,
    PrimaryKeyConstraint,
    Table,
    Text,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from geo.store.tables import metadata

BRIEFINGS = Table(
    "briefings",
    metadata,
    Column("name", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("body", JSONB, nullable=False),
    PrimaryKeyConstraint("name", "version"),
)
NAME = re.compile(r"[\w][\w .,()'-]{0,79}")
_SAVE_LOCK = 4615


def check_name(name: str) -> str:
    """``name`` as a briefing is kept under: letters, digits, spaces and . , ( ) ' - _.

    >>> check_name(" Cairo, 8 Dec ")
    'Cairo, 8 Dec'
    >>> check_name("x;drop")
    Traceback (most recent call last):
    ValueError: a briefing's name is 1 to 80 letters, digits, spaces and . , ( ) ' - _: 'x;drop'
    """
    cleaned = name.strip()
    if not NAME.fullmatch(cleaned):
        raise ValueError(
            f"a briefing's name is 1 to 80 letters, digits, spaces and . , ( ) ' - _: {name!r}"
        )
    return cleaned


def save(conn: Connection, name: str, body: dict) -> int:
    """Keep ``body`` as the next version of the briefing ``name``; its version."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SAVE_LOCK})
    last = conn.execute(
        select(func.max(BRIEFINGS.c.version)).where(BRIEFINGS.c.name == name)
    ).scalar()
    version = (last or 0) + 1
    conn.execute(insert(BRIEFINGS).values(name=name, version=version, body=body))
    return version


def saved(conn: Connection) -> list[dict]:
    """Each briefing's latest version: name, version, saved_at, title and step count."""
    latest = (
        select(BRIEFINGS.c.name, func.max(BRIEFINGS.c.version).label("version"))
        .group_by(BRIEFINGS.c.name)
        .subquery()
    )
    rows = conn.execute(
        select(BRIEFINGS)
        .join(
            latest,
            (BRIEFINGS.c.name == latest.c.name) & (BRIEFINGS.c.version == latest.c.version),
        )
        .order_by(BRIEFINGS.c.name)
    ).mappings()
    return [
        {
            "name": r["name"],
            "version": r["version"],
            "saved_at": r["saved_at"],
            "title": (r["body"] or {}).get("title", ""),
            "steps": len((r["body"] or {}).get("steps", [])),
        }
        for r in rows
    ]


def body_of(conn: Connection, name: str, version: int | None = None) -> tuple[int, dict] | None:
    """The version and body of the briefing ``name`` (its latest, or ``version``)."""
    query = select(BRIEFINGS.c.version, BRIEFINGS.c.body).where(BRIEFINGS.c.name == name)
    if version is not None:
        query = query.where(BRIEFINGS.c.version == version)
    row = conn.execute(query.order_by(BRIEFINGS.c.version.desc()).limit(1)).first()
    return None if row is None else (row[0], row[1])
