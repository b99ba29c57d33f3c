"""Helpers of the browser and cluster tests: app servers with their logs, and waits on the map.

Every wait is on a condition (the map exists, Streamlit is idle, the map's features have
stopped changing for a moment), never a fixed sleep.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from devtools import appserver
from devtools.appserver import AppServer
from tests import ROOT

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture skips every test then
    PlaywrightTimeout = PlaywrightError = TimeoutError

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
# Each hub drawn: its id, where it is in the map and the radius of its dot, in pixels.
HUBS_JS = (
    "() => {"
    + FEATURES_FN
    + """
    return features(window.map).filter(l => l.feature.properties.layer === 'hubs').map(l => {
        const p = window.map.latLngToContainerPoint(l.getLatLng());
        return {id: l.feature.properties.id, x: p.x, y: p.y, r: l.getRadius() + 1};
    });
}"""
)


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

# Resolves (truthy) once the map's script has run to its end and ``GeoMap.view`` has framed
# it under Leaflet's stylesheet (``_geoFramed``: a loaded machine may apply the stylesheet
# seconds later and frame the map again), and its counts have not changed for ``stableMs``.
STABLE_COUNTS_JS = (
    "([stableMs, allowEmpty]) => {"
    + COUNTS_FN
    + """
    if (!window.L || !window.map || !(window.map instanceof window.L.Map)) return false;
    if (!window.map._geoHome || window.map._geoFramed === false) return false;
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


# ----------------------------------------------------------------------------- the server


def start_app(extra_env: dict[str, str] | None = None, script: Path | None = None) -> AppServer:
    """Start the app on a free port with the project's data unless ``extra_env`` says else.

    ``script``: the app's ``app.py`` in another folder (a copy with a static folder of its own).
    """
    server = appserver.start_app(
        script or ROOT / "app.py", env=extra_env, timeout=STARTUP_TIMEOUT_S
    )
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


# -------------------------------------------------------------------------------- the map


MAP_READY_JS = "() => !!(window.L && window.map && window.map instanceof window.L.Map)"


def map_frame(page, timeout: float = MAP_TIMEOUT_MS):
    """The streamlit-folium frame whose Leaflet map exists (the newest, when a rerun left two).

    Every map frame of the page is asked, not the first one found: a rerun may replace the
    iframe, or leave a stale one beside the new one for a moment. Fails at once, with the
    server log, if the page shows a Python exception instead.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        error = page.locator(EXCEPTION)
        if error.count():
            pytest.fail(
                f"the page shows an exception instead of the map: {error.first.inner_text()!r}\n"
                f"server log (tail):\n{server_log_tail()}"
            )
        for frame in reversed(page.frames):
            if "streamlit_folium" not in frame.url or frame.is_detached():
                continue
            try:
                if frame.evaluate(MAP_READY_JS):
                    return frame
            except PlaywrightError:  # replaced while asked: the next pass finds the new one
                continue
        if time.monotonic() > deadline:
            shown = page.locator("body").inner_text()[:1500]
            pytest.fail(
                f"no map within {timeout / 1000:.0f} s; the page shows:\n{shown}\n"
                f"server log (tail):\n{server_log_tail()}"
            )
        page.wait_for_timeout(100)  # lets the page run between two looks


def wait_for_map(
    page, *, stable_ms: int = 300, allow_empty: bool = False, timeout: float = MAP_TIMEOUT_MS
):
    """Wait for the map and for its feature counts to settle; return (frame, counts).

    Settled: Streamlit has finished its run, the map's script has run to its end, and its
    counts have not changed for ``stable_ms`` (the moment a finished run's map takes to
    reach the frame). Counts are by our ``layer`` property: ``{"hubs": 5, ...}``; a layer
    with no feature drawn has no key.
    """
    for _ in range(10):  # a rerun may replace the map's iframe while it settles
        frame = map_frame(page, timeout=timeout)
        try:
            wait_until_idle(page, timeout=timeout)
            handle = frame.wait_for_function(
                STABLE_COUNTS_JS, arg=[stable_ms, allow_empty], timeout=timeout, polling=100
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


# The map at rest: no zoom or pan under way, and every marker, group and popup where it was
# ``stableMs`` ago (a loaded machine finishes a zoom's re-grouping later than a quiet one).
STILL_JS = """(stableMs) => {
    const m = window.map;
    if (!m || m._geoFramed === false) return false; // its opening frame still to come
    if (m._animatingZoom || (m._panAnim && m._panAnim._inProgress)) return false;
    // Leaflet.markercluster parting or joining its groups after a zoom (its own animation).
    if (m.getPane('mapPane').classList.contains('leaflet-cluster-anim')) return false;
    const boxes = [...document.querySelectorAll('.leaflet-marker-icon, .leaflet-popup')]
        .map(e => { const r = e.getBoundingClientRect(); return [r.left | 0, r.top | 0, r.width | 0].join(':'); });
    const key = [m.getZoom(), m.getCenter().lat, m.getCenter().lng].join() + '|' + boxes.join();
    const now = performance.now(), s = window.__still;
    if (!s || s.key !== key) { window.__still = {key, since: now, polls: 0}; return false; }
    // Time alone is not enough: a page starved of CPU runs no poll while a long task (a
    // cluster's redraw) is under way, and the next poll would find the time passed.
    s.polls += 1;
    return now - s.since >= stableMs && s.polls >= 3;
}"""


def wait_still(frame, stable_ms: int = 300) -> None:
    """Wait until the map is at rest after a click (see ``STILL_JS``)."""
    frame.evaluate("() => { window.__still = null; }")
    frame.wait_for_function(STILL_JS, arg=stable_ms, polling=100, timeout=MAP_TIMEOUT_MS)


def open_page(page, url: str, with_map: bool = False) -> None:
    """Open ``url`` and wait until its page is drawn (its h1, or Python's exception, which
    fails the test with its text), its map too when ``with_map``, and Streamlit is idle."""
    page.goto(url)
    page.wait_for_selector(f"[data-testid='stMain'] h1, {EXCEPTION}", timeout=60_000)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    if with_map:
        wait_for_map(page)
    wait_until_idle(page, timeout=60_000)


def click_in_map(page, x: float, y: float) -> None:
    """Click at (x, y) of the map's frame, as a mouse would (scrolled into view first).

    The frame is clicked once it holds still on the page: a scroll still under way, or a
    rerun that moves the page, would otherwise send the click elsewhere (a country instead
    of the group on it).
    """
    frame = page.locator(MAP_IFRAME)
    frame.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = frame.bounding_box()
    for _ in range(50):
        page.wait_for_timeout(50)
        again = frame.bounding_box()
        if again == box:
            break
        box = again
    page.mouse.click(box["x"] + x, box["y"] + y)


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
