"""Presenter step time: from a click on Next until the map shows the next activity.

The clock starts at the click event (its ``timeStamp`` in the page) and stops at the first
moment the map showed the view it then keeps: a Leaflet map in the streamlit-folium frame,
with features, whose centre or zoom differs from the one before the click and stays the same
for :data:`STABLE_MS` (so a map that flies there counts when it arrives). It does not matter
whether the component rebuilt its iframe, rebuilt the map in it, or moved the same map: the
page polls whatever map the frame holds every 10 ms. A step whose activity has no stated
place (or sits where the last one was) does not move the map: it is counted apart.

A filter change (a layer chip in the sidebar, on the overview; a project chosen in the
sidebar, one more each time) is timed the same way for comparison, until a map with a
different set of layers is drawn.
"""

from __future__ import annotations

import statistics

from pageload import MAP_IFRAME, NON_LOCAL, deadline, settle, wait_for_map
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeout

STABLE_MS = 250
NO_MOVE_MS = 6000  # an idle page that kept its view this long after a click: a step in place
NEXT = ".st-key-present_next button"
LAYER_CHIP = ".st-key-w_layers button"
PROJECTS = ".st-key-w_projects"
SKIP = {"Select all", "No results"}  # Streamlit's own lines in a multiselect's list
# Installs window.__bench in the top page: arm(kind) then a click; result when done.
WATCH_JS = """([iframeSel, stableMs, noMoveMs]) => {
  const sig = () => {
    const f = document.querySelector(iframeSel);
    let w, m;
    try { w = f && f.contentWindow; m = w && w.map; } catch (e) { return null; }
    if (!w || !w.L || !m || !(m instanceof w.L.Map) || !m._loaded) return null;
    let layers = 0, features = 0;
    for (const k in m._layers) { layers++; if (m._layers[k].feature) features++; }
    if (!features) return null;
    const c = m.getCenter();
    const moving = !!(m._animatingZoom || (m._panAnim && m._panAnim._inProgress));
    // A year's step moves no view: the year the map shows (years.js) is part of it.
    const badge = f.contentDocument.querySelector('.geo-year-badge');
    const year = badge && badge.style.display !== 'none' ? badge.textContent : '';
    return {view: `${c.lat.toFixed(4)},${c.lng.toFixed(4)},${m.getZoom()},${year}`,
            layers: `${layers}/${features}`, moving, map: m};
  };
  const idle = () => { const s = document.querySelector('[data-testid="stStatusWidget"]');
    return !s || !/running/i.test(s.innerText || ''); };
  const b = window.__bench = {result: null};
  b.arm = (kind) => {
    const before = sig();
    b.result = null; b.t0 = null;
    let last = null, since = 0;
    window.addEventListener('click', (e) => { b.t0 = e.timeStamp; }, {capture: true, once: true});
    const changed = (s) => kind === 'step' ? s.view !== before.view
      : s.map !== before.map || s.layers !== before.layers;
    const tick = () => {
      const now = performance.now(), s = sig();
      if (b.t0 === null) return setTimeout(tick, 10);
      if (s && !s.moving && changed(s)) {
        const key = s.view + '|' + s.layers;
        if (key !== last || s.map !== b.map) { last = key; since = now; b.map = s.map; }
        else if (now - since >= stableMs) {
          b.result = {moved: true, ms: since - b.t0}; return;
        }
      } else {
        last = null;
        if (now - b.t0 > noMoveMs && idle() && s && !changed(s)) {
          b.result = {moved: false, ms: now - b.t0}; return;
        }
      }
      setTimeout(tick, 10);
    };
    setTimeout(tick, 0);
    return before && before.view;
  };
}"""


def _timed_click(page, locator, kind: str, timeout_s: float) -> dict:
    """Arm the watcher, click ``locator``, wait for the map; ``{moved, ms}`` or a timeout."""
    page.evaluate("(k) => window.__bench.arm(k)", kind)
    locator.click()
    try:
        done = page.wait_for_function("window.__bench.result", polling=50, timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        return {"moved": False, "ms": None}
    result = done.json_value()
    settle(page)
    return result


def _summary(name: str, results: list[dict]) -> dict:
    """Best and median of the changes that moved the map, and how many did not."""
    times = [r["ms"] / 1000 for r in results if r["moved"] and r["ms"] is not None]
    return {
        "measure": name,
        "n": len(times),
        "best": min(times) if times else None,
        "median": statistics.median(times) if times else None,
        "all": times,
        "in_place": sum(1 for r in results if not r["moved"] and r["ms"] is not None),
        "timeouts": sum(1 for r in results if r["ms"] is None),
    }


def _project_choices(page, url: str, timeout_s: float, rounds: int = 3) -> list[dict]:
    """Choose two projects one after the other in the sidebar, ``rounds`` times.

    Each from a fresh overview, timed from the click on its option until the map is
    redrawn. Two, not all: every project chosen is the same view as none (the filter drops it).
    """
    results = []
    for _ in range(rounds):
        page.goto(url, wait_until="commit")
        wait_for_map(page, deadline(timeout_s))
        settle(page)
        page.evaluate(WATCH_JS, [MAP_IFRAME, STABLE_MS, NO_MOVE_MS])
        for _ in range(2):
            page.locator(PROJECTS).get_by_role("combobox").click()
            page.get_by_role("option").first.wait_for(timeout=timeout_s * 1000)
            # A project by its name: not Streamlit's "Select all" (the same view as none).
            names = [n for n in page.get_by_role("option").all_inner_texts() if n not in SKIP]
            option = page.get_by_role("option", name=names[0], exact=True)
            results.append(_timed_click(page, option, "filter", timeout_s))
            page.keyboard.press("Escape")
    return results


# In the map's own page: from a click on Play's "next year" until the frame after the map
# shows it (GeoMap.year fires geoyear when done); a list of ms, one per year.
PLAY_JS = """async (steps) => {
  const map = window.map, out = [];
  const forward = document.querySelector('.geo-play-forward');
  for (let i = 0; i < steps; i++) {
    const done = new Promise((resolve) => {
      let t0 = null;
      window.addEventListener('click', (e) => { t0 = e.timeStamp; }, {capture: true, once: true});
      map.once('geoyear', () => requestAnimationFrame(() => resolve(performance.now() - t0)));
    });
    forward.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
    out.push(await done);
    await new Promise((r) => setTimeout(r, 100));
  }
  return out;
}"""


def play_times(browser: Browser, base_url: str, timeout_s: float = 60) -> list[float]:
    """Seconds from a click on Play's next year until the map showed it, for every year."""
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    ctx.route(NON_LOCAL, lambda route: route.abort())
    page = ctx.new_page()
    try:
        page.goto(f"{base_url}/", wait_until="commit")
        wait_for_map(page, deadline(timeout_s))
        settle(page)
        frame = page.frame_locator(MAP_IFRAME).locator(".geo-play-forward")
        frame.wait_for(timeout=timeout_s * 1000)
        years = frame.evaluate("(el) => window.map._geoYears.states.years.length")
        ms = frame.evaluate(f"(el) => ({PLAY_JS})({years})")
        return [x / 1000 for x in ms]
    finally:
        ctx.close()


def step_times(
    browser: Browser, base_url: str, presses: int = 8, timeout_s: float = 60, years_url: str = ""
) -> list:
    """Time ``presses`` Next clicks in presenter mode and 4 layer-chip changes on the overview.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        Headless Chromium.
    base_url : str
        The app, e.g. ``http://127.0.0.1:8501`` (already warm: its data loaded).
    presses : int
        Next clicks, from the opening step on (fewer if the walk ends first).
    timeout_s : float
        Longest wait for the page's first map and for each change.

    Returns
    -------
    list of dict
        One summary per measure: ``measure``, ``n`` (changes that moved the map), ``best``
        and ``median`` (s, None if none), ``all``, ``in_place`` (steps that kept the view),
        ``timeouts``.
    """
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    ctx.route(NON_LOCAL, lambda route: route.abort())
    page = ctx.new_page()
    try:
        out = []
        measures = [
            (f"{base_url}/?present=1", "step", lambda: [page.locator(NEXT)] * presses),
            (f"{base_url}/", "filter", lambda: [page.locator(LAYER_CHIP).last] * 4),
        ]
        if years_url:  # a briefing of year steps: Next from one year to the next
            measures.append((years_url, "year", lambda: [page.locator(NEXT)] * presses))
        names = {
            "step": "Next: map moved",
            "filter": "layer chip: map redrawn",
            "year": "Next, a briefing's year step: map shows the year",
        }
        for url, kind, clicks in measures:
            page.goto(url, wait_until="commit")
            wait_for_map(page, deadline(timeout_s))
            settle(page)
            page.evaluate(WATCH_JS, [MAP_IFRAME, STABLE_MS, NO_MOVE_MS])
            results = []
            for target in clicks():
                if target.is_disabled():
                    break
                watched = "filter" if kind == "filter" else "step"
                results.append(_timed_click(page, target, watched, timeout_s))
            out.append(_summary(names[kind], results))
        choices = _project_choices(page, f"{base_url}/", timeout_s)
        out.append(_summary("project chosen: map redrawn", choices))
        return out
    finally:
        ctx.close()
