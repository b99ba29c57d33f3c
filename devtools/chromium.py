"""Debian's Chromium as every browser check here launches it, and what it may reach."""

from __future__ import annotations

from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium calls Google's hosts at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Every request for another host goes to a closed port on loopback and fails, IP addresses
# included: what a test's browser fetches from elsewhere can never arrive. The HTTP cache
# keeps working (Playwright's request routing would turn it off), so a worker's pages
# share compiled scripts, as a returning visitor's browser does.
OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9"]  # loopback is never proxied
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
ALWAYS_ALLOWED_SCHEMES = {"data", "blob", "about"}


def is_local(url: str) -> bool:
    """Whether the browser may fetch ``url``: the app itself, or data/blob/about URLs.

    >>> is_local("http://127.0.0.1:8501/x"), is_local("https://example.org/leaflet.js")
    (True, False)
    """
    parts = urlsplit(url)
    if parts.scheme in ALWAYS_ALLOWED_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


def local_only(context) -> list[str]:
    """Let a Playwright (sync) browser context reach only :func:`is_local` addresses.

    Every other request is aborted and its address appended to the list returned, which a
    test asserts is empty: the app works offline.
    """
    blocked: list[str] = []

    def guard(route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return blocked
