"""Time to title and to map on a slow field link: 1 Mbit/s down, 300 ms latency (issue 26).

Chromium's own network emulation (DevTools ``Network.emulateNetworkConditions``) slows every
request of the page, of its same-origin frames (the map's) and its websocket: each visit opens
the overview in a page throttled before its first request. The clock starts at the
navigation (``performance.timeOrigin``) and stops when the front's quick map (deploy/quick.js)
has a feature drawn, when the page's title (its ``h1``) is on screen, then when the map in
the streamlit-folium frame has a feature drawn. A first visit
uses a fresh context (an empty cache); a repeat visit opens a second page in the same
context once the first has finished (its HTTP cache warm). Each kind runs ``runs`` times;
the median counts.
"""

from __future__ import annotations

import statistics
import time

from pageload import QUICK_JS, deadline, wait_for_map
from playwright.sync_api import Browser

DOWN_BITS, UP_BITS, LATENCY_MS = 1_000_000, 500_000, 300
TIMEOUT_S = 180
TITLE_JS = """() => { const h = document.querySelector('[data-testid="stMain"] h1');
  return h && h.getBoundingClientRect().height > 0 ? performance.timeOrigin + performance.now()
    : false; }"""

# Polled: the moment each of the quick map (QUICK_JS: a time, or null for none) and the
# title came, kept in the page until both are known.
FIRSTS_JS = """([quick, title]) => {
  const seen = window.__geoFirsts || (window.__geoFirsts = {});
  if (!('quick' in seen)) { const q = eval('(' + quick + ')')(); if (q !== false) seen.quick = q; }
  if (!('title' in seen)) { const t = eval('(' + title + ')')(); if (t) seen.title = t; }
  return 'quick' in seen && 'title' in seen ? seen : false;
}"""


def _throttle(page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": DOWN_BITS / 8,
            "uploadThroughput": UP_BITS / 8,
        },
    )


def visit(context, url: str) -> dict:
    """One throttled visit: seconds to the quick map, the title and the dashboard's map.

    Each is None if it did not come (the quick map: when the page has none).
    """
    page = context.new_page()
    _throttle(page)
    try:
        left = deadline(TIMEOUT_S)
        page.goto(url, wait_until="commit", timeout=left())
        start = page.evaluate("() => performance.timeOrigin")
        # The quick map and the title each at its own moment, whichever comes first.
        seen = page.wait_for_function(
            FIRSTS_JS, arg=[QUICK_JS, TITLE_JS], polling=50, timeout=left()
        ).json_value()
        drawn = wait_for_map(page, left)
        quick = seen["quick"]
        return {
            "quick": None if quick is None else (quick - start) / 1000,
            "title": (seen["title"] - start) / 1000,
            "map": (drawn - start) / 1000,
        }
    except Exception as exc:  # a visit that failed is reported, not fatal to the others
        error = " ".join(str(exc).split())[:160]
        return {"quick": None, "title": None, "map": None, "error": error}
    finally:
        page.close()


def visits(browser: Browser, url: str, runs: int = 3) -> dict[str, list[dict]]:
    """``runs`` first visits and as many repeat visits of ``url``, throttled."""
    out: dict[str, list[dict]] = {"first": [], "repeat": []}
    for _ in range(runs):
        # No request routing: Playwright's would turn the HTTP cache off, and a repeat visit
        # is about the cache. The browser reaches no other host (bench/wire.DEAD_PROXY).
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        try:
            out["first"].append(visit(context, url))
            time.sleep(1)
            out["repeat"].append(visit(context, url))
        finally:
            context.close()
    return out


def median(results: list[dict], key: str) -> float | None:
    """The median of ``key`` over the visits that reached it."""
    values = [r[key] for r in results if r.get(key) is not None]
    return statistics.median(values) if values else None
