"""Presenter mode in Chromium: clean screen, stepping, and a map file that opens offline."""

from __future__ import annotations

import re

from .conftest import COUNTS_FN, wait_for_map, wait_until_idle

HIDDEN = ['[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stToolbar"]']
# The map of a standalone file is a global of folium's making, not window.map.
STANDALONE_COUNTS_JS = (
    "() => {"
    + COUNTS_FN
    + """
    const m = Object.values(window).find(v => window.L && v instanceof window.L.Map);
    return m ? counts(m) : null;
}"""
)


def step_text(page) -> str:
    return page.get_by_text(re.compile(r"^Step \d+ of \d+$")).inner_text()


def test_presenter_mode_hides_the_chrome_and_steps(app_url, page):
    page.goto(f"{app_url}/?present=1")
    wait_for_map(page)
    for selector in HIDDEN:
        assert not page.locator(selector).first.is_visible(), selector
    assert step_text(page).startswith("Step 0 of ")
    page.get_by_role("button", name=re.compile("Next")).click()
    page.wait_for_url(re.compile(r"[?&]step=1\b"))
    page.get_by_text(re.compile(r"^Step 1 of \d+$")).wait_for()
    wait_until_idle(page)
    page.keyboard.press("ArrowRight")  # the arrow keys step too
    page.wait_for_url(re.compile(r"[?&]step=2\b"))
    page.get_by_text(re.compile(r"^Step 2 of \d+$")).wait_for()
    wait_for_map(page)
    assert page.get_by_role("heading", name="Launch of the Morocco country package").is_visible()
    assert page.blocked == []


def test_a_link_reopens_the_step(app_url, page):
    page.goto(f"{app_url}/?present=1&step=3&project=dismantling")
    wait_for_map(page)
    assert step_text(page).startswith("Step 3 of ")
    assert page.blocked == []


def test_the_map_file_opens_from_disk_with_no_network(app_url, page, browser, tmp_path):
    page.goto(f"{app_url}/?present=1")
    wait_for_map(page)
    page.get_by_text("Share this view").click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile("Map file")).click()
    path = tmp_path / "map.html"
    info.value.save_as(path)
    assert path.stat().st_size < 5 * 1024 * 1024
    offline = browser.new_context()
    requests: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or url == path.as_uri():
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    offline.route("**/*", guard)
    disk = offline.new_page()
    disk.goto(path.as_uri())
    disk.wait_for_function(STANDALONE_COUNTS_JS, timeout=30_000)
    counts = disk.evaluate(STANDALONE_COUNTS_JS)
    offline.close()
    assert set(counts) == {"coverage", "routes", "hubs", "events"}, counts  # every layer
    assert counts["hubs"] == 5
    assert requests == []
    assert page.blocked == []
