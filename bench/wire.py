"""Bytes on the wire for a first and a repeat visit, counted by a TCP proxy in front of the app.

Chromium loads the overview through :class:`CountingProxy`, a plain asyncio TCP forwarder
that counts every byte it carries each way (HTTP headers and bodies as sent, compressed or
not, and websocket frames as framed, compressed or not). A first visit uses a fresh browser
context (empty cache); the repeat visit opens a new page in the same context (its HTTP cache
warm) after the first page is closed. Each visit ends when the map is drawn and Streamlit is
idle. Playwright's request routing would turn the HTTP cache off, so this browser is launched
with a proxy that leads nowhere for other hosts instead (Chromium never proxies loopback), and
every request to another host is counted from the DevTools protocol.

Four fronts are measured: Streamlit alone as it was (websocket compression off), Streamlit
with ``.streamlit/config.toml`` (websocket compression on), that behind HAProxy with
``deploy/haproxy.cfg`` (gzip, long cache lifetimes for versioned files), and that HAProxy
answering Streamlit's frontend files itself from scripts/front_assets.py's folder
(``GEO_FRONT_DIR``: gzip level 9, fonts cut), each run by :class:`devtools.proxy.Front`.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pageload import deadline, settle, wait_for_map, wait_for_quick_map
from playwright.sync_api import Browser

from devtools.chromium import is_local

DEAD_PROXY = "--proxy-server=http://127.0.0.1:9"  # the discard port: other hosts fail at once
WEBSOCKET = "/_stcore/stream"


@dataclass
class _Conn:
    first_line: str = ""
    up: int = 0
    down: int = 0


@dataclass
class CountingProxy:
    """A TCP forwarder on 127.0.0.1 to ``target`` that counts the bytes it carries.

    ``down`` is what the server sends the browser, ``up`` the other way; each connection
    keeps its own counts and the first line the browser sent on it (for a websocket, the
    upgrade request). Runs its own event loop in a thread; use as a context manager.
    """

    target: tuple[str, int]
    conns: list[_Conn] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> CountingProxy:
        self._thread.start()
        start = asyncio.start_server(self._serve, "127.0.0.1", 0)
        self._server = asyncio.run_coroutine_threadsafe(start, self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc) -> None:
        async def close() -> None:
            self._server.close()
            tasks = asyncio.all_tasks() - {asyncio.current_task()}
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def snapshot(self) -> list[tuple[str, int, int]]:
        """Each connection so far: ``(first line, bytes up, bytes down)``."""
        return [(c.first_line, c.up, c.down) for c in list(self.conns)]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn, up_writer = _Conn(), None
        self.conns.append(conn)
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
            pipes = asyncio.gather(
                self._pipe(reader, up_writer, conn, "up"),
                self._pipe(up_reader, writer, conn, "down"),
            )
            await pipes
        except (OSError, asyncio.CancelledError):
            pass  # the server refused, or the proxy is closing
        finally:
            for w in (writer, up_writer):
                if w is not None:
                    w.close()

    @staticmethod
    async def _pipe(reader, writer, conn: _Conn, way: str) -> None:
        try:
            while data := await reader.read(1 << 16):
                if way == "up" and not conn.first_line:
                    conn.first_line = data.split(b"\r\n", 1)[0].decode("latin-1")[:200]
                setattr(conn, way, getattr(conn, way) + len(data))
                writer.write(data)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()
        except (ConnectionError, OSError):
            writer.close()


def _between(before: list, after: list) -> dict:
    """Bytes carried between two snapshots: down and up, in total and on websockets."""
    out = {"down": 0, "up": 0, "ws_down": 0, "conns": 0}
    for i, (line, up, down) in enumerate(after):
        up0, down0 = (before[i][1], before[i][2]) if i < len(before) else (0, 0)
        if up == up0 and down == down0:
            continue
        out["conns"] += 1
        out["down"] += down - down0
        out["up"] += up - up0
        if WEBSOCKET in line:
            out["ws_down"] += down - down0
    return out


def _visit(ctx, url: str, proxy: CountingProxy, timeout_s: float) -> dict:
    """Load ``url`` in a new page of ``ctx`` until the map is drawn and the page idle."""
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    reqs: dict[str, dict] = {}
    blocked: list[str] = []

    def on_request(e):
        reqs[e["requestId"]] = {"url": e["request"]["url"], "bytes": 0, "cached": False}
        if not is_local(e["request"]["url"]):
            blocked.append(e["request"]["url"])

    def on_response(e):
        r, h = reqs.setdefault(e["requestId"], {"url": "", "bytes": 0}), e["response"]
        headers = {k.lower(): v for k, v in h.get("headers", {}).items()}
        r.update(status=h.get("status"), cached=bool(h.get("fromDiskCache")))
        r.update(encoding=headers.get("content-encoding", "-"))
        r.update(cache=headers.get("cache-control", "-"), type=e.get("type", ""))

    def on_finished(e):
        reqs.setdefault(e["requestId"], {"url": "", "bytes": 0})["bytes"] = e["encodedDataLength"]

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.requestServedFromCache", lambda e: reqs[e["requestId"]].update(cached=True))
    cdp.on("Network.loadingFinished", on_finished)
    ws_ext: list[str] = []
    cdp.on(
        "Network.webSocketHandshakeResponseReceived",
        lambda e: ws_ext.append(
            next(
                (
                    v
                    for k, v in e["response"]["headers"].items()
                    if k.lower() == "sec-websocket-extensions"
                ),
                "",
            )
        ),
    )
    cdp.send("Network.enable")
    before, status, quick = proxy.snapshot(), "ok", None
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        left = deadline(timeout_s)
        if wait_for_quick_map(page, left) is not None:
            quick = _between(before, proxy.snapshot())
        wait_for_map(page, left)
        status = settle(page)
    except Exception as exc:  # noqa: BLE001 - any failure is this visit's status
        status = f"error: {' '.join(str(exc).split())[:80]}"
    counted = _between(before, proxy.snapshot())
    page.close()
    time.sleep(0.5)  # let the closed page's websocket finish closing before the next count
    biggest = sorted(reqs.values(), key=lambda r: -r["bytes"])
    out = {**counted, "status": status, "blocked": len(blocked), "responses": biggest}
    out["quick"] = quick  # the bytes until the front's quick map was drawn; None: no quick map
    return {**out, "ws_ext": ", ".join(sorted(set(ws_ext) - {""}))}


def visits(browser: Browser, app_url: str, timeout_s: float = 120) -> dict:
    """A first and a repeat visit of ``app_url`` through a counting proxy.

    Returns ``{"first": ..., "repeat": ...}``, each with ``down``, ``up``, ``ws_down``
    (websocket bytes received), ``ws_ext`` (the websocket's negotiated extensions, such as
    ``permessage-deflate``), ``conns``, ``status``, ``blocked`` and ``responses`` (the
    browser's requests, biggest first, each with ``url``, ``bytes`` (as received, headers
    included), ``encoding``, ``cache`` (Cache-Control) and ``cached``).
    """
    target = urlsplit(app_url)
    with CountingProxy((target.hostname, target.port)) as proxy:
        query = f"?{target.query}" if target.query else ""
        url = f"http://127.0.0.1:{proxy.port}{target.path or '/'}{query}"
        ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
        try:
            return {
                "first": _visit(ctx, url, proxy, timeout_s),
                "repeat": _visit(ctx, url, proxy, timeout_s),
            }
        finally:
            ctx.close()


def breakdown(visit: dict, origin: str) -> list[dict]:
    """Where a visit's bytes went, by kind: as sent, uncompressed, and at gzip level 9.

    Each response's body is fetched again from ``origin`` (the app itself, not the front)
    without compression, to tell how big it is and what zlib at its best level makes of it;
    fonts (woff2, compressed already) count as they are.
    """
    kinds = {
        "fonts (woff2, compressed already)": lambda p: p.endswith((".woff2", ".woff")),
        "Streamlit's frontend (/static/: JavaScript, CSS)": lambda p: p.startswith("/static/"),
        "the map's files (component, Leaflet, plugins, map script)": lambda p: p.startswith(
            ("/component/", "/app/static/")
        ),
        "page, health, settings, media": lambda p: True,
    }
    rows = {k: {"kind": k, "sent": 0, "raw": 0, "gzip9": 0, "count": 0} for k in kinds}
    for r in visit["responses"]:
        if not r["bytes"] or not r["url"].startswith("http"):
            continue
        path = re.sub(r"^https?://[^/]+", "", r["url"])
        kind = next(k for k, test in kinds.items() if test(path.split("?")[0]))
        try:
            with urllib.request.urlopen(origin.rstrip("/") + path, timeout=20) as resp:
                body = resp.read()
        except (OSError, ValueError):
            body = b""
        row = rows[kind]
        row["count"] += 1
        row["sent"] += r["bytes"]
        row["raw"] += len(body)
        fonts = kind.startswith("fonts")
        row["gzip9"] += len(body) if fonts else len(zlib.compress(body, 9))
    ws = visit["ws_down"]
    rows["websocket"] = {"kind": "websocket (the page and its map)", "sent": ws, "raw": None}
    rows["websocket"].update(gzip9=ws, count=1)
    return list(rows.values())


def port_of(url: str) -> int:
    """The port of ``url``."""
    return urlsplit(url).port or 80
