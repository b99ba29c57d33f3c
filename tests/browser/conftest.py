"""Fixtures of the end-to-end browser tests: the app server, headless Chromium, the map.

Every test in this folder is marked ``browser`` (``pytest -m "not browser"`` skips them).
The page fixture lets the browser reach only the app itself: a request to any other host
is aborted and recorded in ``page.blocked``, which each test asserts is empty.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture skips every test then
    PlaywrightTimeout = TimeoutError

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1600, "height": 1000}
STARTUP_TIMEOUT_S = 60
MAP_TIMEOUT_MS = 90_000  # a map takes a few seconds on a small machine, far more under load
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
ALWAYS_ALLOWED_SCHEMES = {"data", "blob", "about"}
MAP_IFRAME = 'iframe[src*="streamlit_folium"]'
EXCEPTION = '[data-testid="stException"]'
_SERVER_LOGS: list[Path] = []  # logs of the running app servers, for failure reports

# Counts the features of our data drawn on the map, by layer. Basemap features have no
# ``layer`` property; a MultiPoint event is exploded into one point per place by the app.
COUNT_JS = """
() => {
    const c = {};
    window.map.eachLayer(l => {
        const k = l.feature && l.feature.properties && l.feature.properties.layer;
        if (k) c[k] = (c[k] || 0) + 1;
    });
    return c;
}
"""

# Resolves (truthy) once the map exists and its counts have not changed for ``stableMs``.
STABLE_COUNTS_JS = """
([stableMs, allowEmpty]) => {
    if (!window.L || !window.map || !(window.map instanceof window.L.Map)) return false;
    const c = {};
    window.map.eachLayer(l => {
        const k = l.feature && l.feature.properties && l.feature.properties.layer;
        if (k) c[k] = (c[k] || 0) + 1;
    });
    const key = JSON.stringify(Object.keys(c).sort().map(k => [k, c[k]]));
    const now = performance.now();
    const s = window.__e2eStable || (window.__e2eStable = {});
    if (s.key !== key || s.map !== window.map) {
        s.key = key;
        s.map = window.map;
        s.since = now;
        return false;
    }
    if (!allowEmpty && Object.keys(c).length === 0) return false;
    return now - s.since >= stableMs ? {counts: c} : false;
}
"""

# Ids of the drawn features, by layer (an exploded MultiPoint repeats its id).
IDS_JS = """
() => {
    const out = {};
    window.map.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && p.layer) (out[p.layer] = out[p.layer] || []).push(p.id);
    });
    for (const k in out) out[k].sort();
    return out;
}
"""


def pytest_collection_modifyitems(config, items):
    """Mark every test of this folder ``browser``."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (``rep_setup``, ``rep_call``...) for fixtures."""
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


# ----------------------------------------------------------------------------- the server


def free_port() -> int:
    """A TCP port free right now on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Terminate the server's whole process group, then kill it if it lingers."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def start_app(extra_env: dict[str, str] | None = None) -> tuple[str, subprocess.Popen, Path]:
    """Start the app on a free port; return its base URL, the process and its log file.

    ``GEO_DATA_DIR`` is unset (the project's data/) unless ``extra_env`` sets it.
    Waits for ``/_stcore/health`` to answer 200; on failure stops the server and
    raises with its log.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "GEO_DATA_DIR"}
    env.update(extra_env or {})
    env["PYTHONUNBUFFERED"] = "1"
    log_path = Path(tempfile.mkstemp(prefix="streamlit-e2e-", suffix=".log")[1])
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, killed as a whole
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    problem = "timed out"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            problem = f"exited with code {proc.returncode}"
            break
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return base, proc, log_path
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        try:
            proc.wait(timeout=0.25)  # the pause between polls; returns early if the server dies
        except subprocess.TimeoutExpired:
            pass
    _stop(proc)
    log_text = log_path.read_text(errors="replace")
    raise RuntimeError(
        f"the app did not become healthy on {base} within {STARTUP_TIMEOUT_S} s "
        f"({problem}); server log:\n{log_text}"
    )


def server_log_tail(lines: int = 60) -> str:
    """The last lines of the log of every app server running now."""
    out = []
    for path in _SERVER_LOGS:
        try:
            text = path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            continue
        out.append(f"--- {path.name} ---\n" + "\n".join(text))
    return "\n".join(out) or "(no server log)"


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Base URL of the app, started once for the session with the project's data."""
    base, proc, log_path = start_app()
    _SERVER_LOGS.append(log_path)
    try:
        yield base
    finally:
        _stop(proc)
        _SERVER_LOGS.remove(log_path)
        log_path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by sync Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception:
        pw.stop()
        raise
    try:
        yield b
    finally:
        b.close()
        pw.stop()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ALWAYS_ALLOWED_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def _artifact_name(nodeid_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid_name).strip("_")[:150] or "test"


@pytest.fixture
def page(browser, request):
    """A fresh 1600x1000 page that may reach only the app; ``page.blocked`` lists the rest.

    On a failed test, a screenshot goes to test-artifacts/<test name>.png.
    """
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    blocked: list[str] = []

    def guard(route):
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.blocked = blocked
    try:
        yield pg
    finally:
        failed = any(
            getattr(request.node, f"rep_{when}", None) is not None
            and getattr(request.node, f"rep_{when}").failed
            for when in ("setup", "call")
        )
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            try:
                pg.screenshot(path=str(ARTIFACTS / f"{_artifact_name(request.node.name)}.png"))
            except Exception as exc:  # the screenshot must not hide the failure
                print(f"could not save the failure screenshot: {exc}")
            print(f"server log (tail):\n{server_log_tail()}")
        context.close()


# -------------------------------------------------------------------------------- the map


def map_frame(page, timeout: float = MAP_TIMEOUT_MS):
    """The streamlit-folium iframe's frame, once its Leaflet map exists.

    Fails at once, with the server log, if the page shows a Python exception instead.
    """
    try:
        handle = page.wait_for_selector(
            f"{MAP_IFRAME}, {EXCEPTION}", state="attached", timeout=timeout
        )
    except PlaywrightTimeout:
        shown = page.locator("body").inner_text()[:1500]
        pytest.fail(
            f"no map within {timeout / 1000:.0f} s; the page shows:\n{shown}\n"
            f"server log (tail):\n{server_log_tail()}"
        )
    if handle.get_attribute("data-testid") == "stException":
        pytest.fail(
            f"the page shows an exception instead of the map: {handle.inner_text()!r}\n"
            f"server log (tail):\n{server_log_tail()}"
        )
    frame = handle.content_frame()
    assert frame is not None, "the map iframe has no frame"
    frame.wait_for_function(
        "() => window.L && window.map && window.map instanceof window.L.Map", timeout=timeout
    )
    return frame


def wait_for_map(
    page, *, stable_ms: int = 1200, allow_empty: bool = False, timeout: float = MAP_TIMEOUT_MS
):
    """Wait for the map and for its feature counts to settle; return (frame, counts).

    Counts are by our ``layer`` property: ``{"hubs": 5, ...}``; a layer with no
    feature drawn has no key.
    """
    frame = map_frame(page, timeout=timeout)
    try:
        handle = frame.wait_for_function(
            STABLE_COUNTS_JS, arg=[stable_ms, allow_empty], timeout=timeout, polling=200
        )
    except PlaywrightTimeout:
        last = frame.evaluate("() => window.__e2eStable ? window.__e2eStable.key : null")
        pytest.fail(f"the map's features did not settle in {timeout / 1000:.0f} s; last: {last}")
    counts = handle.json_value()["counts"]
    return frame, counts


def drawn_ids(frame) -> dict[str, list[str]]:
    """Sorted ids of the features drawn on the map, by layer."""
    return frame.evaluate(IDS_JS)


def wait_until_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit is not running the script (no 'Running...' status)."""
    page.wait_for_function(
        """() => {
            const w = document.querySelector('[data-testid="stStatusWidget"]');
            return !w || !/running/i.test(w.innerText || '');
        }""",
        timeout=timeout,
    )
