"""Benchmark the overview map against a naive folium page, and with many synthetic events.

Usage: ``.venv/bin/python bench/benchmark.py [--runs 3] [--sizes 1000,5000] [--quick]``.

Each page is a real ``streamlit run`` server on 127.0.0.1 loaded in headless Chromium.
Time to map: navigation start to a Leaflet map with a feature in the streamlit-folium
frame, best of N fresh browser contexts after a warm-up load. Bytes: websocket frames
received (decoded) plus the map frame's HTTP requests (``encodedDataLength``). Requests
to other hosts are blocked and counted. Writes the table to ``bench/results.md``.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "bench"
sys.path.insert(0, str(ROOT))
from devtools import appserver  # noqa: E402
from devtools.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from devtools.synthetic import synth_events  # noqa: E402
from geo.data.schema import SPECS  # noqa: E402
from geo.render.assets import publish_leaflet  # noqa: E402

NON_LOCAL = re.compile(r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost|\[::1\])[:/]).*")
MAP_IFRAME = 'iframe[src*="streamlit_folium"]'
EXCEPTION = '[data-testid="stException"]'
OK_S, BIG_N = 60, 100_000  # a page works if its map is drawn within OK_S
HEAD = "page|events|time to map (s)|websocket KB|map requests KB|total KB|blocked|status"
# The epoch time (ms) at which the frame holds a Leaflet map with a feature, else false.
DRAWN_JS = """() => {
  const m = window.map;
  if (!window.L || !(m instanceof window.L.Map) || !window.__GLOBAL_DATA__) return false;
  for (const k in m._layers)
    if (m._layers[k].feature) return performance.timeOrigin + performance.now();
  return false;
}"""
IDLE_JS = """() => { const w = document.querySelector('[data-testid="stStatusWidget"]');
  return !w || !/running/i.test(w.innerText || ''); }"""


def _load(browser, url: str, timeout_s: float) -> dict:
    """Load ``url`` once in a fresh context; return time to map, bytes and status."""
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
    blocked: list[str] = []
    ctx.route(NON_LOCAL, lambda route: (blocked.append(route.request.url), route.abort()))
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    ws, reqs, sizes = [0], {}, {}

    def on_frame(e):
        r = e["response"]
        data = r["payloadData"]
        ws[0] += len(base64.b64decode(data)) if r["opcode"] == 2 else len(data.encode())

    def on_request(e):
        reqs[e["requestId"]] = (e["request"]["url"], e.get("frameId"), e.get("type"))

    cdp.on("Network.webSocketFrameReceived", on_frame)
    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on(
        "Network.loadingFinished", lambda e: sizes.update({e["requestId"]: e["encodedDataLength"]})
    )
    cdp.send("Network.enable")
    out = {"time": None, "status": "ok"}
    deadline = time.monotonic() + timeout_s
    left = lambda: max(1.0, deadline - time.monotonic()) * 1000  # noqa: E731
    try:
        page.goto(url, wait_until="commit", timeout=left())
        start = page.evaluate("performance.timeOrigin")
        frame = page.wait_for_selector(
            f"{MAP_IFRAME}, {EXCEPTION}", state="attached", timeout=left()
        )
        if frame.get_attribute("data-testid") == "stException":
            raise PlaywrightError("the page shows an exception")
        drawn = frame.content_frame().wait_for_function(DRAWN_JS, polling=50, timeout=left())
        out["time"] = (drawn.json_value() - start) / 1000
        page.wait_for_timeout(1000)  # a rerun the component may ask for, then idle
        try:
            page.wait_for_function(IDLE_JS, polling=200, timeout=30_000)
        except PlaywrightTimeout:
            out["status"] = "page still running 30 s after the map"
        page.wait_for_timeout(500)
    except PlaywrightTimeout:
        out["status"] = f"no map within {timeout_s:.0f} s"
    except PlaywrightError as exc:
        out["status"] = f"error: {str(exc)[:80]}"
    if page.locator(EXCEPTION).count():
        out["status"] = "exception: " + " ".join(page.locator(EXCEPTION).first.inner_text().split())
    frames = {f for u, f, t in reqs.values() if t == "Document" and "streamlit_folium" in u}
    is_map = {r for r, (u, f, _) in reqs.items() if f in frames or "/app/static/" in u}
    out["ws"], out["map_http"] = ws[0], sum(sizes.get(r, 0) for r in is_map)
    out["other_http"], out["blocked"] = sum(sizes.values()) - out["map_http"], len(blocked)
    ctx.close()
    return out


def measure(browser, url: str, runs: int, timeout_s: float, warm_s: float) -> dict:
    """Warm up once, then load ``runs`` times; keep the fastest load that drew the map.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        Headless Chromium.
    url : str
        The page.
    runs : int
        Measured loads, each in a fresh context; stops at the first that fails.
    timeout_s, warm_s : float
        Longest wait for a measured load, and for the warm-up (which loads the data).

    Returns
    -------
    dict
        ``time`` (s, None if not drawn), ``cold`` (warm-up time), ``ws``, ``map_http``,
        ``other_http`` (bytes), ``blocked`` (all loads), ``status`` (first not ok).
    """
    warm = _load(browser, url, warm_s)
    if warm["time"] is None:
        return {**warm, "cold": None, "status": "warm-up " + warm["status"]}
    done = [_load(browser, url, timeout_s)]
    while len(done) < runs and done[-1]["time"] is not None:
        done.append(_load(browser, url, timeout_s))
    drawn = [r for r in done if r["time"] is not None]
    best = min(drawn, key=lambda r: r["time"]) if drawn else done[0]
    bad = [r["status"] for r in [warm, *done] if r["status"] != "ok"]
    if best["time"] and best["time"] > OK_S:
        bad.append(f"slow: map after more than {OK_S} s")
    blocked = sum(r["blocked"] for r in [warm, *done])
    return {**best, "cold": warm["time"], "status": (bad or ["ok"])[0], "blocked": blocked}


def _validate(folder: Path) -> tuple[float, str]:
    """Run ``python -m geo validate --data-dir folder``; its time and a one-line result."""
    t0, cmd = time.monotonic(), [sys.executable, "-m", "geo", "validate", "--data-dir"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [*cmd, str(folder)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
        )
    except subprocess.TimeoutExpired:
        return time.monotonic() - t0, "timed out after 900 s"
    lines = (done.stdout + done.stderr).strip().splitlines() or [""]
    return time.monotonic() - t0, f"exit {done.returncode}: {lines[-1][:120]}"


def _table(rows: list[dict], markdown: bool) -> list[str]:
    """The result table, as aligned text or as Markdown."""
    head, kb = HEAD.split("|"), lambda b: f"{b / 1024:,.0f}"
    body = [
        [r["page"], r["events"], "-" if r["time"] is None else f"{r['time']:.2f}"]
        + [kb(r["ws"]), kb(r["map_http"]), kb(r["ws"] + r["map_http"])]
        + [str(r["blocked"]), r["status"].replace("|", "/")[:100]]
        for r in rows
    ]
    if markdown:
        return [f"| {' | '.join(x)} |" for x in [head, ["---"] * len(head), *body]]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]
    return ["  ".join(c.ljust(w) for c, w in zip(x, widths, strict=True)) for x in [head, *body]]


def _notes(rows: list[dict]) -> list[str]:
    """The ratios; per page its bytes over the shipped-data page and its data files."""
    tot = [r["ws"] + r["map_http"] for r in rows]
    both = rows[0]["time"] and rows[1]["time"]
    speed = f"{rows[0]['time'] / rows[1]['time']:.2f}" if both else "-"
    notes = [f"ours/naive: bytes {tot[0] / max(1, tot[1]):.2f}, time to map {speed}"]
    for r, t in zip(rows, tot, strict=True):
        cold = "-" if r["cold"] is None else f"{r['cold']:.1f} s"
        notes.append(
            f"{r['page']} {r['events']} events: total bytes / ours with the shipped data "
            f"{t / max(1, tot[0]):.1f}, / its data files {t / r['data']:.2f}; cold load "
            f"{cold}; Streamlit's own page (HTTP, not above) {r['other_http'] / 1024:,.0f} KB"
        )
    return notes


def main() -> None:
    """Run the whole benchmark; print the table and write ``bench/results.md``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1000,5000,20000,100000")
    ap.add_argument("--quick", action="store_true", help="sizes 1000,20000 and 2 runs")
    args = ap.parse_args()
    runs, sizes = args.runs, [int(s) for s in args.sizes.split(",") if s]
    if args.quick:
        runs, sizes = 2, [1000, 20000]
    t0, rows, checks = time.monotonic(), [], ["| events | validate (s) | result |", "|---|---|---|"]
    tmp = Path(tempfile.mkdtemp(prefix="geo-bench-"))
    shutil.copy(HERE / "naive_app.py", tmp / "naive_app.py")
    publish_leaflet(tmp / "static")
    n_real = len(json.loads((ROOT / "data/events.geojson").read_text())["features"])
    pages = [("ours", ROOT / "app.py", {}, ROOT / "data", n_real)]
    pages.append(("naive", tmp / "naive_app.py", {}, ROOT / "data", n_real))
    for n in sizes:
        folder = synth_events(n, ROOT / "data", tmp / f"data-{n}")
        secs, result = _validate(folder)
        checks.append(f"| {n:,} | {secs:.1f} | {result.replace('|', '/')} |")
        print(f"validate {n:,} events: {secs:.1f} s, {result}", flush=True)
        pages.append(("ours", ROOT / "app.py", {"GEO_DATA_DIR": str(folder)}, folder, n))
    pw, proc = sync_playwright().start(), None
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, script, env, folder, n in pages:
            log = tmp / f"server-{name}-{n}.log"
            proc = None
            try:
                server = appserver.start_app(script, env, log=log)
                proc, url = server.proc, server.url
                big = n >= BIG_N
                res = measure(browser, url, runs, 180 if big else OK_S, 360 if big else 180)
            except RuntimeError as exc:
                res = dict(time=None, cold=None, ws=0, map_http=0, other_http=0, blocked=0)
                res["status"] = f"server: {exc}"
            errors = re.findall(r"^\w*(?:Error|Exception)\b.*$", log.read_text(), re.M)
            if "exception" in res["status"] and errors:  # the server's words, not redacted
                res["status"] = res["status"].split("exception")[0] + f"exception: {errors[-1]}"
            if proc is not None and proc.poll() is not None:
                res["status"] = f"server crashed (exit {proc.returncode}); {res['status']}"
            if proc is not None:
                appserver.stop_process(proc)
            rows.append({**res, "page": name, "events": f"{n:,}", "data": 0})
            rows[-1]["data"] = sum((folder / s.filename).stat().st_size for s in SPECS.values())
            print(_table(rows[-1:], False)[1], flush=True)
    finally:
        if proc is not None:
            appserver.stop_process(proc)
        pw.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    elapsed, notes = (time.monotonic() - t0) / 60, _notes(rows)
    print("\n" + "\n".join(_table(rows, False)) + "\n\n" + "\n".join(notes))
    print(f"benchmark took {elapsed:.1f} min")
    cpu = [ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if "model name" in ln]
    md = [
        f"# Map benchmark\n\n- date: {datetime.now():%Y-%m-%d %H:%M}",
        f"- machine: nproc {len(os.sched_getaffinity(0))}, {(cpu or ['unknown CPU'])[0]}",
        f"- command: `{' '.join([Path(sys.executable).name, *sys.argv])}`",
        f"- best of {runs} loads after a warm-up; the benchmark took {elapsed:.1f} min\n",
    ]
    md += [*_table(rows, True), "", *[f"- {x}" for x in notes], "", *checks]
    (HERE / "results.md").write_text("\n".join(md) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
