"""Where the store is: the URL from ``--database-url`` or ``$GEO_DATABASE_URL``, an engine."""

from __future__ import annotations

import os
from functools import lru_cache

from sqlalchemy import Connection, Engine, create_engine, text

DATABASE_URL_ENV = "GEO_DATABASE_URL"
CONNECT_TIMEOUT_S = 3  # a stopped database is noticed quickly, not after the OS's minutes
STATEMENT_TIMEOUT_ENV = "GEO_STORE_STATEMENT_TIMEOUT"
DEFAULT_STATEMENT_TIMEOUT_S = 15.0  # the app's slowest query, a million activities, takes ~5 s


def database_url(explicit: str | None = None) -> str | None:
    """The store's SQLAlchemy URL: ``explicit``, else ``$GEO_DATABASE_URL``, else ``None``.

    >>> database_url("postgresql+psycopg://geo_reader@/geo")
    'postgresql+psycopg://geo_reader@/geo'
    """
    return explicit or os.environ.get(DATABASE_URL_ENV) or None


def statement_timeout_s() -> float:
    """Seconds the server lets one of the app's queries run: ``$GEO_STORE_STATEMENT_TIMEOUT``.

    >>> statement_timeout_s() > 0
    True
    """
    try:
        value = float(os.environ.get(STATEMENT_TIMEOUT_ENV) or DEFAULT_STATEMENT_TIMEOUT_S)
    except ValueError:
        return DEFAULT_STATEMENT_TIMEOUT_S
    return value if value > 0 else DEFAULT_STATEMENT_TIMEOUT_S


@lru_cache(maxsize=8)
def engine(url: str, reader: bool = False) -> Engine:
    """One pooled engine per URL and process (connections checked before use).

    ``reader`` (the app's engine) bounds every query by :func:`statement_timeout_s` and a
    wait for a pooled connection by the connect timeout; ``db load`` may run for minutes.
    """
    connect_args: dict = {"connect_timeout": CONNECT_TIMEOUT_S}
    extra: dict = {}
    if reader:
        ms = int(statement_timeout_s() * 1000)
        connect_args["options"] = f"-c statement_timeout={ms}"
        extra["pool_timeout"] = CONNECT_TIMEOUT_S
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=4,
        connect_args=connect_args,
        **extra,
    )


def snapshot(engine: Engine):
    """A connection in a read-only REPEATABLE READ transaction: one consistent version.

    Use as ``with snapshot(engine) as conn:``; every query sees the same committed load.
    """
    return _Snapshot(engine)


class _Snapshot:
    def __init__(self, engine: Engine):
        self._conn = engine.connect().execution_options(isolation_level="REPEATABLE READ")

    def __enter__(self) -> Connection:
        self._tx = self._conn.begin()
        self._conn.execute(text("SET TRANSACTION READ ONLY"))
        return self._conn

    def __exit__(self, *exc) -> None:
        self._tx.rollback()
        self._conn.close()
