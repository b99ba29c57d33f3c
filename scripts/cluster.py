"""The whole stack on one machine: PostGIS, the data loaded, N app replicas, HAProxy in front.

Run from the project folder::

    .venv/bin/python scripts/cluster.py                 # 3 replicas, the proxy on a free port
    .venv/bin/python scripts/cluster.py --replicas 2 --port 8080 --data-dir data

Everything comes from Debian's packages (``postgresql``, ``postgresql-15-postgis-3``,
``haproxy``) and is thrown away at the end: a PostgreSQL cluster in a temporary folder
(devtools/pg.py: initdb as the unprivileged ``postgres`` user when run as root, a unix socket
only), ``geo db init`` and ``geo db load`` as its superuser, then ``streamlit run app.py``
per replica reading it as the read-only ``geo_reader`` role, and HAProxy with
deploy/haproxy.cfg itself (its servers from ``GEO_APPn``, run unprivileged in the
foreground with ``GEO_PROXY_LOCAL``, serving the Streamlit frontend files that
scripts/front_assets.py writes, ``GEO_FRONT_DIR``). It prints the proxy's address and runs
until Ctrl-C, then stops the proxy, the replicas and the database.
tests/cluster/test_replicas.py and scripts/load_test.py drive the same :class:`Stack`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from devtools import appserver, pg, proxy  # noqa: E402
from devtools.appserver import AppServer  # noqa: E402
from scripts import front_assets  # noqa: E402

MAX_REPLICAS = 8  # GEO_APP1..GEO_APP8 in deploy/haproxy.cfg
DATABASE = "geo"
READER = "geo_reader"
REPLICA_START_S = 90  # several replicas start at once on a small machine


def missing() -> str:
    """Why the stack cannot run here ("" when it can): a binary Debian did not install."""
    if proxy.haproxy() is None:
        return "HAProxy is not installed (apt-get install haproxy)"
    return pg.binaries()[1]


def geo_cli(*args: str, url: str) -> subprocess.CompletedProcess:
    """``python -m geo ARGS`` against the database ``url``; raises with its output on failure."""
    env = {k: v for k, v in os.environ.items() if k != "GEO_DATA_DIR"}
    env["GEO_DATABASE_URL"] = url
    done = subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"geo {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done


class Stack:
    """PostGIS, ``replicas`` app processes and HAProxy, started by :meth:`start`.

    ``url`` is the proxy's address; ``replicas[i]`` is the app ``app{i+1}`` behind it (its own
    ``url`` reaches it directly); ``db`` is the :class:`devtools.pg.Cluster`.
    """

    def __init__(
        self,
        replicas: int = 3,
        port: int | None = None,
        data_dir: Path | None = None,
        front_dir: Path | None = None,
    ):
        if not 1 <= replicas <= MAX_REPLICAS:
            raise ValueError(f"1 to {MAX_REPLICAS} replicas (deploy/haproxy.cfg's GEO_APPn)")
        self.count = replicas
        self.port = port or appserver.free_port()
        self.data_dir = data_dir or ROOT / "data"
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="geo-cluster-"))
        self.db: pg.Cluster | None = None
        self.replicas: list[AppServer] = []
        # Where each replica tells the proxy the state of its store (geo.store.agent).
        self.agents = [appserver.free_port() for _ in range(replicas)]
        self.proxy: subprocess.Popen | None = None
        self.proxy_log = self.folder / "haproxy.log"
        self.stats_socket = self.folder / "haproxy.sock"
        # Streamlit's frontend files for the proxy (scripts/front_assets.py); written at start
        # unless given, written already.
        self.front_dir, self._front_given = front_dir or self.folder / "front", bool(front_dir)

    # ------------------------------------------------------------------------- start

    def start(self, log=print) -> Stack:
        """Start everything; on any failure stop what started and raise."""
        try:
            bindir, why = pg.binaries()
            if bindir is None or missing():
                raise RuntimeError(why or missing())
            log("starting PostgreSQL + PostGIS in a temporary folder ...")
            self.db = pg.Cluster(bindir)
            self.db.create_database(DATABASE)
            geo_cli("db", "init", url=self.admin_url)
            log(f"loading {self.data_dir} ...")
            log(geo_cli("db", "load", "--data-dir", str(self.data_dir), url=self.admin_url).stdout)
            log(f"starting {self.count} app replica(s) ...")
            with ThreadPoolExecutor(self.count) as pool:
                self.replicas = list(pool.map(self._start_replica, range(self.count)))
            if not self._front_given:
                log("writing Streamlit's frontend files for the proxy ...")
                front_assets.build(self.front_dir)
            self._start_proxy()
            return self
        except BaseException:
            self.stop()
            raise

    @property
    def admin_url(self) -> str:
        """The database as its superuser: for ``db init`` and ``db load``."""
        return self.db.url(db=DATABASE)

    @property
    def reader_url(self) -> str:
        """The database as the read-only role the replicas use."""
        return self.db.url(READER, DATABASE)

    def _start_replica(self, index: int) -> AppServer:
        env = {"GEO_DATABASE_URL": self.reader_url, "GEO_AGENT_PORT": str(self.agents[index])}
        if "GEO_STORE_TTL" in os.environ:
            env["GEO_STORE_TTL"] = os.environ["GEO_STORE_TTL"]
        log = self.folder / f"app{index + 1}.log"
        return appserver.start_app(env=env, timeout=REPLICA_START_S, log=log)

    def _start_proxy(self, timeout: float = 30) -> None:
        urls = [replica.url for replica in self.replicas]
        env = proxy.proxy_env(self.port, urls, self.stats_socket, self.front_dir, self.agents)
        self.proxy = proxy.start_haproxy(proxy.haproxy(), env, self.proxy_log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proxy.poll() is not None:
                raise RuntimeError(f"haproxy exited:\n{self.proxy_log.read_text()[-3000:]}")
            states = self.server_states()
            if len(states) == self.count and set(states.values()) == {"UP"}:
                return
            time.sleep(0.25)
        raise RuntimeError(f"the replicas are not all UP behind the proxy: {self.server_states()}")

    # ----------------------------------------------------------------------- inspect

    def admin(self, command: str) -> str:
        """One command on HAProxy's admin socket, its answer ("" when it does not answer)."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(3)
                s.connect(str(self.stats_socket))
                s.sendall(command.encode() + b"\n")
                chunks = []
                while chunk := s.recv(65536):
                    chunks.append(chunk)
            return b"".join(chunks).decode()
        except OSError:
            return ""

    def _replica_rows(self) -> list[dict[str, str]]:
        """The statistics rows of the replicas (``show stat``, one dict a replica)."""
        lines = self.admin("show stat").splitlines()
        if not lines:
            return []
        head = lines[0].lstrip("# ").split(",")
        rows = (dict(zip(head, line.split(","), strict=False)) for line in lines[1:])
        return [
            row
            for row in rows
            if row.get("pxname") == "streamlit" and row.get("svname", "").startswith("app")
        ]

    def server_states(self) -> dict[str, str]:
        """Each replica's state as the proxy's health checks see it: {"app1": "UP", ...}."""
        return {row["svname"]: row.get("status", "") for row in self._replica_rows()}

    def store_states(self) -> dict[str, str]:
        """Each replica's store as it tells the proxy: {"app1": "store ok; version 1", ...}."""
        out = {}
        for row in self._replica_rows():
            said = row.get("last_agt", "")
            out[row["svname"]] = said.partition("(")[2].rstrip(")") or said
        return out

    def agent_says(self, index: int) -> str:
        """Replica ``index``'s (0-based) own line on its store: "up #store ok; version 2".

        Asked directly, not through the proxy's last agent check; "" when it does not answer.
        """
        try:
            with socket.create_connection(("127.0.0.1", self.agents[index]), timeout=5) as conn:
                return conn.makefile(encoding="utf-8").readline().strip()
        except OSError:
            return ""

    # ------------------------------------------------------------------------ faults

    def kill_replica(self, index: int) -> None:
        """SIGKILL replica ``index`` (0-based) and its children: a crash, not a shutdown."""
        proc = self.replicas[index].proc
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)

    def stop_database(self) -> None:
        """Stop PostgreSQL (the replicas keep running)."""
        self.db.stop()

    def start_database(self) -> None:
        """Start PostgreSQL again."""
        self.db.start()

    def freeze_database(self) -> None:
        """Freeze PostgreSQL (SIGSTOP): it keeps its connections and answers nothing."""
        self.db.freeze()

    def thaw_database(self) -> None:
        """Let a frozen PostgreSQL run again (SIGCONT)."""
        self.db.thaw()

    # -------------------------------------------------------------------------- stop

    def stop(self) -> None:
        """Stop the proxy, the replicas and the database, and delete the temporary folder."""
        if self.proxy is not None:
            appserver.stop_process(self.proxy)
            self.proxy = None
        for replica in self.replicas:
            replica.stop()
        self.replicas = []
        if self.db is not None:
            self.db.remove()
            self.db = None
        shutil.rmtree(self.folder, ignore_errors=True)  # logs, the front's files

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _interrupt(signum, frame) -> None:
    # SIGTERM stops everything cleanly, as Ctrl-C does.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Start the stack, print its address, run until Ctrl-C (or SIGTERM), stop it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=3, help="app processes (1 to 8; 3)")
    parser.add_argument("--port", type=int, help="the proxy's port (a free one by default)")
    parser.add_argument("--data-dir", type=Path, help="the data to load (data/ by default)")
    args = parser.parse_args(argv)
    why = missing()
    if why:
        print(f"cluster: {why}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _interrupt)
    stack = Stack(args.replicas, args.port, args.data_dir)
    try:
        stack.start()
        for i, replica in enumerate(stack.replicas, start=1):
            print(f"app{i}: {replica.url} (log {replica.log})")
        print(f"database: {stack.reader_url} (read-only role; admin: {stack.admin_url})")
        print(f"\nThe dashboard: {stack.url}  (Ctrl-C stops everything)", flush=True)
        while stack.proxy.poll() is None:
            time.sleep(1)
        print(f"cluster: haproxy exited:\n{stack.proxy_log.read_text()[-2000:]}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping ...")
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
