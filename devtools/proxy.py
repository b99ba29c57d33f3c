"""HAProxy with deploy/haproxy.cfg in front of one app, on a free loopback port.

The benchmark (bench/wire.py) and the tests run the shipped configuration itself, as
scripts/cluster.py does: unprivileged, in the foreground (``GEO_PROXY_LOCAL``), logging to
its own file, and with ``front_dir`` the frontend files of scripts/front_assets.py.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from devtools import appserver

ROOT = Path(__file__).resolve().parent.parent
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"


def self_signed(folder: Path) -> Path:
    """A throwaway certificate for 127.0.0.1 and its key, in one PEM file as HAProxy reads."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise FileNotFoundError("openssl not installed")
    key, cert, pem = folder / "key.pem", folder / "cert.pem", folder / "front.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    pem.write_bytes(cert.read_bytes() + key.read_bytes())
    return pem


def spki_hash(pem: Path) -> str:
    """The hash of the certificate's public key, for Chromium to trust it.

    As ``--ignore-certificate-errors-spki-list`` takes it. A browser given it caches what the
    site serves, as with a site's real certificate; one told only to ignore certificate
    errors keeps nothing.
    """
    openssl = shutil.which("openssl") or "openssl"
    key = subprocess.run(
        [openssl, "x509", "-pubkey", "-noout"],
        input=pem.read_bytes(),
        capture_output=True,
        check=True,
    ).stdout
    der = subprocess.run(
        [openssl, "pkey", "-pubin", "-outform", "der"], input=key, capture_output=True, check=True
    ).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def _redirects(url: str) -> bool:
    """Whether the front at ``url`` (plain http) answers, sending browsers to https."""
    parts = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(parts[0], int(parts[1]), timeout=2)
    try:
        conn.request("GET", "/_stcore/health")
        return conn.getresponse().status in (301, 302, 307, 308)
    except OSError:
        return False
    finally:
        conn.close()


def haproxy() -> str | None:
    """The haproxy binary, or None when Debian's package is not installed."""
    found = shutil.which("haproxy")
    if found is None and os.access("/usr/sbin/haproxy", os.X_OK):
        found = "/usr/sbin/haproxy"
    return found


def proxy_env(
    port: int,
    app_urls: list[str],
    stats_socket: Path,
    front_dir: Path | None,
    agent_ports: list[int] | None = None,
) -> dict[str, str]:
    """The environment deploy/haproxy.cfg reads, for a proxy on this machine's loopback.

    Any ``GEO_`` variable of our own environment is left out, so a stray ``GEO_APP5`` or
    ``GEO_FRONT_DIR`` cannot add a server or a folder the caller did not name.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEO_")}
    env.update(
        GEO_PROXY_LOCAL="1",
        GEO_BIND=f"127.0.0.1:{port}",
        GEO_STATS_SOCKET=str(stats_socket),
        GEO_LOG="stdout",
    )
    if front_dir is not None:
        env["GEO_FRONT_DIR"] = str(front_dir)
    for i, url in enumerate(app_urls, start=1):
        env[f"GEO_APP{i}"] = url.removeprefix("http://")
    for i, agent in enumerate(agent_ports or [], start=1):
        env[f"GEO_AGENT{i}"] = str(agent)  # the replica's store state (geo.store.agent)
    return env


def start_haproxy(exe: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """deploy/haproxy.cfg in the foreground, its own session, all its output in ``log``.

    Raises RuntimeError with haproxy's words when it rejects the configuration.
    """
    cmd = [exe, "-f", str(HAPROXY_CFG)]
    check = subprocess.run([*cmd, "-c"], env=env, capture_output=True, text=True)
    if check.returncode:
        raise RuntimeError(f"haproxy -c: {(check.stdout + check.stderr).strip()[-600:]}")
    with open(log, "wb") as out:
        return subprocess.Popen(
            [*cmd, "-db"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


@dataclass
class Front:
    """HAProxy in front of the app at ``app_url``; ``url`` once entered.

    Raises FileNotFoundError when haproxy is not installed, RuntimeError when it rejects
    the configuration or does not answer (with the end of its log).
    """

    app_url: str
    workdir: Path
    front_dir: Path | None = None
    tls: Path | None = None  # a PEM (self_signed): TLS and HTTP/2, as deployed on a site
    url: str = ""

    def __enter__(self) -> Front:
        exe = haproxy()
        if exe is None:
            raise FileNotFoundError("haproxy not installed")
        port = appserver.free_port()
        env = proxy_env(port, [self.app_url], self.workdir / "haproxy.sock", self.front_dir)
        self.url = plain = f"http://127.0.0.1:{port}"
        if self.tls:
            secure = appserver.free_port()
            env.update(GEO_TLS_CERT=str(self.tls), GEO_TLS_BIND=f"127.0.0.1:{secure}")
            self.url = f"https://127.0.0.1:{secure}"
        self.log = self.workdir / f"haproxy-{port}.log"
        self.proc = start_haproxy(exe, env, self.log)
        end = time.monotonic() + 30
        while time.monotonic() < end and self.proc.poll() is None:
            if _redirects(plain) if self.tls else appserver.healthy(plain):
                return self
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"haproxy did not answer: {self.log.read_text(errors='replace')[-600:]}")

    def __exit__(self, *exc) -> None:
        appserver.stop_process(self.proc)
