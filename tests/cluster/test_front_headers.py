"""The hardened front (deploy/haproxy.cfg): what a browser, a crawler and an operator see.

Every response, the app's, front.lua's and the proxy's own, carries the security headers
and names no server; /robots.txt is the proxy's; HSTS comes over TLS only; only the sites
GEO_FRAME_ANCESTORS names may frame the dashboard. In Chromium, through the front, the
dashboard works under its Content-Security-Policy with not one violation.
"""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import ssl
import threading
import time
from contextlib import contextmanager
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from devtools import appserver, proxy
from devtools.chromium import local_only
from devtools.proxy import self_signed
from scripts import front_assets
from tests import ROOT

# One app for the module, behind the fronts below: its tests run on one worker, as
# tests/cluster/test_front.py's (never both apps at once: a module's fixtures end with it).
pytestmark = pytest.mark.xdist_group("front")

# The policy, source by source (deploy/haproxy.cfg says why each one is needed): loosening
# it is a decision, taken here too.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https://tile.openstreetmap.org"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()",
}
HSTS = "max-age=31536000"
ANNOUNCING = ("server", "x-powered-by")  # headers that name the software behind


def policy(value: str | None) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]} ({} for none)."""
    return {words[0]: words[1:] for words in map(str.split, (value or "").split(";")) if words}


def request(url: str, method: str = "GET", **headers) -> tuple[int, dict[str, str], bytes]:
    """``(status, headers with lower-case names, body)``, redirects not followed; https
    takes the test's own certificate. Repeated headers are joined by ", ".
    """
    parts = urlsplit(url)
    if parts.scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        conn = http.client.HTTPSConnection(parts.netloc, timeout=30, context=context)
    else:
        conn = http.client.HTTPConnection(parts.netloc, timeout=30)
    try:
        path = parts.path or "/"
        conn.request(method, path + (f"?{parts.query}" if parts.query else ""), headers=headers)
        r = conn.getresponse()
        names = {k.lower() for k in r.headers}
        found = {k: ", ".join(r.headers.get_all(k)) for k in names}
        return r.status, found, r.read()
    finally:
        conn.close()


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def app():
    """The dashboard, with the project's data."""
    if proxy.haproxy() is None:
        pytest.skip("haproxy is not installed (apt-get install haproxy)")
    from geo.render.assets import publish_leaflet
    from tests.browser.mapwait import start_app, stop_app

    publish_leaflet(ROOT / "static")  # as the app's first session does: /app/static/vendor
    server = start_app()
    try:
        yield server
    finally:
        stop_app(server)


@pytest.fixture(scope="module")
def front(app, front_dir, tmp_path_factory):
    """deploy/haproxy.cfg as docs/operations.md sets it up, with the front's files: no TLS."""
    with proxy.Front(app.url, tmp_path_factory.mktemp("front"), front_dir) as running:
        yield running


class _Portal(BaseHTTPRequestHandler):
    """Another site's page that shows ``?src=`` in a frame."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        src = parse_qs(urlsplit(self.path).query).get("src", ["about:blank"])[0]
        body = (
            '<!doctype html><html lang="en"><title>Portal</title><h1>Portal</h1>'
            f'<iframe title="dashboard" src="{escape(src)}" width="1400" height="900"></iframe>'
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def portal():
    """The origin of another site (another port of loopback: Chromium lets a page on
    loopback frame loopback, where a page from nowhere may not).
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def _haproxy(app_url: str, folder: Path, front_dir: Path, **settings: str):
    """deploy/haproxy.cfg with the GEO_ ``settings`` an operator would add; yields its
    plain-http address once it answers there or, with TLS, on its https bind.
    """
    port = appserver.free_port()
    env = proxy.proxy_env(port, [app_url], folder / "haproxy.sock", front_dir)
    env.update(settings)
    log = folder / f"haproxy-{port}.log"
    proc = proxy.start_haproxy(proxy.haproxy(), env, log)
    try:
        url = f"http://127.0.0.1:{port}"
        urls = [url]
        if "GEO_TLS_BIND" in settings:
            urls.insert(0, "https://" + settings["GEO_TLS_BIND"])
        deadline = time.monotonic() + 30
        while not any(_answers(u) for u in urls):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"haproxy did not answer: {log.read_text()[-600:]}")
            time.sleep(0.2)
        yield url
    finally:
        appserver.stop_process(proc)


def _answers(url: str) -> bool:
    try:
        return request(url + "/_stcore/health")[0] == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def configured(app, front_dir, portal, tmp_path_factory):
    """The front as an operator sets it up for a real site: TLS (a throwaway self-signed
    certificate), and the portal allowed to frame the dashboard. ``(http, https)`` URLs.
    """
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (apt-get install openssl)")
    folder = tmp_path_factory.mktemp("tls")
    pem = self_signed(folder)  # HAProxy's crt: certificate and key in one file
    tls = f"127.0.0.1:{appserver.free_port()}"
    settings = {"GEO_TLS_CERT": str(pem), "GEO_TLS_BIND": tls, "GEO_FRAME_ANCESTORS": portal}
    with _haproxy(app.url, folder, front_dir, **settings) as url:
        yield url, f"https://{tls}"


def _lua_script(front_dir: Path) -> tuple[str, str]:
    """Streamlit's main script as front.lua serves it: its address and the front's file."""
    rows = (line.split("\t") for line in (front_dir / "manifest.tsv").read_text().splitlines())
    return next(
        (row[0], row[1]) for row in rows if re.fullmatch(r"/static/js/index\.[^/]+\.js", row[0])
    )


def _addresses(front_dir: Path) -> dict[str, tuple[str, dict[str, str], int]]:
    """One address of each kind of response: request headers to ask it with, its status.

    (The map's frame exists once a session has drawn a map: the browser tests check it.)
    """
    gz = {"Accept-Encoding": "gzip"}
    return {
        "the page": ("/", {}, 200),
        "a Streamlit file front.lua serves": (_lua_script(front_dir)[0], gz, 200),
        "a map file under /app/static": ("/app/static/vendor/leaflet/leaflet.js", gz, 200),
        "the health check": ("/_stcore/health", {}, 200),
        "a missing map file": ("/app/static/no-such-file.js", {}, 404),
        "the proxy's robots.txt": ("/robots.txt", {}, 200),
    }


# --------------------------------------------------------------------------------- HTTP


def test_every_response_carries_the_security_headers(front, front_dir):
    for kind, (address, asked, expected) in _addresses(front_dir).items():
        status, headers, _ = request(front.url + address, **asked)
        assert status == expected, (kind, status)
        assert policy(headers.get("content-security-policy")) == POLICY, kind
        for name, value in HEADERS.items():
            assert headers.get(name) == value, (kind, name)
        assert "strict-transport-security" not in headers, kind  # plain http: no HSTS
    # That script came from front.lua (gzipped at level 9 by front_assets), not the app.
    address, name = _lua_script(front_dir)
    body = request(front.url + address, **{"Accept-Encoding": "gzip"})[2]
    assert body == (front_dir / name).read_bytes()
    assert gzip.decompress(body) == (front_assets.STATIC / address.lstrip("/")).read_bytes()


def test_nothing_names_the_server(front, app, front_dir):
    assert "server" in request(app.url + "/")[1]  # the app does: uvicorn
    for kind, (address, asked, _) in _addresses(front_dir).items():
        for method in ("GET", "HEAD"):
            headers = request(front.url + address, method, **asked)[1]
            assert not set(ANNOUNCING) & set(headers), (kind, method, headers)


def test_robots_txt_is_the_proxys_and_forbids_crawling(front, app):
    status, headers, body = request(front.url + "/robots.txt")
    assert status == 200
    assert headers["content-type"] == "text/plain"
    assert body == b"User-agent: *\nDisallow: /\n"
    status, headers, body = request(front.url + "/robots.txt", "HEAD")
    assert (status, headers["content-type"], body) == (200, "text/plain", b"")
    # The app alone would answer with its page.
    assert request(app.url + "/robots.txt")[1]["content-type"].startswith("text/html")


def test_hsts_is_sent_over_tls_only(configured, front_dir):
    http_url, https_url = configured
    for kind, (address, asked, expected) in _addresses(front_dir).items():
        status, headers, _ = request(https_url + address, **asked)
        assert status == expected, kind
        assert headers.get("strict-transport-security") == HSTS, kind
        assert headers.get("x-content-type-options") == "nosniff", kind
        assert "server" not in headers, kind
    # Over TLS the replica's cookie never travels in clear.
    cookie = request(https_url + "/")[1]["set-cookie"]
    assert cookie.startswith("GEO_REPLICA=") and "Secure" in cookie, cookie
    # Plain http is sent to https, same host name and path, and gets no HSTS.
    status, headers, _ = request(http_url + "/?years=2008", Host="dashboard.example.org")
    assert (status, headers["location"]) == (301, "https://dashboard.example.org/?years=2008")
    assert "strict-transport-security" not in headers
    assert policy(headers["content-security-policy"])["default-src"] == ["'self'"]


# ------------------------------------------------------------------------------ Chromium

# Every Content-Security-Policy violation of every document, the map's frame included,
# reported to the test. On window, not document: the map's frame keeps the window of its
# first blank document (same origin) but not its document, whose listeners are gone.
REPORT_VIOLATIONS_JS = """
window.addEventListener("securitypolicyviolation", e => window.__cspViolation({
    page: location.pathname, directive: e.effectiveDirective, blocked: e.blockedURI,
    source: e.sourceFile, sample: e.sample,
}), true);
"""


@contextmanager
def _watched(browser, **options):
    """A Chromium page reaching only this machine, with ``page.violations`` (the events)
    and ``page.csp_console`` (what the console said about the policy).
    """
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, **options)
    blocked = local_only(context)
    violations: list[dict] = []
    context.expose_function("__cspViolation", lambda v: violations.append(v))
    context.add_init_script(REPORT_VIOLATIONS_JS)
    page = context.new_page()
    page.blocked, page.violations, page.csp_console = blocked, violations, []
    page.documents = {}  # address -> its Content-Security-Policy, for each HTML document

    def said(message) -> None:
        if "content security policy" in message.text.lower():
            page.csp_console.append(message.text)

    def answered(response) -> None:
        if response.request.resource_type == "document":
            page.documents[response.url] = response.headers.get("content-security-policy")

    page.on("console", said)
    page.on("response", answered)
    try:
        yield page
    finally:
        context.close()


def _next_step(page, number: int) -> None:
    from tests.browser.mapwait import wait_until_idle

    page.get_by_role("button", name=re.compile("Next")).click()
    page.wait_for_url(re.compile(rf"[?&]step={number}\b"))
    # The address changes as the step's run starts; its counter is drawn by that run, and
    # only then does the status show the run (a loaded machine shows it late).
    page.get_by_text(re.compile(rf"^Step {number} of \d+$")).wait_for()
    wait_until_idle(page)


@pytest.mark.parametrize(
    "address",
    ["/", "/?present=1", "/?base=osm"],
    ids=["overview", "presenter-stepping", "openstreetmap-base"],
)
def test_through_the_front_the_dashboard_works_under_its_policy(front, browser, address):
    """The overview; a presenter stepping (streamlit-folium evals each step into the map);
    the OpenStreetMap base (its tiles, aborted here, must not be refused by the policy).
    """
    from tests.browser.mapwait import ARTIFACTS, wait_for_map

    with _watched(browser) as page:
        try:
            page.goto(front.url + address)
            frame, counts = wait_for_map(page)
            assert counts, "no feature on the map"
            if "present" in address:
                _next_step(page, 2)
                _next_step(page, 3)
                # Step 3's mark was evaluated into the same map: Rabat, ringed and named.
                frame.locator(".geo-step-label", has_text="Rabat").wait_for(state="attached")
            # Both the page and the map's frame were under the policy.
            kinds = {"map" if "streamlit_folium" in u else "page" for u in page.documents}
            assert kinds == {"page", "map"}, page.documents
            assert all(policy(p) == POLICY for p in page.documents.values()), page.documents
            assert page.violations == [], page.violations
            assert page.csp_console == [], page.csp_console
            if "osm" in address:  # asked of OpenStreetMap, never refused before asking
                assert page.blocked and all("tile.openstreetmap.org" in u for u in page.blocked)
            else:
                assert page.blocked == []
        except BaseException:
            name = re.sub(r"\W+", "-", address).strip("-") or "overview"
            page.screenshot(path=str(ARTIFACTS / f"front-policy-{name}.png"))
            raise


def test_only_the_sites_named_may_frame_the_dashboard(front, configured, portal, browser):
    """By default no other site may show the dashboard in a frame (clickjacking); one that
    GEO_FRAME_ANCESTORS names may, map included (a frame of the dashboard's own page).
    """
    from tests.browser.mapwait import map_frame

    with _watched(browser) as page:
        with page.expect_event(
            "requestfailed", lambda r: r.url.startswith(front.url), timeout=30_000
        ) as refused:
            page.goto(f"{portal}/?src={front.url}/")
        assert "ERR_BLOCKED_BY_RESPONSE" in (refused.value.failure or "")
        assert not [f for f in page.frames if f.url.startswith(front.url)]
    _, https_url = configured
    with _watched(browser, ignore_https_errors=True) as page:
        page.goto(f"{portal}/?src={https_url}/")
        frame = map_frame(page)
        assert frame.url.startswith(f"{https_url}/component/streamlit_folium")
        assert page.violations == [] and page.csp_console == []
