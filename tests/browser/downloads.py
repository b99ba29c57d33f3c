"""Files a test downloads from the app, and a map file opened from disk with no network."""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.mapwait import COUNTS_FN, server_log_tail, wait_until_idle

ATTEMPTS = 2
CLICK_TIMEOUT_MS = 60_000  # a briefing sheet on a loaded machine takes some seconds

# The map of a standalone file is a global of folium's making, not window.map.
STANDALONE_COUNTS_JS = (
    "() => {"
    + COUNTS_FN
    + """
    const m = Object.values(window).find(v => window.L && v instanceof window.L.Map);
    return m ? counts(m) : null;
}"""
)


def download(page, name: str, path, file_name: str | None = None):
    """Click the download button ``name`` as a reader does, and save the file it gives.

    The click waits until the app is idle: a click during a rerun may send the id of a
    file the rerun has just replaced, and Streamlit then makes nothing. A click that gives
    no file is said (with what the page shows under the button) and made once more, as a
    reader would; a second click with no file fails the test.
    """
    button = page.get_by_role("button", name=re.compile(name))
    said: list[str] = []
    for attempt in range(1, ATTEMPTS + 1):
        wait_until_idle(page)
        try:
            with page.expect_download(timeout=CLICK_TIMEOUT_MS) as info:
                button.click()
            break
        except PlaywrightTimeout:
            shown = page.locator("[data-testid=stDownloadButtonError]").all_inner_texts()
            said.append(f"click {attempt}: no file in {CLICK_TIMEOUT_MS // 1000} s, {shown}")
            print(f"download of {name!r}: {said[-1]}", flush=True)
    else:
        raise AssertionError(f"no download of {name!r}: {said}\n{server_log_tail()}")
    if file_name is not None:  # the name the browser suggests carries the view
        assert info.value.suggested_filename == file_name
    info.value.save_as(path)
    return path


def open_offline(browser, path):
    """Open a map file from disk with every request but the file itself refused."""
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
    return offline, disk, requests
