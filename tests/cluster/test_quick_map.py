"""Through the front, the overview shows its quick map first, then the dashboard takes its place.

A real app behind HAProxy with deploy/haproxy.cfg and the front's files (front.lua,
deploy/quick.js), in Chromium on an emulated slow link where the order matters.
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from devtools import proxy
from devtools.appserver import quick_maps_written
from geo.i18n import translator
from geo.render.quick import STATUS
from tests import ROOT
from tests.browser.mapwait import ARTIFACTS, COUNTS_FN, VIEWPORT, wait_for_map
from tests.browser.test_page_checkers import axe_problems, findings, run_axe

# The front's tests run on one worker, one app and proxy per module.
pytestmark = pytest.mark.xdist_group("front")

# In the quick map's frame: its drawn features by layer, or false while it has none.
QUICK_COUNTS_JS = (
    "() => {"
    + COUNTS_FN
    + """
    if (!window.L) return false;
    for (const k of Object.keys(window)) {
        const m = window[k];
        if (k.startsWith('map_') && m instanceof window.L.Map) {
            const c = counts(m);
            return Object.keys(c).length ? c : false;
        }
    }
    return false;
}"""
)


@pytest.fixture(scope="module")
def front(front_dir, tmp_path_factory, browser):
    """HAProxy and the front's files before one app that has shown its overview once.

    The app runs from a copy of its files: its static folder, where it writes its quick
    maps, is its own (the checkout's is every other test server's too).
    """
    if proxy.haproxy() is None:
        pytest.skip("haproxy is not installed (apt-get install haproxy)")
    from tests.browser.mapwait import start_app, stop_app

    app = tmp_path_factory.mktemp("app")
    for name in ("app.py", "pages", "ui", "assets", ".streamlit"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, app / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, app / name)
    server = start_app({"GEO_QUICK_MAPS": "on"}, script=app / "app.py")
    try:
        with proxy.Front(server.url, tmp_path_factory.mktemp("haproxy"), front_dir) as running:
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url)  # the app writes its quick maps for the data it shows
            wait_for_map(page)
            context.close()
            assert quick_maps_written(running.url), "the app wrote no quick map in every language"
            yield running
    finally:
        stop_app(server)


def slow_page(browser, down_kbit: int = 4000, latency_ms: int = 100):
    """A page on an emulated slow link (Chromium's own throttling), recording its requests."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency_ms,
            "downloadThroughput": down_kbit * 1000 / 8,
            "uploadThroughput": down_kbit * 1000 / 16,
        },
    )
    return context, recorded(page)


def recorded(page):
    """``page`` with ``page.asked``, each request's address in the order the page made them,
    and ``page.refused``, what the console said of the front's Content-Security-Policy."""
    page.asked, page.refused = [], []
    page.on("request", lambda r: page.asked.append(r.url))
    page.on(
        "console",
        lambda m: "content security policy" in m.text.lower() and page.refused.append(m.text),
    )
    return page


def dashboard_alone(page, address: str) -> None:
    """Open ``address``: the dashboard's map, and no quick map asked for or shown."""
    page.goto(address)
    wait_for_map(page)
    assert page.locator("#geo-quick").count() == 0
    assert not any("/app/static/quick/" in u for u in page.asked)


def quick_map(page) -> dict:
    """Wait for the quick map to have features drawn; its counts by layer."""
    frame = page.wait_for_selector("#geo-quick iframe", state="attached").content_frame()
    return frame.wait_for_function(QUICK_COUNTS_JS, polling=50, timeout=60_000).json_value()


def open_quick(page, address: str, lang: str = "en") -> dict:
    """Open ``address`` and wait as a reader does: the quick map drawn, then the bar saying
    it is ready (its file has come); the map's counts by layer."""
    page.goto(address)
    counts = quick_map(page)
    bar = page.locator("#geo-quick").get_by_role("status")
    expect(bar).to_have_text(translator(lang)(STATUS["loading"]))
    return counts


def test_the_overview_shows_its_quick_map_then_gives_way_to_the_dashboard(front, browser):
    """A first visit: the quick map, then the dashboard; the next visit: the dashboard."""
    context, page = slow_page(browser)
    try:
        counts = open_quick(page, front.url + "/")
        assert {"hubs", "routes", "coverage", "events"} <= set(counts), counts
        page.screenshot(path=str(ARTIFACTS / "front-quick-map.png"))
        # Streamlit was asked for only once the quick map had come: it had the link alone.
        quick = next(i for i, u in enumerate(page.asked) if "/app/static/quick/" in u)
        streamlit = next(i for i, u in enumerate(page.asked) if re.search(r"/static/js/index", u))
        assert quick < streamlit, page.asked[: streamlit + 1]
        # Untouched, it gives way to the dashboard once the dashboard's map is drawn.
        wait_for_map(page)
        page.locator("#geo-quick").wait_for(state="detached", timeout=10_000)
        assert page.evaluate("() => document.getElementById('root').inert") is False
        page.get_by_role("heading", level=1).first.wait_for()
        page.get_by_role("combobox").first.click(timeout=10_000)  # the filters answer
        # The next visit from this browser has Streamlit's files: the dashboard at once.
        dashboard_alone(recorded(context.new_page()), front.url + "/")
        assert page.refused == []  # the quick map's page and frame work under the policy
    finally:
        context.close()


def test_a_reader_of_the_quick_map_keeps_it_until_they_choose_the_dashboard(front, browser):
    context, page = slow_page(browser)
    try:
        open_quick(page, front.url + "/")
        box = page.locator("#geo-quick iframe").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        wait_for_map(page)  # the dashboard's, drawn behind the quick map
        show = page.get_by_role("button", name=STATUS["show"])
        show.wait_for(timeout=10_000)
        expect(page.locator("#geo-quick").get_by_role("status")).to_have_text(STATUS["ready"])
        assert page.locator("#geo-quick").is_visible()
        page.screenshot(path=str(ARTIFACTS / "front-quick-map-ready.png"))
        assert axe_problems(findings(run_axe(page))) == []
        show.click()
        page.locator("#geo-quick").wait_for(state="detached")
        focused = page.evaluate("() => document.activeElement.tagName")
        assert focused == "H1"  # the reader goes on from the dashboard's title
    finally:
        context.close()


def test_in_arabic_the_quick_map_and_what_it_says_are_arabic(front, browser):
    context, page = slow_page(browser)
    try:
        open_quick(page, front.url + "/?lang=ar", "ar")
        frame = page.locator("#geo-quick iframe")
        assert re.search(r"/overview\.ar\.html$", frame.get_attribute("src"))
        assert page.locator("#geo-quick").get_attribute("dir") == "rtl"
        # Named by the front, then by the map itself, in its words: Arabic either way.
        assert re.search(r"[\u0600-\u06ff]{3}", frame.get_attribute("title"))
        page.screenshot(path=str(ARTIFACTS / "front-quick-map-ar.png"))
        assert axe_problems(findings(run_axe(page))) == []
    finally:
        context.close()


@pytest.mark.parametrize("address", ["/?years=2019", "/routes"])
def test_a_view_with_filters_or_another_page_opens_the_dashboard_at_once(front, browser, address):
    context, page = slow_page(browser, down_kbit=20_000, latency_ms=20)
    try:
        dashboard_alone(page, front.url + address)
    finally:
        context.close()


def test_with_no_quick_map_written_the_dashboard_opens_alone(front, browser):
    context, page = slow_page(browser, down_kbit=20_000, latency_ms=20)
    # As on a server that has not shown its overview yet: Streamlit's "not found".
    page.route("**/app/static/quick/**", lambda route: route.fulfill(status=404, body="404"))
    try:
        page.goto(front.url + "/")
        frame, counts = wait_for_map(page)
        assert counts
        assert page.locator("#geo-quick").count() == 0
        assert page.evaluate("() => document.getElementById('root').inert") is False
    finally:
        context.close()
