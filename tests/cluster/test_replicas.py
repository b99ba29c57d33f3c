"""The whole stack as scripts/cluster.py starts it: PostGIS, 3 replicas, HAProxy (deploy/).

Real services and real Chromium through the proxy: many sessions draw the map, downloads
come from the replica that holds the session (the sticky cookie), a ``db load`` reaches
every replica, the app rides out a stopped database and a killed replica. One stack for the
module; the tests run in file order and the replica is killed last. Skipped, with the
reason, when HAProxy, PostgreSQL, PostGIS or Chromium is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest

from devtools.chromium import CHROMIUM, local_only
from scripts import cluster
from tests import ROOT
from tests.browser.mapwait import (
    MAP_READY_JS,
    PlaywrightError,
    map_frame,
    wait_for_map,
    wait_until_idle,
)
from ui.maplist import item_key

# One stack for the module: its tests run on one worker.
pytestmark = pytest.mark.xdist_group("replicas")

REPLICAS = 3
# One a replica and one more: enough to see them spread (scripts/load_test.py measures 12).
SESSIONS = 4
SESSIONS_TIMEOUT_MS = 240_000
VIEW = "/?project=dismantling&years=2021"
COOKIE = "GEO_REPLICA"
STALE = "The database cannot be reached"
RENAMED = "Tripoli Renamed"
TRIPOLI = f".st-key-{item_key('overview_map', 'hub-tripoli')} button"  # its button in the list

# Every hub on the map: its properties and tooltip, as one string per hub.
HUBS_JS = """() => {
    const out = [];
    window.map.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (!p || p.layer !== 'hubs') return;
        const tip = l.getTooltip && l.getTooltip();
        out.push(JSON.stringify(p) + (tip ? String(tip.getContent()) : ''));
    });
    return out;
}"""


@pytest.fixture(scope="module")
def stack(front_dir):
    why = cluster.missing()
    if why:
        pytest.skip(why)
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium")
    started = time.monotonic()
    running = cluster.Stack(REPLICAS, front_dir=front_dir).start(log=lambda *_: None)
    print(f"stack started in {time.monotonic() - started:.0f} s")
    try:
        yield running
    finally:
        running.stop()


def open_session(browser, stack, replica: int | None = None):
    """A fresh browser session (its own cookies) that may reach only the proxy.

    With ``replica`` (1-based) it carries that replica's cookie, as a browser HAProxy
    already sent there would. ``page.blocked`` lists requests to any other host.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    blocked = local_only(context)
    if replica is not None:
        context.add_cookies([{"name": COOKIE, "value": f"app{replica}", "url": stack.url}])
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.blocked = blocked
    return page


def replica_of(page) -> str | None:
    """The replica HAProxy keeps this session on (its cookie)."""
    return next((c["value"] for c in page.context.cookies() if c["name"] == COOKIE), None)


def hubs(page) -> str:
    """What the map holds about its hubs, once it has settled."""
    wait_for_map(page)
    return "\n".join(map_frame(page).evaluate(HUBS_JS))


def tripoli_listed(page) -> str:
    """Tripoli's name in the list beside the overview's map, as the replica served it."""
    button = page.locator(TRIPOLI)
    button.wait_for()
    return button.inner_text()


def test_sessions_opened_together_through_the_proxy_all_draw_the_map(stack, browser):
    pages = [open_session(browser, stack) for _ in range(SESSIONS)]
    try:
        started = time.monotonic()
        for page in pages:  # all navigate at once, then each is waited for
            page.goto(stack.url + "/", wait_until="commit")
        # Maps at once on 2 CPUs shared with as many renderers: minutes when the machine is busy.
        counts = [wait_for_map(page, timeout=SESSIONS_TIMEOUT_MS)[1] for page in pages]
        print(f"{SESSIONS} sessions drew the map in {time.monotonic() - started:.0f} s")
        for got in counts:
            assert got.get("hubs") == 5
        spread = [replica_of(page) for page in pages]
        print(f"sessions per replica: { {r: spread.count(r) for r in set(spread)} }")
        assert set(spread) <= {f"app{i}" for i in range(1, REPLICAS + 1)}
        assert len(set(spread)) >= 2, f"every session went to one replica: {spread}"
        assert all(page.blocked == [] for page in pages)
    finally:
        for page in pages:
            page.context.close()


def test_geojson_and_zip_downloads_through_the_proxy(stack, browser, tmp_path):
    page = open_session(browser, stack)
    try:
        page.goto(stack.url + "/data?project=dismantling&years=2021")
        geojson = page.get_by_role(
            "button", name="Download data-en-events_dismantling_2021.geojson"
        )
        geojson.wait_for(state="visible", timeout=90_000)
        wait_until_idle(page)
        with page.expect_download(timeout=60_000) as info:
            geojson.click()
        info.value.save_as(tmp_path / "events.geojson")
        got = json.loads((tmp_path / "events.geojson").read_text(encoding="utf-8"))
        assert got["type"] == "FeatureCollection" and got["features"]

        bundle = page.get_by_role("button", name="Download everything").first
        with page.expect_download(timeout=90_000) as info:
            bundle.click()
        info.value.save_as(tmp_path / "all.zip")
        with zipfile.ZipFile(tmp_path / "all.zip") as archive:
            names = archive.namelist()
        assert any(n.endswith("events.geojson") for n in names), names
        assert page.blocked == []
    finally:
        page.context.close()


def test_a_db_load_reaches_every_replica_within_15_s(stack, browser, tmp_path):
    pages = [open_session(browser, stack, replica=i) for i in range(1, REPLICAS + 1)]
    changed = tmp_path / "data"
    shutil.copytree(ROOT / "data", changed)
    path = changed / "hubs.geojson"
    hub_file = json.loads(path.read_text(encoding="utf-8"))
    for feature in hub_file["features"]:
        if feature["properties"]["id"] == "hub-tripoli":
            feature["properties"]["name"] = RENAMED
    path.write_text(json.dumps(hub_file, ensure_ascii=False), encoding="utf-8")
    try:
        for page in pages:
            page.goto(stack.url + "/", wait_until="commit")
        for page in pages:
            assert RENAMED not in hubs(page)
        assert [replica_of(p) for p in pages] == [f"app{i}" for i in range(1, REPLICAS + 1)]

        watch = _VersionWatch(stack)  # the versions served before the load
        cluster.geo_cli("db", "load", "--data-dir", str(changed), url=stack.admin_url)
        loaded = watch.start()
        # A replica checks the store's version when a session asks for the data, so sessions
        # keep opening on each replica until it lists the new name beside the map. The time a
        # replica took is when it first served the new version, as its agent says, polled
        # apart from the sessions: a round of sessions takes seconds on a busy machine, and
        # the rounds must not decide the time.
        listed: dict[str, float] = {}
        try:
            while len(listed) < REPLICAS and time.monotonic() - loaded < 60:
                waiting = [p for p in pages if replica_of(p) not in listed]
                for page in waiting:  # a new session on the same replica, all at once
                    page.reload(wait_until="commit")
                for page in waiting:
                    if RENAMED in tripoli_listed(page):
                        listed[replica_of(page)] = time.monotonic() - loaded
        finally:
            served = watch.stop()
        print(f"versions served before the load: {watch.first}")
        print(
            "replicas showed the load: "
            + ", ".join(
                f"app{i + 1} served it {served.get(i, float('nan')):.1f} s, "
                f"listed {listed.get(f'app{i + 1}', float('nan')):.1f} s"
                for i in range(REPLICAS)
            )
        )
        assert sorted(listed) == [f"app{i}" for i in range(1, REPLICAS + 1)]
        assert sorted(served) == list(range(REPLICAS)), served
        assert max(served.values()) <= 15
        for page in pages:  # and each draws it on the map
            assert RENAMED in hubs(page)
    finally:
        for page in pages:
            page.context.close()
        cluster.geo_cli("db", "load", "--data-dir", str(ROOT / "data"), url=stack.admin_url)


class _VersionWatch:
    """When each replica first serves a newer store version than it did when this was made.

    A thread asks every replica's agent (:meth:`scripts.cluster.Stack.agent_says`) every
    0.1 s; the agents answer from memory, without touching the database.
    """

    def __init__(self, stack):
        self.stack = stack
        self.first = {i: self.version(i) for i in range(REPLICAS)}
        self.seen: dict[int, float] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def version(self, index: int) -> int | None:
        found = re.search(r"version (\d+)", self.stack.agent_says(index))
        return int(found.group(1)) if found else None

    def start(self) -> float:
        self.started = time.monotonic()
        self._thread.start()
        return self.started

    def _run(self) -> None:
        while not self._done.is_set() and len(self.seen) < REPLICAS:
            for i in range(REPLICAS):
                now = self.version(i)
                if i not in self.seen and now is not None and now > (self.first[i] or 0):
                    self.seen[i] = time.monotonic() - self.started
            self._done.wait(0.1)

    def stop(self) -> dict[int, float]:
        self._done.set()
        self._thread.join()
        return dict(self.seen)


def _reload_until(page, shown: bool, within: float) -> float:
    """Open the page again until the stale notice is ``shown`` (or not); the seconds it took."""
    started = time.monotonic()
    while True:
        wait_for_map(page)
        wait_until_idle(page)
        if (page.get_by_text(STALE).count() > 0) == shown:
            return time.monotonic() - started
        assert time.monotonic() - started < within, f"stale notice still {not shown}"
        page.wait_for_timeout(1000)
        page.reload(wait_until="commit")


def test_a_stopped_database_keeps_the_last_data_with_a_notice(stack, browser):
    page = open_session(browser, stack)
    try:
        page.goto(stack.url + VIEW, wait_until="commit")
        # The store reachable first: the last test's reload of the data may still hold it.
        _reload_until(page, shown=False, within=30)
        _, before = wait_for_map(page)
        stack.stop_database()
        try:
            took = _reload_until(page, shown=True, within=30)
            print(f"stale notice after {took:.1f} s")
            _, during = wait_for_map(page)
            assert during == before  # the last dataset, still served
        finally:
            stack.start_database()
        took = _reload_until(page, shown=False, within=30)
        print(f"notice gone {took:.1f} s after the database came back")
        assert wait_for_map(page)[1] == before
        assert page.blocked == []
    finally:
        page.context.close()


FROZEN_S = 30
WITHIN_S = 10


def _map_and_notice_times(pages, started: float, limit: float) -> list[float]:
    """Seconds from ``started`` until each page shows both the map and the notice.

    The pages are looked at in turn, not one after the other to the end, so each time is
    its own page's.
    """
    seen: dict[int, float] = {}
    while len(seen) < len(pages) and time.monotonic() - started < limit:
        for n, page in enumerate(pages):
            if n in seen or page.get_by_text(STALE).count() == 0:
                continue
            if any(_drawn(frame) for frame in page.frames):
                seen[n] = time.monotonic() - started
        pages[0].wait_for_timeout(100)
    return [seen.get(n, float("inf")) for n in range(len(pages))]


def _drawn(frame) -> bool:
    if "streamlit_folium" not in frame.url or frame.is_detached():
        return False
    try:
        return bool(frame.evaluate(MAP_READY_JS))
    except PlaywrightError:  # replaced by a rerun while asked
        return False


def test_a_frozen_database_every_session_keeps_the_map_with_a_notice_and_recovers(stack, browser):
    """PostgreSQL frozen (SIGSTOP): it keeps its connections open and answers nothing."""
    pages = {i: open_session(browser, stack, replica=i) for i in range(1, REPLICAS + 1)}
    fresh = []
    try:
        for page in pages.values():
            page.goto(stack.url + VIEW, wait_until="commit")
        before = {i: wait_for_map(page)[1] for i, page in pages.items()}
        stack.freeze_database()
        frozen_at = time.monotonic()
        try:
            # Each replica's last check may be a moment old: the sessions act once it is due.
            time.sleep(3)
            took = []
            for page in pages.values():  # an open session changes page
                acted = time.monotonic()
                page.get_by_role("link", name="Events").first.click()
                took += _map_and_notice_times([page], acted, 3 * WITHIN_S)
            for i in pages:  # and a new page opens on each replica
                page = open_session(browser, stack, replica=i)
                fresh.append(page)
                acted = time.monotonic()
                page.goto(stack.url + VIEW, wait_until="commit")
                took += _map_and_notice_times([page], acted, 3 * WITHIN_S)
            print("map and notice after " + ", ".join(f"{t:.1f}" for t in took) + " s")
            assert max(took) < WITHIN_S
            _, during = wait_for_map(fresh[0])
            assert during == before[1]  # the last dataset, still served
            states = stack.store_states()
            print(f"store states while frozen: {states}")
            assert set(states) == {f"app{i}" for i in pages}
            assert all("stale" in state for state in states.values())
            assert set(stack.server_states().values()) == {"UP"}  # none taken out of rotation
            time.sleep(max(0, FROZEN_S - (time.monotonic() - frozen_at)))
        finally:
            stack.thaw_database()
        thawed = time.monotonic()
        while not all("store ok" in v for v in stack.store_states().values()):
            assert time.monotonic() - thawed < WITHIN_S, f"still {stack.store_states()}"
            time.sleep(0.25)
        print(f"every replica's store ok {time.monotonic() - thawed:.1f} s after SIGCONT")
        for page in pages.values():  # and their sessions' next page has no notice
            page.get_by_role("link", name="Overview").first.click()
            page.wait_for_url(lambda url: "/events" not in url)
            wait_for_map(page)
            wait_until_idle(page)
            assert page.get_by_text(STALE).count() == 0
        assert all(page.blocked == [] for page in [*pages.values(), *fresh])
    finally:
        for page in [*pages.values(), *fresh]:
            page.context.close()


def test_a_killed_replica_its_users_move_on_and_the_others_carry_on(stack, browser):
    pages = {i: open_session(browser, stack, replica=i) for i in range(1, REPLICAS + 1)}
    try:
        for page in pages.values():
            page.goto(stack.url + VIEW, wait_until="commit")
        before = {i: wait_for_map(page)[1] for i, page in pages.items()}
        killed = 2
        stack.kill_replica(killed - 1)
        killed_at = time.monotonic()

        # Sessions on the others carry on: their websocket still runs the app (a page link).
        for i, page in pages.items():
            if i == killed:
                continue
            page.get_by_role("link", name="Data").first.click()
            page.get_by_role("button", name="Download everything").first.wait_for()
            assert replica_of(page) == f"app{i}"
            assert "years=2021" in page.url

        # Its users' browsers reconnect through the proxy to another replica: same view.
        moved = pages[killed]
        deadline = time.monotonic() + 60
        while replica_of(moved) == f"app{killed}" and time.monotonic() < deadline:
            moved.wait_for_timeout(500)
        assert replica_of(moved) not in (None, f"app{killed}")
        assert moved.url.endswith(VIEW)
        assert wait_for_map(moved)[1] == before[killed]
        print(f"the killed replica's session moved in {time.monotonic() - killed_at:.1f} s")

        fresh = open_session(browser, stack)
        fresh.goto(stack.url + "/", wait_until="commit")
        assert wait_for_map(fresh)[1].get("hubs") == 5
        assert replica_of(fresh) != f"app{killed}"
        assert stack.server_states()[f"app{killed}"].startswith("DOWN")
        assert all(page.blocked == [] for page in [*pages.values(), fresh])
    finally:
        for page in pages.values():
            page.context.close()
