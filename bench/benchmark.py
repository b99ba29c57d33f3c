"""Benchmark the overview map, the bytes a visit costs on the wire, and presenter steps.

Usage: ``.venv/bin/python bench/benchmark.py [--only maps,wire,presenter,store] [--runs 3]
[--sizes 1000,5000] [--quick] [--presses 8] [--app-at COMMIT] [--label before]``.

Each page is a real ``streamlit run`` server on 127.0.0.1 loaded in headless Chromium.

- ``maps``: our overview against a naive folium page, and with many synthetic events. Time
  to map: navigation start to a Leaflet map with a feature in the streamlit-folium frame,
  best of N fresh browser contexts after a warm-up load. Bytes: websocket frames received
  (decoded) plus the map frame's HTTP requests (``encodedDataLength``). Requests to other
  hosts are blocked and counted.
- ``wire``: bytes on the wire for a first and a repeat visit of the overview, counted by a
  TCP proxy, for Streamlit alone (as before and as configured) and behind HAProxy with
  ``deploy/haproxy.cfg`` (see ``bench/wire.py``).
- ``presenter``: time from a click on Next in presenter mode until the map has moved, and
  from a layer change until the map is redrawn (see ``bench/presenter.py``).
- ``throttled``: time to title and to map on an emulated field link (1 Mbit/s down, 300 ms),
  first and repeat visit, served by ``streamlit run`` and through the front (HAProxy with
  the front's files), the median of ``--runs`` (see ``bench/throttled.py``).
- ``store``: ``db load`` of a million synthetic activities into a throwaway PostGIS, then
  the overview on it: time to map and the app's memory, beside the file-based app
  (see ``bench/store.py``; ``--store-size``, ``--store-files-size``).

``--app-at COMMIT`` measures the app of that commit (``git archive``, in a temporary folder)
instead of the working tree: how "before" figures are taken again. Each measure rewrites its
own section of ``bench/results.md`` and adds a line to its table of runs (``--label``).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import statistics
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
sys.path.insert(0, str(HERE))
import presenter  # noqa: E402
import store  # noqa: E402
import throttled  # noqa: E402
import wire  # noqa: E402
from pageload import (  # noqa: E402
    EXCEPTION,
    NON_LOCAL,
    code_version,
    deadline,
    settle,
    wait_for_map,
)

from devtools import appserver  # noqa: E402
from devtools.appserver import quick_maps_written  # noqa: E402
from devtools.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from devtools.proxy import Front, self_signed, spki_hash  # noqa: E402
from devtools.synthetic import synth_events  # noqa: E402
from geo.data.schema import SPECS  # noqa: E402
from geo.render.assets import publish_leaflet  # noqa: E402
from geo.view.briefing import Briefing, Cue, encode  # noqa: E402
from scripts import front_assets  # noqa: E402

OK_S, BIG_N = 60, 100_000  # a page works if its map is drawn within OK_S
HEAD = "page|events|time to map (s)|websocket KB|map requests KB|total KB|blocked|status"
RESULTS = HERE / "results.md"
MEASURES = ("maps", "wire", "presenter", "store", "throttled")
RUNS = "## Runs, before and after"


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
        out["time"] = (wait_for_map(page, left) - start) / 1000
        out["status"] = settle(page)
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


def _header(args, elapsed_min: float, code: str) -> list[str]:
    """Date, machine, code and command of a run, as Markdown list items."""
    cpu = [ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if "model name" in ln]
    load = os.getloadavg()[0]
    return [
        f"- date: {datetime.now():%Y-%m-%d %H:%M}; code: {code}",
        f"- machine: nproc {len(os.sched_getaffinity(0))}, {(cpu or ['unknown CPU'])[0]}; "
        f"load average at the end {load:.1f}",
        f"- command: `{' '.join([Path(sys.executable).name, *sys.argv])}` ({elapsed_min:.1f} min)",
    ]


def run_maps(args, browser, tmp: Path, app: Path) -> tuple[list[str], list[list[str]]]:
    """Ours against naive folium, then ours with many events: the section and no history."""
    runs, sizes = args.runs, [int(s) for s in args.sizes.split(",") if s]
    if args.quick:
        runs, sizes = 2, [1000, 20000]
    t0, rows, checks = time.monotonic(), [], ["| events | validate (s) | result |", "|---|---|---|"]
    shutil.copy(HERE / "naive_app.py", tmp / "naive_app.py")
    publish_leaflet(tmp / "static")
    data = app.parent / "data"
    n_real = len(json.loads((data / "events.geojson").read_text())["features"])
    pages = [("ours", app, {}, data, n_real), ("naive", tmp / "naive_app.py", {}, data, n_real)]
    for n in sizes:
        folder = synth_events(n, data, tmp / f"data-{n}")
        secs, result = _validate(folder)
        checks.append(f"| {n:,} | {secs:.1f} | {result.replace('|', '/')} |")
        print(f"validate {n:,} events: {secs:.1f} s, {result}", flush=True)
        pages.append(("ours", app, {"GEO_DATA_DIR": str(folder)}, folder, n))
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
        finally:
            if proc is not None:
                crashed = proc.poll() is not None
                appserver.stop_process(proc)
        errors = re.findall(r"^\w*(?:Error|Exception)\b.*$", log.read_text(), re.M)
        if "exception" in res["status"] and errors:  # the server's words, not redacted
            res["status"] = res["status"].split("exception")[0] + f"exception: {errors[-1]}"
        if proc is not None and crashed:
            res["status"] = f"server crashed (exit {proc.returncode}); {res['status']}"
        rows.append({**res, "page": name, "events": f"{n:,}", "data": 0})
        rows[-1]["data"] = sum((folder / s.filename).stat().st_size for s in SPECS.values())
        print(_table(rows[-1:], False)[1], flush=True)
    elapsed, notes = (time.monotonic() - t0) / 60, _notes(rows)
    print("\n" + "\n".join(_table(rows, False)) + "\n\n" + "\n".join(notes))
    md = ["## Map: ours against naive folium, and with many activities", ""]
    md += _header(args, elapsed, args.code)
    md += [f"- best of {runs} loads after a warm-up", ""]
    md += [*_table(rows, True), "", *[f"- {x}" for x in notes], "", *checks]
    return md, []


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def _wire_rows(results: list[tuple[str, dict | str]]) -> list[str]:
    head = (
        "| front | first visit: to the quick map | to the dashboard's map | its websocket "
        "| repeat visit | its websocket | websocket compression | blocked | status |"
    )
    out = [head, "|" + " --- |" * 9]
    for name, res in results:
        if isinstance(res, str):
            out.append(f"| {name} | - | - | - | - | - | - | - | {res} |")
            continue
        first, repeat = res["first"], res["repeat"]
        status = "; ".join(sorted({first["status"], repeat["status"]}))
        ext = first["ws_ext"].split(";")[0] or "none"
        quick = "-" if first["quick"] is None else _kb(first["quick"]["down"])
        out.append(
            f"| {name} | {quick} | {_kb(first['down'])} | {_kb(first['ws_down'])} "
            f"| {_kb(repeat['down'])} | {_kb(repeat['ws_down'])} | {ext} "
            f"| {first['blocked'] + repeat['blocked']} | {status} |"
        )
    return out


def _biggest(visit: dict, count: int) -> list[str]:
    """The responses that cost most on the wire in one visit, as Markdown rows."""
    out = ["| KB | request | Content-Encoding | Cache-Control |", "| ---: | --- | --- | --- |"]
    shown = [r for r in visit["responses"] if r["bytes"] > 0][:count]
    for r in shown:
        path = re.sub(r"^https?://[^/]+", "", r["url"])
        path = path if len(path) < 90 else path[:60] + "…" + path[-20:]
        out.append(
            f"| {r['bytes'] / 1024:,.1f} | `{path}` | {r.get('encoding', '-')} "
            f"| {r.get('cache', '-')} |"
        )
    rest = sum(r["bytes"] for r in visit["responses"]) - sum(r["bytes"] for r in shown)
    http = sum(r["bytes"] for r in visit["responses"])
    out.append(f"| {rest / 1024:,.1f} | every other response | | |")
    out.append(f"| {visit['ws_down'] / 1024:,.1f} | the websocket (as framed on the wire) | | |")
    out.append(f"| {http / 1024:,.1f} | all HTTP responses, headers included | | |")
    return out


def _kinds(rows: list[dict]) -> list[str]:
    """The first visit's bytes by kind, as sent and as zlib at level 9 would make them."""
    out = [
        "| what | responses | as sent | uncompressed | at gzip level 9 |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        raw = "-" if r["raw"] is None else _kb(r["raw"])
        out.append(f"| {r['kind']} | {r['count']} | {_kb(r['sent'])} | {raw} | {_kb(r['gzip9'])} |")
    sent, best = sum(r["sent"] for r in rows), sum(r["gzip9"] for r in rows)
    out.append(f"| all | | {_kb(sent)} | | {_kb(best)} |")
    return out


def run_wire(args, pw, tmp: Path, app: Path) -> tuple[list[str], list[list[str]]]:
    """Bytes on the wire, first and repeat visit, for each front: the section and history."""
    t0, results = time.monotonic(), []
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, wire.DEAD_PROXY])
    front_dir = tmp / "front"
    print("writing the front's files (scripts/front_assets.py)...", flush=True)
    front_assets.build(front_dir)
    fronts = (
        ("Streamlit alone, websocket compression off (as before)", "false", False),
        ("Streamlit alone, with the app's `.streamlit/config.toml`", None, False),
        ("HAProxy (`deploy/haproxy.cfg`) in front of that", None, None),
        ("that HAProxy with the front's files (`GEO_FRONT_DIR`)", None, front_dir),
    )
    server, env_now = None, "unset"
    try:
        for name, compress, via_haproxy in fronts:
            env = {"STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION": compress} if compress else {}
            if server is None or env_now != compress:
                if server is not None:
                    server.stop()
                server = appserver.start_app(app, env, log=tmp / f"wire-{len(results)}.log")
                env_now = compress
                warm = browser.new_context()
                warm_page = warm.new_page()
                warm_page.goto(server.url, wait_until="commit")
                wait_for_map(warm_page, deadline(180))
                warm.close()
                quick_maps_written(server.url)  # the front shows them first (ui/quickmap.py)
            try:
                if via_haproxy is not False:
                    with Front(server.url, tmp, via_haproxy) as front:
                        res = wire.visits(browser, front.url)
                    res["kinds"] = wire.breakdown(res["first"], server.url)
                else:
                    res = wire.visits(browser, server.url)
            except FileNotFoundError as exc:
                res = str(exc)
            except RuntimeError as exc:
                res = " ".join(str(exc).split())[:200]
            results.append((name, res))
            print(_wire_rows(results[-1:])[-1], flush=True)
    finally:
        if server is not None:
            server.stop()
        browser.close()
    elapsed = (time.monotonic() - t0) / 60
    md = ["## Bytes on the wire: first and repeat visit of the overview", ""]
    md += _header(args, elapsed, args.code)
    md += [
        "- Chromium loads `/` through a counting TCP proxy until the map is drawn and Streamlit "
        "is idle (through the front, the bytes until its quick map is drawn are counted too): "
        "first visit in a fresh browser context (empty cache), then a repeat visit "
        "(a new page in the same context, HTTP cache warm). Bytes from the server to the "
        "browser, as they cross the wire (headers, bodies as sent, websocket frames as framed). "
        "Plain HTTP on loopback: TLS would add a few KB.",
        "- Goals (issue 14): repeat visit at most 150 KB; first visit through the recommended "
        "front at most 1 MB (1,024 KB).",
        "",
        *_wire_rows(results),
    ]
    history = []
    for name, res in results:
        if isinstance(res, dict):
            value = f"first {_kb(res['first']['down'])}, repeat {_kb(res['repeat']['down'])}"
            if res["first"]["quick"] is not None:
                value = f"to the quick map {_kb(res['first']['quick']['down'])}, {value}"
            history.append([f"bytes on the wire: {name}", value])
    for name, res in results:
        if isinstance(res, dict) and "kinds" in res:
            md += ["", f"### First visit, {name}: where the bytes go", ""]
            md += _kinds(res["kinds"])
    # Streamlit alone sends the same files with or without websocket compression: its first
    # visit is listed once, then what a repeat visit still fetches, then the front's visits.
    listed = [(results[0], "first"), (results[1], "repeat"), (results[2], "first")]
    listed += [(results[2], "repeat"), (results[3], "first"), (results[3], "repeat")]
    for (name, res), visit in listed:
        if isinstance(res, dict):
            md += ["", f"### {visit.capitalize()} visit, {name}: the biggest responses", ""]
            md += _biggest(res[visit], 12 if visit == "first" else 8)
    return md, history


def run_presenter(args, browser, tmp: Path, app: Path) -> tuple[list[str], list[list[str]]]:
    """Presenter step time and, for comparison, a filter change: the section and history."""
    t0 = time.monotonic()
    server = appserver.start_app(app, {}, log=tmp / "presenter.log")
    try:
        warm = browser.new_context()
        page = warm.new_page()
        page.goto(server.url + "/?present=1", wait_until="commit")
        wait_for_map(page, deadline(180))
        warm.close()
        years = Briefing("Years", tuple(Cue("year", str(y)) for y in range(2015, 2025)))
        years_url = f"{server.url}/?present=1&briefing={encode(years)}"
        found = presenter.step_times(browser, server.url, presses=args.presses, years_url=years_url)
        play = presenter.play_times(browser, server.url)
        found.append(
            {
                "measure": "Play, next year: map shows it (in the page, no server)",
                "n": len(play),
                "best": min(play) if play else None,
                "median": statistics.median(play) if play else None,
                "all": play,
                "in_place": 0,
                "timeouts": 0,
            }
        )
    finally:
        server.stop()
    elapsed = (time.monotonic() - t0) / 60
    secs = lambda x: "-" if x is None else f"{x:.2f} s"  # noqa: E731
    md = ["## Presenter step time", ""]
    md += _header(args, elapsed, args.code)
    md += [
        "- From the click (the event's time in the page) until the map in the streamlit-folium "
        "frame shows a new centre or zoom that then holds for "
        f"{presenter.STABLE_MS} ms (a rebuilt map or the same map moved); a layer chip of the "
        "overview's sidebar until a map with other layers is drawn. 1920x1080, warm server.",
        "- Goal (issue 14): Next to map moved in under 0.5 s; (issue 24) a year's step too.",
        "",
        "| measure | timed | best | median | each (s) | kept the view | timed out |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    history = []
    for r in found:
        each = ", ".join(f"{x:.2f}" for x in r["all"]) or "-"
        md.append(
            f"| {r['measure']} | {r['n']} | {secs(r['best'])} | {secs(r['median'])} | {each} "
            f"| {r['in_place']} | {r['timeouts']} |"
        )
        history.append(
            [r["measure"], f"best {secs(r['best'])}, median {secs(r['median'])} ({r['n']} timed)"]
        )
        print(md[-1], flush=True)
    return md, history


def run_throttled(args, pw, tmp: Path, app: Path) -> tuple[list[str], list[list[str]]]:
    """Time to title and to map at 1 Mbit/s and 300 ms, direct and through the front."""
    t0 = time.monotonic()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, wire.DEAD_PROXY])
    front_dir = tmp / "front-throttled"
    front_assets.build(front_dir)
    server = appserver.start_app(app, {}, log=tmp / "throttled.log")
    found = []
    try:
        warm = browser.new_context()
        warm_page = warm.new_page()
        warm_page.goto(server.url, wait_until="commit")
        wait_for_map(warm_page, deadline(180))
        warm.close()
        quick_maps_written(server.url)  # as on a server that has shown its overview once
        found.append(
            ("`make run` (Streamlit alone)", throttled.visits(browser, server.url, args.runs))
        )
        name = "the front (HAProxy, `GEO_FRONT_DIR`)"
        try:
            with Front(server.url, tmp, front_dir) as front:
                found.append((name, throttled.visits(browser, front.url, args.runs)))
        except (FileNotFoundError, RuntimeError) as exc:
            found.append((name, str(exc)[:160]))
        name = "the front over TLS (`GEO_TLS_CERT`: HTTP/2)"
        try:
            # A browser that trusts the throwaway certificate, as one trusts a site's own.
            pem = self_signed(tmp)
            trusting = pw.chromium.launch(
                executable_path=CHROMIUM,
                args=[*CHROMIUM_ARGS, wire.DEAD_PROXY]
                + [f"--ignore-certificate-errors-spki-list={spki_hash(pem)}"],
            )
            try:
                with Front(server.url, tmp, front_dir, tls=pem) as front:
                    found.append((name, throttled.visits(trusting, front.url, args.runs)))
            finally:
                trusting.close()
        except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError) as exc:
            found.append((name, str(exc)[:160]))
    finally:
        server.stop()
        browser.close()
    elapsed = (time.monotonic() - t0) / 60
    secs = lambda x: "-" if x is None else f"{x:.1f} s"  # noqa: E731
    md = ["## On a field link: 1 Mbit/s, 300 ms", ""]
    md += _header(args, elapsed, args.code)
    md += [
        f"- Chromium's own network emulation: {throttled.DOWN_BITS // 1000} kbit/s down, "
        f"{throttled.UP_BITS // 1000} kbit/s up, {throttled.LATENCY_MS} ms latency, for the page "
        "and its frames; the overview at 1600x1000. From navigation to the front's quick map "
        "with a feature drawn (deploy/quick.js), to the dashboard's title (h1) laid out (under "
        "the quick map until it gives way), and "
        "to the dashboard's map with a feature drawn. Median of the runs; a repeat visit is a "
        "new page in the same browser context (its cache warm).",
        "- Goal (issue 26): the map through the front in at most 10 s.",
        "",
        "| served by | visit | quick map | title | dashboard's map | each quick map, "
        "each dashboard map (s) | failed |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    history = []
    for name, res in found:
        if isinstance(res, str):
            md.append(f"| {name} | - | - | - | - | - | {res} |")
            continue
        for visit in ("first", "repeat"):
            runs = res[visit]
            quick = throttled.median(runs, "quick")
            title, drawn = throttled.median(runs, "title"), throttled.median(runs, "map")
            each = "; ".join(
                ", ".join("-" if r[k] is None else f"{r[k]:.1f}" for r in runs)
                for k in ("quick", "map")
            )
            failed = sum(1 for r in runs if r["map"] is None)
            md.append(
                f"| {name} | {visit} | {secs(quick)} | {secs(title)} | {secs(drawn)} | {each} "
                f"| {failed} |"
            )
            history.append(
                [
                    f"1 Mbit/s, {name}, {visit}",
                    f"quick map {secs(quick)}, title {secs(title)}, map {secs(drawn)}",
                ]
            )
            print(md[-1], flush=True)
    return md, history


def _write_results(sections: dict[str, list[str]], history: list[list[str]], args) -> None:
    """Replace the measured sections of ``bench/results.md``; add the runs to its history."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    for name, lines in sections.items():
        body = f"<!-- bench:{name} -->\n" + "\n".join(lines) + f"\n<!-- /bench:{name} -->"
        pattern = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->", re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _, new=body: new, text)
        elif RUNS in text:  # a new section goes before the table of runs
            text = text.replace(RUNS, body + "\n\n" + RUNS)
        else:
            text = text.rstrip("\n") + "\n\n" + body + "\n"
    if history:
        when, label = f"{datetime.now():%Y-%m-%d %H:%M}", args.label or "-"
        load = f"{os.getloadavg()[0]:.1f}"
        rows = "".join(
            f"| {when} | {args.code} | {label} | {load} | {m} | {v} |\n" for m, v in history
        )
        end = "<!-- /bench:history -->"
        if end not in text:
            text = text.rstrip("\n") + (
                f"\n\n{RUNS}\n\n<!-- bench:history -->\n"
                "| date | code | label | load | measure | result |\n"
                "| --- | --- | --- | --- | --- | --- |\n"
                f"{end}\n"
            )
        text = text.replace(end, rows + end)
    RESULTS.write_text(text, encoding="utf-8")


def _checkout(commit: str, tmp: Path) -> Path:
    """The app of ``commit``, exported by ``git archive`` into ``tmp``: its ``app.py``."""
    folder = tmp / f"app-{commit}"
    folder.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "app.py"


def main() -> None:
    """Run the chosen measures; print them and write their sections of bench/results.md."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--only", default=",".join(MEASURES), help="comma-separated: " + ", ".join(MEASURES)
    )
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1000,5000,20000,100000")
    ap.add_argument("--quick", action="store_true", help="sizes 1000,20000 and 2 runs")
    ap.add_argument("--presses", type=int, default=8, help="Next clicks timed in presenter mode")
    ap.add_argument("--app-at", metavar="COMMIT", help="measure the app of this commit")
    ap.add_argument("--label", default="", help="a word for the runs table, e.g. before")
    ap.add_argument("--store-size", default="1000000", help="activities in the store measure")
    ap.add_argument(
        "--store-files-size", default="100000", help="activities of the file-based app beside it"
    )
    args = ap.parse_args()
    only = [m.strip() for m in args.only.split(",") if m.strip()]
    if unknown := set(only) - set(MEASURES):
        ap.error(f"unknown measure(s): {', '.join(sorted(unknown))}")
    t0, sections, history = time.monotonic(), {}, []
    tmp = Path(tempfile.mkdtemp(prefix="geo-bench-"))
    pw = sync_playwright().start()
    try:
        if args.app_at:
            app = _checkout(args.app_at, tmp)
            args.code = subprocess.run(
                ["git", "rev-parse", "--short", args.app_at],
                cwd=ROOT,
                capture_output=True,
                text=True,
            ).stdout.strip()
        else:
            app, args.code = ROOT / "app.py", code_version()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        runners = {"maps": lambda: run_maps(args, browser, tmp, app)}
        runners["wire"] = lambda: run_wire(args, pw, tmp, app)
        runners["presenter"] = lambda: run_presenter(args, browser, tmp, app)
        runners["store"] = lambda: store.run_store(args, browser, tmp, app, (measure, _header))
        runners["throttled"] = lambda: run_throttled(args, pw, tmp, app)
        for name in only:
            sections[name], found = runners[name]()
            history += found
    finally:
        pw.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    _write_results(sections, history, args)
    print(f"benchmark took {(time.monotonic() - t0) / 60:.1f} min; wrote {RESULTS}")


if __name__ == "__main__":
    main()
