"""The overview on the PostGIS store with a million activities: load time and app memory.

A throwaway PostgreSQL + PostGIS cluster (``devtools/pg.py``) gets the data with N synthetic
activities through ``python -m geo db load``; the app then runs with ``GEO_DATABASE_URL``
(as the read-only ``geo_reader``) and Chromium loads the overview, unfiltered and filtered.
Past ``GEO_STORE_LARGE_OVER`` activities the app asks SQL for the view's counts and grid
cells, so its memory should not grow with N. The same app on files is measured beside it
(``--store-files-at``: the file-based app cannot hold a million activities in 500 MB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools import appserver, pg  # noqa: E402
from devtools.synthetic import synth_events  # noqa: E402
from geo.store import engine, init_db  # noqa: E402

RSS_LIMIT_MB = 500
VIEWS = {"all": "", "filtered": "?project=dismantling&years=2021-2022"}


def _rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory now and at its peak (VmRSS, VmHWM) of process ``pid``, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def _db_load(url: str, folder: Path) -> tuple[float, float, str]:
    """``python -m geo db load``: seconds, the loader's peak RSS (MB) and its first line.

    The peak is the loader's own (VmHWM, read every half second while it runs): the
    children's ``ru_maxrss`` would count this process's gigabytes of synthetic data, which a
    child holds between fork and exec.
    """
    t0 = time.monotonic()
    log = folder.parent / "db-load.log"  # its progress bar would fill a pipe nobody reads
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "geo", "db", "load", "--data-dir", str(folder)],
            cwd=ROOT,
            env={**os.environ, "GEO_DATABASE_URL": url, "PYTHONPATH": str(ROOT)},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        peak = 0.0
        while proc.poll() is None:
            try:
                peak = max(peak, _rss_mb(proc.pid)[1])
            except (OSError, ValueError):
                pass  # it has just ended
            time.sleep(0.5)
    out = log.read_text(errors="replace")
    secs = time.monotonic() - t0
    lines = [line for line in out.splitlines() if line.startswith(("loaded", "error"))]
    line = (lines or out.strip().splitlines() or [""])[0][:240]
    return secs, peak, f"exit {proc.returncode}: {line}"


def _serve(app: Path, env: dict, load_view, log: Path) -> list[dict]:
    """Each view of the app once warm: time to map, websocket KB and the server's RSS."""
    rows = []
    server = appserver.start_app(app, env, log=log)
    try:
        for view, query in VIEWS.items():
            res = load_view(server.url + "/" + query)
            now, peak = _rss_mb(server.proc.pid)
            rows.append({**res, "view": view, "rss": now, "peak": peak})
            print(
                f"  {view}: {res['time']} s, {res['status']}, RSS {now:.0f} MB, peak {peak:.0f} MB",
                flush=True,
            )
    finally:
        appserver.stop_process(server.proc)
    return rows


def run_store(args, browser, tmp: Path, app: Path, tools) -> tuple[list[str], list]:
    """The section of ``bench/results.md`` and the runs-table lines.

    ``tools`` are benchmark.py's ``measure`` and ``_header``.
    """
    measure, header = tools
    t0 = time.monotonic()

    def load_view(url: str) -> dict:
        return measure(browser, url, args.runs, 180, 900)

    bindir, why = pg.binaries()
    if bindir is None:
        raise SystemExit(f"store benchmark: {why}")
    n = int(args.store_size)
    data = app.parent / "data"
    folder = synth_events(n, data, tmp / f"data-{n}")
    cluster = pg.Cluster(bindir)
    try:
        admin = cluster.create_database("geo")
        init_db(engine(admin))
        secs, loader_peak, loaded = _db_load(admin, folder)
        print(f"db load {n:,}: {secs:.0f} s, peak {loader_peak:.0f} MB, {loaded}", flush=True)
        env = {"GEO_DATABASE_URL": cluster.url("geo_reader", "geo")}
        rows = _serve(app, env, load_view, tmp / "server-store.log")
        with engine(admin).connect() as conn:
            from sqlalchemy import text

            size = conn.execute(text("SELECT pg_database_size('geo')")).scalar() / 2**20
    finally:
        cluster.remove()
    files_rows = []
    if int(args.store_files_size or 0):
        m = int(args.store_files_size)
        files = synth_events(m, data, tmp / f"files-{m}")
        print(f"files, {m:,} activities:", flush=True)
        files_rows = _serve(app, {"GEO_DATA_DIR": str(files)}, load_view, tmp / "server-files.log")
    elapsed = (time.monotonic() - t0) / 60
    md = ["## The PostGIS store: a million activities", ""]
    md += header(args, elapsed, args.code)
    md += [
        f"- `python -m geo db load` of the data with {n:,} synthetic activities "
        f"(`devtools/synthetic.py`): {secs:.0f} s (checked and staged a batch at a time, "
        "in one transaction), loader "
        f"peak RSS {loader_peak:,.0f} MB; database size {size:,.0f} MB; {loaded}",
        "- the app with `GEO_DATABASE_URL` as `geo_reader`; past `GEO_STORE_LARGE_OVER` "
        "(50,000) activities each view's counts and grid cells come from SQL. Time to map: "
        f"best of {args.runs} loads after a warm-up (the warm-up is the cold load). RSS: the "
        "Streamlit process after the view's loads (now, and its peak, VmHWM).",
        f"- goals (issues 13 and 26): the overview's map in under 3 s; the app under "
        f"{RSS_LIMIT_MB} MB; `db load` under 5 minutes and under 1 GB.",
        f"- the app measured: {'commit ' + args.app_at if args.app_at else 'the working tree'}; "
        f"views: {', '.join(f'{k} (`/{q}`)' for k, q in VIEWS.items())}",
        "",
        "| data | activities | view | cold load (s) | time to map (s) | websocket KB "
        "| RSS MB | peak RSS MB | status |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, count, found in (("PostGIS", n, rows), ("files", args.store_files_size, files_rows)):
        for r in found:
            cold = "-" if r.get("cold") is None else f"{r['cold']:.1f}"
            best = "-" if r.get("time") is None else f"{r['time']:.2f}"
            md.append(
                f"| {label} | {int(count):,} | {r['view']} | {cold} | {best} | "
                f"{r.get('ws', 0) / 1024:,.0f} | {r['rss']:,.0f} | {r['peak']:,.0f} | "
                f"{r['status']} |"
            )
    peak = max((r["peak"] for r in rows), default=0)
    history = [["store", f"{n:,} activities: load {secs:.0f} s, app peak RSS {peak:.0f} MB"]]
    return md, history
