"""One app process's dataset from the store: cached by version, checked every few seconds.

Each replica keeps the dataset it read with its version. At most every ``ttl`` seconds it
asks the database for the latest version (``SELECT max(version)``, one index lookup) and
reads the dataset again only when it changed, so a ``db load`` reaches every replica
within ``ttl`` plus one read. When the database cannot be reached it keeps serving the
last dataset it had, marked stale, and tries again at the next check.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from geo.data.dataset import Dataset
from geo.store.read import read_dataset, snapshot
from geo.store.versions import current_version

TTL_ENV = "GEO_STORE_TTL"
DEFAULT_TTL_S = 5.0


def ttl_from_env() -> float:
    """Seconds between version checks: ``$GEO_STORE_TTL``, else 5."""
    try:
        return float(os.environ.get(TTL_ENV) or DEFAULT_TTL_S)
    except ValueError:
        return DEFAULT_TTL_S


@dataclass(frozen=True)
class Current:
    """The dataset a replica serves, and whether the database could not be asked."""

    data: Dataset
    version: int | None
    stale_since: float | None = None  # time.time() of the first failed check, while failing

    @property
    def stale(self) -> bool:
        """Whether the last check failed (the data may be older than the database's)."""
        return self.stale_since is not None


class Replica:
    """The store's dataset for one process, shared by its threads (sessions)."""

    def __init__(self, engine: Engine, ttl: float | None = None):
        self.engine = engine
        self.ttl = ttl_from_env() if ttl is None else ttl
        self._lock = threading.Lock()
        self._current: Current | None = None
        self._checked = float("-inf")

    def get(self) -> Current:
        """The dataset to serve now; raises only when the database never answered."""
        with self._lock:
            now = time.monotonic()
            if self._current is not None and now - self._checked < self.ttl:
                return self._current
            self._checked = now
            try:
                self._refresh()
            except DBAPIError:
                if self._current is None:
                    raise
                if not self._current.stale:
                    self._current = Current(self._current.data, self._current.version, time.time())
            return self._current

    def _refresh(self) -> None:
        if self._current is not None:
            with snapshot(self.engine) as conn:
                latest = current_version(conn)
            if latest == self._current.version:
                if self._current.stale:
                    self._current = Current(self._current.data, latest)
                return
        version, data = read_dataset(self.engine)
        self._current = Current(data, version)
