"""One app process's dataset from the store: cached by version, checked every few seconds.

Each replica keeps the dataset it read with its version. At most every ``ttl`` seconds it
asks the database for the latest version (``SELECT max(version)``, one index lookup) and
reads the dataset again only when it changed, so a ``db load`` reaches every replica
within ``ttl`` plus one read. When the database cannot be reached it keeps serving the
last dataset it had, marked stale, and tries again at the next check.

A database that stops answering (a frozen server, a network that drops packets) must not
hang the sessions: each check runs in its own thread, and a session waits for it at most
``timeout`` seconds, holding no lock meanwhile. A check still running after that serves
the last data as stale, exactly as a refused connection does; when the check finally
returns, the data is fresh again.
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
DEFAULT_TTL_S = 3.0
TIMEOUT_ENV = "GEO_STORE_TIMEOUT"
DEFAULT_TIMEOUT_S = 3.0
# A check that never returns (a socket no one answers) stops blocking new checks after this.
_ABANDON_AFTER = 10
_FIRST_READ_S = 60.0


class StoreUnavailable(RuntimeError):
    """The database has not answered and no data was ever read from it."""


def _seconds(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name) or default)
    except ValueError:
        return default
    return value if value > 0 else default


def ttl_from_env() -> float:
    """Seconds between version checks: ``$GEO_STORE_TTL``, else 3."""
    return _seconds(TTL_ENV, DEFAULT_TTL_S)


def timeout_from_env() -> float:
    """Seconds a session waits on the database: ``$GEO_STORE_TIMEOUT``, else 3."""
    return _seconds(TIMEOUT_ENV, DEFAULT_TIMEOUT_S)


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


class _Check(threading.Thread):
    """One look at the database, in its own thread so that no session waits past a timeout."""

    def __init__(self, replica: Replica):
        super().__init__(daemon=True, name="geo-store-check")
        self.replica = replica
        self.started = time.monotonic()
        self.failed_at = time.time()  # when the data became possibly stale, if it fails

    def run(self) -> None:
        try:
            self.replica._refresh(self)
        except DBAPIError as exc:
            self.replica._failed(self, exc)
        except Exception as exc:  # noqa: BLE001 - any failure leaves the last data served
            self.replica._failed(self, exc)


class Replica:
    """The store's dataset for one process, shared by its threads (sessions)."""

    def __init__(self, engine: Engine, ttl: float | None = None, timeout: float | None = None):
        self.engine = engine
        self.ttl = ttl_from_env() if ttl is None else ttl
        self.timeout = timeout_from_env() if timeout is None else timeout
        self._lock = threading.Lock()  # guards the fields below; never held across I/O
        self._current: Current | None = None
        self._checked = float("-inf")
        self._check: _Check | None = None
        self._error: str | None = None

    def get(self) -> Current:
        """The dataset to serve now, within ``timeout`` seconds.

        Raises :class:`StoreUnavailable` only when the database never answered.
        """
        with self._lock:
            now = time.monotonic()
            check = self._check
            if check is not None and now - check.started > _ABANDON_AFTER * self.timeout:
                check = self._check = None  # left to finish or hang on its own
            if check is None and now - self._checked >= self.ttl:
                self._checked = now
                check = self._check = _Check(self)
                check.start()
        if check is not None:
            # Nothing to serve yet: the first read (the whole dataset, validated) may take
            # longer than a version check; a database that does not answer it fails it by
            # the connect timeout, since no connection is open yet.
            wait = self.timeout if self._current is not None else _FIRST_READ_S
            check.join(max(0.0, check.started + wait - time.monotonic()))
        with self._lock:
            if self._check is check and check is not None and check.is_alive():
                self._mark_stale(check.failed_at)  # it is taking too long: as if refused
            if self._current is None:
                raise StoreUnavailable(self._error or "the database did not answer in time")
            return self._current

    def status(self) -> dict:
        """What this replica serves, for the operators: version, stale since, last error."""
        with self._lock:
            current = self._current
            return {
                "version": current.version if current else None,
                "stale_since": current.stale_since if current else None,
                "checking_for_s": (
                    round(time.monotonic() - self._check.started, 1) if self._check else None
                ),
                "error": self._error,
            }

    def _mark_stale(self, since: float) -> None:
        if self._current is not None and not self._current.stale:
            self._current = Current(self._current.data, self._current.version, since)

    def _refresh(self, check: _Check) -> None:
        with self._lock:
            current = self._current
        if current is not None:
            with snapshot(self.engine) as conn:
                latest = current_version(conn)
            if latest == current.version:
                self._done(check, Current(current.data, latest))
                return
        version, data = read_dataset(self.engine)
        self._done(check, Current(data, version))

    def _done(self, check: _Check, fresh: Current) -> None:
        with self._lock:
            old = self._current
            # A check left behind may finish after a newer one: it never goes back in time.
            if old is None or (fresh.version or 0) >= (old.version or 0):
                self._current = fresh
            self._error = None
            if self._check is check:
                self._check = None

    def _failed(self, check: _Check, exc: Exception) -> None:
        with self._lock:
            self._error = " ".join(str(exc).split())[:300]
            self._mark_stale(check.failed_at)
            if self._check is check:
                self._check = None
