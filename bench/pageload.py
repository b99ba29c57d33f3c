"""Open a page of the app in Chromium and wait for its map: shared by the benchmark's measures."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NON_LOCAL = re.compile(r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost|\[::1\])[:/]).*")
MAP_IFRAME = 'iframe[src*="streamlit_folium"]'
EXCEPTION = '[data-testid="stException"]'
# The epoch time (ms) at which the frame holds a Leaflet map with a feature, else false.
DRAWN_JS = """() => {
  const m = window.map;
  if (!window.L || !(m instanceof window.L.Map) || !window.__GLOBAL_DATA__) return false;
  for (const k in m._layers)
    if (m._layers[k].feature) return performance.timeOrigin + performance.now();
  return false;
}"""
# The quick map the front shows first (deploy/quick.js): the epoch time (ms) at which its
# frame holds a Leaflet map with a feature; null when the page has no quick map; else false.
QUICK_JS = """() => {
  const cover = document.getElementById('geo-quick');
  if (!cover) return document.readyState === 'loading' ? false : null;
  const w = cover.querySelector('iframe').contentWindow;
  if (!w || !w.L) return false;
  for (const k of Object.keys(w)) {
    const m = w[k];
    if (k.startsWith('map_') && m instanceof w.L.Map)
      for (const l in m._layers)
        if (m._layers[l].feature) return performance.timeOrigin + performance.now();
  }
  return false;
}"""
IDLE_JS = """() => { const w = document.querySelector('[data-testid="stStatusWidget"]');
  return !w || !/running/i.test(w.innerText || ''); }"""


def wait_for_map(page: Page, left: Callable[[], float]) -> float:
    """Wait until the page shows a drawn map; return that moment (epoch ms, browser clock).

    ``left()`` gives the milliseconds still allowed. Raises ``PlaywrightError`` when the
    page shows a Streamlit exception, ``PlaywrightTimeout`` when no map comes in time.
    """
    frame = page.wait_for_selector(f"{MAP_IFRAME}, {EXCEPTION}", state="attached", timeout=left())
    if frame.get_attribute("data-testid") == "stException":
        raise PlaywrightError("the page shows an exception")
    drawn = frame.content_frame().wait_for_function(DRAWN_JS, polling=50, timeout=left())
    return drawn.json_value()


def wait_for_quick_map(page: Page, left: Callable[[], float]) -> float | None:
    """Wait until the front's quick map is drawn; that moment (epoch ms), or None if none.

    A page with no quick map (``make run``, a view with filters, a server that has not
    written it yet) returns None at once; so does one whose quick map gave way already.
    """
    found = page.wait_for_function(
        f"() => {{ const t = ({QUICK_JS})(); return t === false ? false : {{ t }}; }}",
        polling=50,
        timeout=left(),
    ).json_value()
    return found["t"]


def settle(page: Page) -> str:
    """Let a rerun the component may ask for happen, then wait until Streamlit is idle.

    Returns ``"ok"``, or what went wrong.
    """
    page.wait_for_timeout(1000)
    try:
        page.wait_for_function(IDLE_JS, polling=200, timeout=30_000)
    except PlaywrightTimeout:
        return "page still running 30 s after the map"
    page.wait_for_timeout(500)
    return "ok"


def deadline(timeout_s: float) -> Callable[[], float]:
    """A ``left()`` for :func:`wait_for_map`: milliseconds until ``timeout_s`` from now."""
    end = time.monotonic() + timeout_s
    return lambda: max(1.0, end - time.monotonic()) * 1000


def code_version(root: Path = ROOT) -> str:
    """The commit measured, with ``+changes`` when the working tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+changes" if dirty else "")
