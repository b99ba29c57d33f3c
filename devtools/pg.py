"""A throwaway PostgreSQL + PostGIS cluster for the tests, from Debian's packages.

``initdb`` in a temporary folder (as the unprivileged ``postgres`` user when the tests run
as root), a free port, the unix socket in that folder, no TCP; stopped and removed after.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa

SUPERUSER = "postgres"


def binaries() -> tuple[Path | None, str]:
    """The folder of ``initdb`` and ``pg_ctl``, or ``None`` and why the tests skip."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        return None, "PostgreSQL is not installed (apt-get install postgresql)"
    bindir = Path(found[-1]).parent
    version = bindir.parent.name
    if not glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"):
        return None, f"PostGIS is not installed (apt-get install postgresql-{version}-postgis-3)"
    return bindir, ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One running cluster; ``url(user, db)`` is its SQLAlchemy URL over the unix socket."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="geo-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as_root = os.geteuid() == 0
        if self._as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8")
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self._as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        """Start (or restart) the server; returns once it accepts connections."""
        opts = f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "start"
        )

    def stop(self) -> None:
        """Stop the server (fast: open sessions are ended)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def _processes(self) -> list[int]:
        """The server's processes: the postmaster (postmaster.pid) and its children."""
        main = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(main)], capture_output=True, text=True, check=False
        ).stdout.split()
        return [main, *map(int, children)]

    def freeze(self) -> None:
        """SIGSTOP every process of the server: connections stay open and nothing answers."""
        for pid in self._processes():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        """SIGCONT every process of the server, after :meth:`freeze`."""
        for pid in self._processes():
            os.kill(pid, signal.SIGCONT)

    def url(self, user: str = SUPERUSER, db: str = "postgres") -> str:
        """The SQLAlchemy URL of database ``db`` as ``user``."""
        return f"postgresql+psycopg://{user}@/{db}?host={self.root}&port={self.port}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns the superuser's URL of it."""
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(db=name)

    def remove(self) -> None:
        """Stop the server and delete its folder."""
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)
