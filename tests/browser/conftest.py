"""Fixtures of the end-to-end browser tests: the app server and the page.

The page fixture lets the browser reach only the app itself: a request to any other host
is aborted and recorded in ``page.blocked``, which each test asserts is empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from devtools.chromium import is_local
from tests.browser.mapwait import ARTIFACTS, VIEWPORT, server_log_tail, start_app, stop_app


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (``rep_setup``, ``rep_call``...) for fixtures."""
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Base URL of the app, started once for the session with the project's data."""
    server = start_app()
    try:
        yield server.url
    finally:
        stop_app(server)


def _artifact_name(nodeid_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid_name).strip("_")[:150] or "test"


@pytest.fixture(scope="session")
def bare_maps(profile, tmp_path_factory):
    """A page of the worker's browser that shows maps without the app (tests.browser.bare)."""
    from tests.browser.bare import BareMaps

    page = profile.new_page()
    yield BareMaps(page, tmp_path_factory.mktemp("bare"))
    page.close()


@pytest.fixture(scope="session")
def tab(profile):
    """The worker's one browser tab: a new tab would cost a renderer process of its own
    for each test; the same tab opening the next test's address reuses it.
    """
    return profile.new_page()


@pytest.fixture
def page(tab, profile, request):
    """The worker's tab at 1600x1000, reaching only the app; ``page.blocked`` lists the rest.

    Each test opens its own address (a new Streamlit session) and leaves the tab blank,
    at its size, with no cookie and no listener of its own. On a failed test, a screenshot
    goes to test-artifacts/<test name>.png.
    """
    if tab.is_closed():
        tab = profile.new_page()
    tab.set_viewport_size(VIEWPORT)
    tab.set_default_timeout(30_000)
    outside: list[str] = []

    def record(request) -> None:
        if not is_local(request.url):
            outside.append(request.url)

    tab.on("request", record)
    tab.blocked = outside
    try:
        yield tab
    finally:
        failed = any(
            getattr(request.node, f"rep_{when}", None) is not None
            and getattr(request.node, f"rep_{when}").failed
            for when in ("setup", "call")
        )
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            try:
                tab.screenshot(path=str(ARTIFACTS / f"{_artifact_name(request.node.name)}.png"))
            except Exception as exc:  # the screenshot must not hide the failure
                print(f"could not save the failure screenshot: {exc}")
            print(f"server log (tail):\n{server_log_tail()}")
        tab.remove_listener("request", record)
        tab.mouse.up()
        tab.goto("about:blank")  # ends the test's Streamlit session
        profile.clear_cookies()
