"""Fixtures of the end-to-end browser tests: the app server, headless Chromium, the map.

Every test in this folder is marked ``browser`` (``pytest -m "not browser"`` skips them).
The page fixture lets the browser reach only the app itself: a request to any other host
is aborted and recorded in ``page.blocked``, which each test asserts is empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools import appserver
from devtools.appserver import AppServer
from devtools.chromium import local_only

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture skips every test then
    PlaywrightTimeout = PlaywrightError = TimeoutError

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "test-artifacts"
VIEWPORT = {"width": 1600, "height": 1000}
STARTUP_TIMEOUT_S = 60
MAP_TIMEOUT_MS = 90_000  # a map takes a few seconds on a small machine, far more under load
MAP_IFRAME = 'iframe[src*="streamlit_folium"]'
EXCEPTION = '[data-testid="stException"]'
_SERVER_LOGS: list[Path] = []  # logs of the running app servers, for failure reports

# Every layer of ours on a map (it has a ``layer`` property), activities grouped in a
# cluster included: ``features(map)`` in the page's JavaScript.
FEATURES_FN = """
function features(m) {
    const seen = new Set(), out = [];
    const visit = l => {
        const p = l.feature && l.feature.properties;
        if (p && p.layer && !seen.has(l)) { seen.add(l); out.push(l); }
    };
    m.eachLayer(l => {
        if (window.L.MarkerClusterGroup && l instanceof window.L.MarkerClusterGroup) {
            l.getLayers().forEach(visit);
        } else {
            visit(l);
        }
    });
    return out;
}
"""

# Counts the features of our data on the map, by layer. Basemap features have no
# ``layer`` property; a MultiPoint event is one point per place.
COUNTS_FN = (
    FEATURES_FN
    + """
function counts(m) {
    const c = {};
    features(m).forEach(l => {
        const k = l.feature.properties.layer;
        c[k] = (c[k] || 0) + 1;
    });
    return c;
}
"""
)
COUNT_JS = "() => {" + COUNTS_FN + "return counts(window.map); }"

# Resolves (truthy) once the map exists and its counts have not changed for ``stableMs``.
STABLE_COUNTS_JS = (
    "([stableMs, allowEmpty]) => {"
    + COUNTS_FN
    + """
    if (!window.L || !window.map || !(window.map instanceof window.L.Map)) return false;
    const c = counts(window.map);
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
}"""
)

# Ids of the features on the map, by layer (an exploded MultiPoint repeats its id).
IDS_JS = (
    "() => {"
    + FEATURES_FN
    + """
    const out = {};
    features(window.map).forEach(l => {
        const p = l.feature.properties;
        (out[p.layer] = out[p.layer] || []).push(p.id);
    });
    for (const k in out) out[k].sort();
    return out;
}"""
)


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


def start_app(extra_env: dict[str, str] | None = None) -> AppServer:
    """Start the app on a free port with the project's data unless ``extra_env`` says else."""
    server = appserver.start_app(env=extra_env, timeout=STARTUP_TIMEOUT_S)
    _SERVER_LOGS.append(server.log)
    return server


def stop_app(server: AppServer) -> None:
    """Stop a server started by :func:`start_app` and drop its log."""
    server.stop()
    if server.log in _SERVER_LOGS:
        _SERVER_LOGS.remove(server.log)
    server.log.unlink(missing_ok=True)


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
    server = start_app()
    try:
        yield server.url
    finally:
        stop_app(server)


def _artifact_name(nodeid_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid_name).strip("_")[:150] or "test"


@pytest.fixture
def page(browser, request):
    """A fresh 1600x1000 page that may reach only the app; ``page.blocked`` lists the rest.

    On a failed test, a screenshot goes to test-artifacts/<test name>.png.
    """
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    blocked = local_only(context)
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
    for _ in range(50):  # a rerun may replace the iframe just found: take the new one
        if frame is not None and not frame.is_detached():
            try:
                frame.wait_for_function(
                    "() => window.L && window.map && window.map instanceof window.L.Map",
                    timeout=timeout,
                )
                return frame
            except PlaywrightError:
                if not frame.is_detached():
                    raise
        page.wait_for_timeout(200)
        handle = page.locator(MAP_IFRAME).first.element_handle(timeout=timeout)
        frame = handle.content_frame()
    pytest.fail("the map iframe kept being replaced")


def wait_for_map(
    page, *, stable_ms: int = 1200, allow_empty: bool = False, timeout: float = MAP_TIMEOUT_MS
):
    """Wait for the map and for its feature counts to settle; return (frame, counts).

    Counts are by our ``layer`` property: ``{"hubs": 5, ...}``; a layer with no
    feature drawn has no key.
    """
    for _ in range(10):  # a rerun may replace the map's iframe while it settles
        frame = map_frame(page, timeout=timeout)
        try:
            handle = frame.wait_for_function(
                STABLE_COUNTS_JS, arg=[stable_ms, allow_empty], timeout=timeout, polling=200
            )
            return frame, handle.json_value()["counts"]
        except PlaywrightTimeout:
            last = frame.evaluate("() => window.__e2eStable ? window.__e2eStable.key : null")
            pytest.fail(
                f"the map's features did not settle in {timeout / 1000:.0f} s; last: {last}"
            )
        except PlaywrightError:
            if not frame.is_detached():
                raise
    pytest.fail("the map iframe kept being replaced")


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
