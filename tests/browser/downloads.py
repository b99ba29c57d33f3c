"""Files a test downloads from the app, and a map file opened from disk with no network."""

from __future__ import annotations

import re

from tests.browser.mapwait import COUNTS_FN

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
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile(name)).click()
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
