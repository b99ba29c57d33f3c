"""Where the store is: the URL from ``--database-url`` or ``$GEO_DATABASE_URL``, an engine."""

from __future__ import annotations

import os
from functools import lru_cache

from sqlalchemy import Engine, create_engine

DATABASE_URL_ENV = "GEO_DATABASE_URL"
CONNECT_TIMEOUT_S = 3  # a stopped database is noticed quickly, not after the OS's minutes


def database_url(explicit: str | None = None) -> str | None:
    """The store's SQLAlchemy URL: ``explicit``, else ``$GEO_DATABASE_URL``, else ``None``.

    >>> database_url("postgresql+psycopg://geo_reader@/geo")
    'postgresql+psycopg://geo_reader@/geo'
    """
    return explicit or os.environ.get(DATABASE_URL_ENV) or None


@lru_cache(maxsize=8)
def engine(url: str) -> Engine:
    """One pooled engine per URL and process (connections checked before use)."""
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=4,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
    )
