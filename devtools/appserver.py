"""Start and stop a real Streamlit server on a free port: for browser tests, load and benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = (
    "--server.address 127.0.0.1 --server.headless true "
    "--server.fileWatcherType none --browser.gatherUsageStats false "
    "--server.enableStaticServing true"
).split()


@dataclass
class AppServer:
    """A running server: its base URL, its process (a group of its own) and its log file."""

    url: str
    proc: subprocess.Popen
    log: Path

    def stop(self) -> None:
        """Stop the server's whole process group (TERM, then KILL)."""
        stop_process(self.proc)

    def log_text(self) -> str:
        """What the server printed so far."""
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""


def free_port() -> int:
    """A TCP port free right now on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether the server at ``url`` answers its health check."""
    return answers(f"{url}/_stcore/health", timeout=2)


def answers(url: str, timeout: float = 5) -> bool:
    """Whether ``url`` answers 200 (any failure to connect or read: no)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def quick_maps_written(url: str, timeout_s: float = 90) -> bool:
    """Wait until the app at ``url`` serves its quick maps (ui/quickmap.py) in every language.

    The app writes them after a first visit of its overview, one language after another.
    """
    from geo.i18n import LANGUAGES
    from geo.render.quick import file_name

    end = time.monotonic() + timeout_s
    for lang in LANGUAGES:
        while not answers(f"{url.rstrip('/')}/app/static/quick/{file_name(lang)}"):
            if time.monotonic() > end:
                return False
            time.sleep(0.3)
    return True


def start_app(
    script: Path = ROOT / "app.py",
    env: dict[str, str] | None = None,
    timeout: float = 60,
    log: Path | None = None,
) -> AppServer:
    """Run ``streamlit run script`` from its folder and wait until it is healthy.

    ``GEO_DATA_DIR`` is unset unless ``env`` sets it. Raises ``RuntimeError`` with
    the server's log when it dies or stays unhealthy for ``timeout`` seconds.
    """
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "GEO_DATA_DIR"}
    environment.update(env or {})
    environment.update(PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT))
    log = log or Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
            + FLAGS,
            cwd=script.parent,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, stopped as a whole
        )
    server = AppServer(f"http://127.0.0.1:{port}", proc, log)
    deadline = time.monotonic() + timeout
    problem = f"not healthy within {timeout:.0f} s"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            problem = f"exited with code {proc.returncode}"
            break
        if healthy(server.url):
            return server
        try:
            proc.wait(timeout=0.25)  # the pause between polls; returns early if it dies
        except subprocess.TimeoutExpired:
            pass
    server.stop()
    raise RuntimeError(f"the app on {server.url} {problem}; its log:\n{server.log_text()[-4000:]}")


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate a process group, then kill it if it lingers."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
