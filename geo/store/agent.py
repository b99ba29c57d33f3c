"""The store's state for HAProxy's agent check: one line a connection, the replica kept UP.

HAProxy's health check (``/_stcore/health``) says whether a replica's process answers; it
cannot say whether the replica's data is current. With ``$GEO_AGENT_PORT`` set, each app
process also answers HAProxy's ``agent-check`` on that port with ``up #<the store's
state>``: the proxy's statistics (``show stat``, column ``last_agt``) then show, per
replica, the version it serves and since when the database has not answered. It always
says ``up``: a database that stops answering must not take every replica out of rotation,
since each still serves its last data with the out-of-date notice.
"""

from __future__ import annotations

import os
import socketserver
import threading
from collections.abc import Callable
from datetime import UTC, datetime

AGENT_PORT_ENV = "GEO_AGENT_PORT"

_started: dict[int, socketserver.ThreadingTCPServer] = {}
_lock = threading.Lock()


def describe(status: dict) -> str:
    """The agent's line for a replica's :meth:`~geo.store.replica.Replica.status`.

    No comma: HAProxy reads commas as word separators.

    >>> describe({"version": 3, "stale_since": None, "checking_for_s": None, "error": None})
    'up #store ok; version 3'
    >>> describe({"version": 3, "stale_since": 0.0, "checking_for_s": 12.0, "error": None})
    'up #store stale since 00:00:00 UTC; serving version 3; a check waiting 12.0 s'
    >>> describe({"version": None, "stale_since": None, "checking_for_s": None, "error": "x"})
    'up #store not read yet; x'
    """
    parts = []
    if status["version"] is None:
        parts.append("store not read yet")
    elif status["stale_since"] is not None:
        since = datetime.fromtimestamp(status["stale_since"], UTC).strftime("%H:%M:%S UTC")
        parts += [f"store stale since {since}", f"serving version {status['version']}"]
    else:
        parts += ["store ok", f"version {status['version']}"]
    if status["checking_for_s"] is not None and status["stale_since"] is not None:
        parts.append(f"a check waiting {status['checking_for_s']} s")
    if status["error"]:
        parts.append(status["error"])
    return "up #" + "; ".join(parts).replace(",", ";").replace("\n", " ")[:400]


def serve(status: Callable[[], dict], port: int | None = None) -> int | None:
    """Answer HAProxy's agent check on ``port`` (``$GEO_AGENT_PORT``), once per process.

    Returns the port, or ``None`` when no port is set. The answer never touches the
    database: it reads the state the replica's last check left.
    """
    if port is None:
        value = os.environ.get(AGENT_PORT_ENV)
        if not value:
            return None
        port = int(value)
    with _lock:
        if port in _started:
            return port

        class Answer(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.sendall((describe(status()) + "\n").encode())

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        server = socketserver.ThreadingTCPServer(("", port), Answer)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True, name="geo-agent").start()
        _started[port] = server
    return port
