"""Load test: many headless Chromium sessions open the app at the same moment.

Run from the project folder::

    .venv/bin/python scripts/load_test.py                # starts the app itself, 12 sessions
    .venv/bin/python scripts/load_test.py --sessions 20
    .venv/bin/python scripts/load_test.py --url http://127.0.0.1:8501
    .venv/bin/python scripts/load_test.py --cluster 3 --append   # through HAProxy, 3 replicas

Without ``--url`` it starts ``streamlit run app.py`` on a free port and stops it at the end.
With ``--cluster N`` it starts the stack of scripts/cluster.py (PostGIS, N replicas reading it,
HAProxy with deploy/haproxy.cfg) before the clock starts, opens the sessions through the
proxy, reports how many each replica held (its sticky cookie) and the replicas' summed memory
and CPU, and stops the stack at the end.
One Chromium, one context per session (async Playwright, so no thread shares the sync API).
First one session opens the page alone (cold caches); then ``--sessions`` more open it
together. For each, the time to map is from the navigation start (the page's
``performance.timeOrigin``) until the streamlit-folium iframe's Leaflet ``window.map`` holds
at least one layer with a feature, both read on the browser's clock. Every request to a
host other than the app's is aborted and counted, and is an error, as is a timeout, a
Streamlit exception element or an uncaught JavaScript error.

The server's memory is the summed VmRSS (from /proc) of the streamlit process and its
descendants: before any session, after the first, and after all (every session still
open). Everything stops by itself after ``--timeout`` seconds (180). The results are
printed and written as Markdown to scripts/load_results.md. The exit code is 0 when
every session drew its map without error, 1 otherwise, 2 when the app did not start.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from devtools import appserver  # noqa: E402
from devtools.chromium import CHROMIUM, CHROMIUM_ARGS, is_local  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "load_results.md"
VIEWPORT = {"width": 1400, "height": 900}
MAP_IFRAME = 'iframe[src*="streamlit_folium"]'
EXCEPTION = '[data-testid="stException"]'
RESERVE_S = 15  # kept from the overall timeout for closing the browser and the server
STARTUP_TIMEOUT_S = 60

# In the map's iframe: truthy once Leaflet's window.map holds a layer with a feature.
MAP_READY_JS = """
() => {
    const m = window.map;
    if (!window.L || !m || !(m instanceof window.L.Map)) return false;
    let n = 0;
    m.eachLayer(l => { if (l.feature) n += 1; });
    return n > 0 ? {features: n, at: Date.now()} : false;
}
"""


# ------------------------------------------------------------------------------ the server


# ------------------------------------------------------------------------------ the memory


def _children() -> dict[int, list[int]]:
    """Child pids of every process, from /proc/PID/stat."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree_rss_kib(pid: int) -> int | None:
    """Summed VmRSS of ``pid`` and its descendants in KiB; None when it is gone."""
    kids = _children()
    todo, total, seen = [pid], 0, False
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    seen = True
        except OSError:
            continue
        todo += kids.get(current, [])
    return total if seen else None


def tree_cpu_s(pid: int) -> float | None:
    """CPU seconds (user and system) used so far by ``pid`` and its descendants."""
    kids = _children()
    todo, total, seen = [pid], 0, False
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        seen = True
        todo += kids.get(current, [])
    return total / os.sysconf("SC_CLK_TCK") if seen else None


def pid_listening_on(port: int) -> int | None:
    """The process holding the listening socket of ``port`` on this machine, if visible."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{cols[9]}]")
    if not inodes:
        return None
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            for fd in os.listdir(f"/proc/{entry}/fd"):
                if os.readlink(f"/proc/{entry}/fd/{fd}") in inodes:
                    return int(entry)
        except OSError:
            continue
    return None


def mib(kib: int | None) -> str:
    """KiB as MiB for the report."""
    return "n/a" if kib is None else f"{kib / 1024:.1f} MiB"


# ---------------------------------------------------------------------------- the sessions


@dataclass
class Session:
    """One browser session and what it saw."""

    index: int
    wave: str
    time_to_map_s: float | None = None
    wall_s: float | None = None
    title_s: float | None = None
    iframe_s: float | None = None
    features: int = 0
    blocked: list[str] = field(default_factory=list)
    js_errors: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    context: object = None
    replica: str | None = None  # the proxy's sticky cookie, behind HAProxy

    @property
    def ok(self) -> bool:
        """Drew its map with no error."""
        return self.time_to_map_s is not None and not self.all_errors

    @property
    def all_errors(self) -> list[str]:
        """Every error of the session, blocked requests and JavaScript errors included."""
        out = list(self.errors)
        if self.blocked:
            hosts = sorted({urlsplit(u).hostname or u[:40] for u in self.blocked})
            out.append(f"{len(self.blocked)} blocked request(s) to {', '.join(hosts)}")
        out += [f"JS error: {e[:120]}" for e in self.js_errors]
        return out


async def _wait_for_map(page, timeout_ms: float, session: Session, started: float) -> dict:
    """Wait until the map iframe's Leaflet map holds a feature; the iframe may be redrawn."""
    end = time.monotonic() + timeout_ms / 1000
    while True:
        left = int((end - time.monotonic()) * 1000)
        if left <= 0:
            raise TimeoutError("no map with a feature")
        handle = await page.wait_for_selector(MAP_IFRAME, state="attached", timeout=left)
        if session.iframe_s is None:
            session.iframe_s = time.monotonic() - started
        frame = await handle.content_frame()
        if frame is None:
            await asyncio.sleep(0.1)
            continue
        try:
            left = max(int((end - time.monotonic()) * 1000), 1)
            result = await frame.wait_for_function(MAP_READY_JS, polling=100, timeout=left)
            return await result.json_value()
        except PlaywrightError as exc:
            if "detached" in str(exc).lower() or "destroyed" in str(exc).lower():
                continue  # Streamlit redrew the component: look again
            raise


async def _note_title(page, timeout_ms: float, session: Session, started: float) -> None:
    """Note when the page's title (the first output of the script) shows."""
    try:
        await page.wait_for_selector("h1", state="attached", timeout=timeout_ms)
        session.title_s = time.monotonic() - started
    except PlaywrightError:
        pass


async def _wait_for_exception(page, timeout_ms: float) -> str:
    handle = await page.wait_for_selector(EXCEPTION, state="attached", timeout=timeout_ms)
    return (await handle.inner_text())[:200]


async def prepare(browser, index: int, wave: str) -> tuple[Session, object]:
    """A fresh context and page whose requests to any other host are aborted and counted."""
    session = Session(index, wave)
    context = await browser.new_context(viewport=VIEWPORT)
    session.context = context

    async def guard(route):
        url = route.request.url
        if is_local(url):
            await route.continue_()
        else:
            session.blocked.append(url)
            await route.abort()

    await context.route("**/*", guard)
    page = await context.new_page()
    page.on("pageerror", lambda exc: session.js_errors.append(str(exc)))
    return session, page


async def visit(session: Session, page, url: str, deadline: float) -> Session:
    """Open ``url`` and wait for the map or a Streamlit exception, until ``deadline``."""
    started = time.monotonic()
    timeout_ms = max(int((deadline - started) * 1000), 1000)
    try:
        response = await page.goto(url, wait_until="commit", timeout=timeout_ms)
        if response is not None and response.status >= 400:
            session.errors.append(f"HTTP {response.status}")
        origin = await page.evaluate("performance.timeOrigin")
        left = max(int((deadline - time.monotonic()) * 1000), 1000)
        map_task = asyncio.ensure_future(_wait_for_map(page, left, session, started))
        exc_task = asyncio.ensure_future(_wait_for_exception(page, left))
        title_task = asyncio.ensure_future(_note_title(page, left, session, started))
        done, pending = await asyncio.wait(
            {map_task, exc_task}, return_when=asyncio.FIRST_COMPLETED
        )
        for task in (*pending, title_task):
            task.cancel()
        await asyncio.gather(*pending, title_task, return_exceptions=True)
        if exc_task in done and exc_task.exception() is None:
            session.errors.append(f"Streamlit exception: {exc_task.result()!r}")
        elif map_task in done:
            ready = map_task.result()  # raises the timeout when there is no map
            session.time_to_map_s = (ready["at"] - origin) / 1000
            session.wall_s = time.monotonic() - started
            session.features = int(ready["features"])
    except (TimeoutError, PlaywrightError) as exc:
        timed_out = isinstance(exc, TimeoutError) or "timeout" in str(exc).lower()
        kind = "timeout" if timed_out else "error"
        session.errors.append(
            f"{kind} after {time.monotonic() - started:.0f} s: {str(exc).splitlines()[0][:120]}"
        )
    try:
        cookies = await page.context.cookies()
        session.replica = next((c["value"] for c in cookies if c["name"] == "GEO_REPLICA"), None)
        count = await page.locator(EXCEPTION).count()
        if count and not any(e.startswith("Streamlit exception") for e in session.errors):
            session.errors.append(f"{count} Streamlit exception element(s) on the page")
    except PlaywrightError as exc:
        session.errors.append(f"could not inspect the page: {str(exc)[:80]}")
    return session


def summed(measure, pids: list[int]):
    """``measure(pid)`` summed over the server processes; None when none is visible."""
    values = [v for v in (measure(pid) for pid in pids) if v is not None]
    return sum(values) if values else None


async def run(args, base: str, server_pids: list[int], deadline: float) -> dict:
    """The two waves: one session alone, then ``args.sessions`` together."""
    url = base.rstrip("/") + args.path
    memory = {"before": summed(tree_rss_kib, server_pids)}
    load = " / ".join(Path("/proc/loadavg").read_text().split()[:3])  # 1, 5, 15 min
    server_cpu = None
    sessions: list[Session] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            first, page = await prepare(browser, 0, "alone")
            sessions.append(await visit(first, page, url, deadline))
            await asyncio.sleep(1)  # let the server finish the run before measuring
            memory["after_1"] = summed(tree_rss_kib, server_pids)
            cpu_before = summed(tree_cpu_s, server_pids)

            prepared = await asyncio.gather(
                *(prepare(browser, i, "together") for i in range(1, args.sessions + 1))
            )
            # Every context and page exists: now all navigate at the same moment.
            wave = await asyncio.gather(
                *(visit(session, page, url, deadline) for session, page in prepared)
            )
            sessions += wave
            await asyncio.sleep(1)
            memory["after_n"] = summed(tree_rss_kib, server_pids)
            cpu_after = summed(tree_cpu_s, server_pids)
            if cpu_before is not None and cpu_after is not None:
                server_cpu = cpu_after - cpu_before
        finally:
            for session in sessions:
                try:
                    await asyncio.wait_for(session.context.close(), 10)
                except (PlaywrightError, TimeoutError):
                    pass
            try:
                await asyncio.wait_for(browser.close(), 10)
            except (PlaywrightError, TimeoutError):
                pass
    return {"sessions": sessions, "memory": memory, "load": load, "cpu": server_cpu}


# ------------------------------------------------------------------------------- reporting


def _replica_rows(args, sessions: list[Session]) -> list[str]:
    """Behind the proxy: how many replicas, and how many sessions each one held."""
    if not args.cluster:
        return []
    held = {}
    for s in sessions:
        held[s.replica or "?"] = held.get(s.replica or "?", 0) + 1
    spread = ", ".join(f"{name} {n}" for name, n in sorted(held.items()))
    return [
        f"| app replicas behind HAProxy (scripts/cluster.py) | {args.cluster} |",
        f"| sessions per replica (sticky cookie) | {spread} |",
    ]


def report(args, base: str, result: dict, elapsed: float) -> tuple[str, bool]:
    """The results as Markdown, and whether every session succeeded."""
    sessions: list[Session] = result["sessions"]
    memory = result["memory"]
    first = [s for s in sessions if s.wave == "alone"]
    wave = [s for s in sessions if s.wave == "together"]
    times = [s.time_to_map_s for s in wave if s.time_to_map_s is not None]
    failed = [s for s in sessions if not s.ok]
    before, after_1, after_n = memory.get("before"), memory.get("after_1"), memory.get("after_n")
    per_extra = (
        f"{(after_n - after_1) / 1024 / len(wave):.1f} MiB"
        if after_1 is not None and after_n is not None and wave
        else "n/a"
    )

    servers = "server"
    if args.cluster:
        servers = "replica" if args.cluster == 1 else f"the {args.cluster} replicas' summed"
    wave_cpu = result["cpu"]
    cpu = (
        "n/a"
        if wave_cpu is None
        else f"{wave_cpu:.1f} s ({wave_cpu / max(len(wave), 1):.2f} s each)"
    )

    def secs(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f} s"

    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [
        f"## Load test: {args.sessions} sessions at the same moment ({now})",
        "",
        f"App {base}{args.path}; {os.cpu_count()} CPU(s), {platform.machine()}, "
        f"Python {platform.python_version()}; load average {result['load']} at the start; "
        f"run took {elapsed:.0f} s.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| sessions together | {len(wave)} (plus 1 alone before them) |",
        *_replica_rows(args, sessions),
        f"| first session alone (cold), time to map | {secs(first[0].time_to_map_s) if first else '-'} |",  # noqa: E501
        f"| sessions with a map | {len(times)} of {len(wave)} |",
        f"| median time to map | {secs(statistics.median(times)) if times else '-'} |",
        f"| slowest time to map | {secs(max(times)) if times else '-'} |",
        f"| sessions with an error | {len(failed)} of {len(sessions)} |",
        f"| blocked requests | {sum(len(s.blocked) for s in sessions)} |",
        f"| {servers} memory before any session | {mib(before)} |",
        f"| {servers} memory after 1 session | {mib(after_1)} |",
        f"| {servers} memory after {len(wave) + 1} sessions (all open) | {mib(after_n)} |",
        f"| memory per extra session | {per_extra} |",
        f"| {servers} CPU time for the {len(wave)} sessions together | {cpu} |",
        "",
        "Time to map: navigation start to a feature in Leaflet's map, on the browser's clock. "
        "Title and map iframe: from the start of the navigation until the page's title (the "
        "script's first output) and the map's iframe (the server has sent the map) are in the "
        "page; wall clock: the same start until the map. These three are timed in Python.",
        "",
        "| session | wave | time to map | title | map iframe | wall clock | features | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in sessions:
        errors = "; ".join(s.all_errors).replace("|", "\\|") or "none"
        lines.append(
            f"| {s.index} | {s.wave} | {secs(s.time_to_map_s)} | {secs(s.title_s)} "
            f"| {secs(s.iframe_s)} "
            f"| {secs(s.wall_s)} "
            f"| {s.features} | {errors} |"
        )
    lines.append("")
    return "\n".join(lines), not failed and len(times) == len(wave)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the test within the timeout, print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=12, help="sessions opened together")
    parser.add_argument("--url", help="a running app (default: start one on a free port)")
    parser.add_argument(
        "--cluster",
        type=int,
        metavar="N",
        help="start PostGIS, N replicas and HAProxy (scripts/cluster.py) and go through the proxy",
    )
    parser.add_argument("--path", default="/", help="page and query to open (default /)")
    parser.add_argument("--timeout", type=float, default=180, help="overall limit, seconds")
    parser.add_argument("--output", type=Path, default=RESULTS, help="Markdown results file")
    parser.add_argument("--append", action="store_true", help="append to the results file")
    args = parser.parse_args(argv)
    if args.sessions < 1:
        parser.error("--sessions must be at least 1")
    if not args.path.startswith("/"):
        args.path = "/" + args.path
    if args.cluster is None:
        return measure(args)
    from scripts.cluster import Stack, missing

    if missing():
        print(f"load test: {missing()}", file=sys.stderr)
        return 2
    stack = Stack(args.cluster)
    try:
        # Started before the timeout's clock, which is for the sessions.
        stack.start(log=lambda *_: None)
    except RuntimeError as exc:
        print(f"load test: the cluster did not start: {exc}", file=sys.stderr)
        return 2
    try:
        args.url = stack.url
        return measure(args, [replica.proc.pid for replica in stack.replicas], stack.stop)
    finally:
        stack.stop()


def measure(args, server_pids: list[int] | None = None, stop_cluster=None) -> int:
    """Run the sessions against ``args.url`` (or an app started here); 0 when all drew."""
    started = time.monotonic()
    deadline = started + args.timeout - RESERVE_S
    proc = log_path = None

    def hard_stop(signum, frame):  # the last resort when closing itself hangs
        print(f"load test: hard timeout after {args.timeout:.0f} s, stopping", file=sys.stderr)
        if proc is not None:
            appserver.stop_process(proc)
        if stop_cluster is not None:
            stop_cluster()
        os._exit(3)

    signal.signal(signal.SIGALRM, hard_stop)
    signal.alarm(max(int(args.timeout), 1))
    try:
        if args.url:
            base = args.url.rstrip("/")
            if not appserver.healthy(base):
                print(f"load test: {base} does not answer /_stcore/health", file=sys.stderr)
                return 2
            if server_pids is None:
                found = pid_listening_on(urlsplit(base).port or 80)
                server_pids = [found] if found is not None else []
            if not server_pids:
                print("load test: cannot see the server process; memory is n/a", file=sys.stderr)
        else:
            try:
                server = appserver.start_app(
                    timeout=min(STARTUP_TIMEOUT_S, deadline - time.monotonic())
                )
            except RuntimeError as exc:
                print(f"load test: {exc}", file=sys.stderr)
                return 2
            base, proc, log_path = server.url, server.proc, server.log
            server_pids = [proc.pid]
        print(f"load test: {args.sessions} sessions against {base}{args.path} ...", flush=True)
        try:
            result = asyncio.run(
                asyncio.wait_for(
                    run(args, base, server_pids, deadline),
                    timeout=max(deadline - time.monotonic() + RESERVE_S / 2, 1),
                )
            )
        except TimeoutError:
            print("load test: the sessions did not finish within the timeout", file=sys.stderr)
            return 1
        if proc is not None and proc.poll() is not None:
            print(f"load test: the app exited with code {proc.returncode}", file=sys.stderr)
        text, ok = report(args, base, result, time.monotonic() - started)
        print(text)
        mode = "a" if args.append and args.output.exists() else "w"
        with open(args.output, mode, encoding="utf-8") as out:
            if mode == "w":
                out.write("# Load test results\n\nWritten by `scripts/load_test.py`.\n\n")
            out.write(text + "\n")
        print(f"load test: results written to {args.output}")
        return 0 if ok else 1
    finally:
        if proc is not None:
            appserver.stop_process(proc)
        if log_path is not None:
            log_path.unlink(missing_ok=True)
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())
