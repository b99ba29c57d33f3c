"""Streamlit's frontend files for the proxy (scripts/front_assets.py), and HAProxy serving them.

The files must be Streamlit's own, byte for byte once unzipped; the cut fonts must still
draw every icon the interface shows and every letter of the English and French text.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest
from fontTools.ttLib import TTFont

from devtools import proxy
from scripts import front_assets
from tests import ROOT

# One proxy and app for the module: its tests run on one worker.
pytestmark = pytest.mark.xdist_group("front")

# The icons the app builds from parts (ui/exports.py, ui/present.py), and some of
# Streamlit's own: the sidebar's, the expander's, the popover's, the status widget's.
ICONS = {"map", "image", "article", "arrow_back", "arrow_forward", "keyboard_double_arrow_left"}
ICONS |= {"keyboard_double_arrow_right", "expand_more", "expand_less", "more_vert", "close"}


def manifest(folder: Path, form: str = "gzip") -> dict[str, tuple[str, str, str, str]]:
    """Each address's file, type, encoding and tag: its ``form`` where it has two (gzip, br)."""
    rows = [line.split("\t") for line in (folder / "manifest.tsv").read_text().splitlines()]
    out = {}
    for path, name, kind, encoding, etag in rows:
        if encoding in ("", form) or path not in out:
            out[path] = (name, kind, encoding, etag)
    return out


def served(folder: Path, name: str) -> bytes:
    return (folder / name).read_bytes()


def test_every_script_and_stylesheet_unzips_to_streamlits_own(front_dir):
    listed = manifest(front_dir)
    static = front_assets.STATIC
    sources = [p for p in (static / "static").rglob("*") if p.suffix in {".js", ".css"}]
    assert len(sources) > 100
    in_brotli = manifest(front_dir, "br")
    for source in sources:
        address = "/" + source.relative_to(static).as_posix()
        name, kind, encoding, _ = listed[address]
        assert encoding == "gzip"
        assert gzip.decompress(served(front_dir, name)) == source.read_bytes(), source.name
        assert kind in {"text/javascript", "application/javascript", "text/css"}
        name, _, encoding, _ = in_brotli[address]
        assert encoding == "br"
        assert brotli.decompress(served(front_dir, name)) == source.read_bytes(), source.name
    assert (front_dir / "front.lua").read_text() == (ROOT / "deploy" / "front.lua").read_text()


def _font(front_dir: Path, prefix: str) -> tuple[TTFont, TTFont, int, int]:
    listed = manifest(front_dir)
    path = next(p for p in listed if p.rsplit("/", 1)[1].startswith(prefix))
    cut = served(front_dir, listed[path][0])
    whole = (front_assets.STATIC / path.lstrip("/")).read_bytes()
    assert listed[path][1:3] == ("font/woff2", "")
    return TTFont(io.BytesIO(cut)), TTFont(io.BytesIO(whole)), len(cut), len(whole)


def test_the_icon_font_keeps_every_icon_the_interface_names(front_dir):
    cut, whole, cut_size, whole_size = _font(front_dir, "MaterialSymbols-")
    kept, everything = front_assets.ligatures(cut), front_assets.ligatures(whole)
    app = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    code = "\n".join(p.read_text(encoding="utf-8") for p in app)
    named = set(re.findall(r":material/([a-z0-9_]+):", code)) | ICONS
    assert named <= set(everything)  # names this test expects are real icons
    assert named <= set(kept), sorted(named - set(kept))
    assert "pets" in everything and "pets" not in kept  # an icon nothing names is gone
    assert cut_size < whole_size / 4


def test_the_text_font_keeps_every_letter_of_the_english_and_french_text(front_dir):
    cut, whole, cut_size, whole_size = _font(front_dir, "SourceSansVF-Upright")
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "data").glob("*.*sv"))
    text += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "data").glob("*.geojson"))
    text += (ROOT / "geo/locale/fr/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    whole_cmap, cut_cmap = whole.getBestCmap(), cut.getBestCmap()
    # Every character of the text the whole font draws, the cut one draws too (Arabic
    # never came from this font).
    missing = sorted(c for c in set(text) if ord(c) in whole_cmap and ord(c) not in cut_cmap)
    assert not missing, missing
    drawn = set(map(chr, cut_cmap))
    assert {"é", "ç", "œ", "«", "’", "–", "…", "€"} <= drawn
    assert cut_size < whole_size * 0.6


@pytest.fixture(scope="module")
def front(front_dir, tmp_path_factory):
    """HAProxy with deploy/haproxy.cfg and the front's files, before one app."""
    if proxy.haproxy() is None:
        pytest.skip("haproxy is not installed (apt-get install haproxy)")
    from tests.browser.mapwait import start_app, stop_app

    server = start_app()
    try:
        with proxy.Front(server.url, tmp_path_factory.mktemp("haproxy"), front_dir) as running:
            yield running, server
    finally:
        stop_app(server)


def get(url: str, encoding: str | None = None, method: str = "GET", **headers):
    """``(status, headers with lower-case names, body)`` of one request."""
    if encoding:
        headers["Accept-Encoding"] = encoding
    request = urllib.request.Request(url, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, b""


def test_haproxy_sends_brotli_or_gzip_as_the_browser_takes_them(front, front_dir):
    running, _ = front
    static = front_assets.STATIC
    script = next((static / "static" / "js").glob("index.*.js"))
    address = "/" + script.relative_to(static).as_posix()
    # Every browser of today takes brotli: the smallest form.
    status, headers, body = get(running.url + address, "gzip, deflate, br, zstd")
    assert (status, headers["content-encoding"]) == (200, "br")
    assert brotli.decompress(body) == script.read_bytes()
    assert len(body) < 0.9 * len(served(front_dir, manifest(front_dir)[address][0]))
    assert "immutable" in headers["cache-control"] and headers["vary"] == "Accept-Encoding"
    status, headers, body = get(running.url + address, "gzip, deflate, br;q=0")
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert "immutable" in headers["cache-control"]
    assert body == served(front_dir, manifest(front_dir)[address][0])
    assert gzip.decompress(body) == script.read_bytes()
    assert headers["vary"] == "Accept-Encoding"
    status, headers, body = get(running.url + address, "gzip", method="HEAD")
    assert (status, headers["content-encoding"], body) == (200, "gzip", b"")
    # A client that takes no gzip gets the file as Streamlit sends it, and a shared cache
    # is told the two differ.
    for refusal in (None, "gzip;q=0, deflate", "identity"):
        status, headers, body = get(running.url + address, refusal)
        assert status == 200 and "content-encoding" not in headers, refusal
        assert body == script.read_bytes()
        assert headers["vary"] == "Accept-Encoding"


def test_a_cut_font_is_checked_by_its_tag_not_kept_for_a_year(front, front_dir):
    running, _ = front
    address, (name, _, _, tag) = next(
        (path, row) for path, row in manifest(front_dir).items() if "MaterialSymbols" in path
    )
    status, headers, body = get(running.url + address, "gzip")
    assert status == 200 and body == served(front_dir, name)
    assert headers["etag"] == f'"{tag}"' and len(tag) >= 16
    assert headers["cache-control"] == "public, max-age=86400"
    status, headers, body = get(running.url + address, "gzip", **{"If-None-Match": f'"{tag}"'})
    assert (status, body, headers["etag"]) == (304, b"", f'"{tag}"')
    assert get(running.url + address, **{"If-None-Match": '"old"'})[0] == 200


def test_haproxy_refuses_a_folder_whose_manifest_reaches_outside_it(front, tmp_path):
    running, app = front
    folder = tmp_path / "front"
    folder.mkdir()
    (folder / "front.lua").write_text((ROOT / "deploy" / "front.lua").read_text())
    (folder / "manifest.tsv").write_text("/static/js/x.js\t../../etc/passwd\ttext/plain\t\t\n")
    with pytest.raises(RuntimeError, match="not a line scripts/front_assets.py writes"):
        with proxy.Front(app.url, tmp_path, folder):
            pass


def test_everything_else_still_comes_from_the_app(front):
    running, app = front
    for address in (  # the pages: test_every_page_says_what_the_dashboard_is_in_its_head
        "/static/js/not-a-file.js",
        "/_stcore/health",
        "/app/static/vendor/leaflet/leaflet.js",
    ):
        status, headers, body = get(running.url + address, "gzip")
        if headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        assert (status, body) == get(app.url + address)[::2], address


# Every icon Streamlit draws with the icon font: its name, the width of what the font drew
# (its box is one em whatever it holds), its font size, whether it is shown.
ICON_SIZES_JS = """els => els.map(e => {
    const drawn = document.createRange();
    drawn.selectNodeContents(e);
    return [e.textContent, drawn.getBoundingClientRect().width,
            parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().width > 0];
})"""


def test_through_the_front_every_icon_of_the_overview_is_drawn_as_an_icon(front, browser):
    """An icon cut from the font would show as its name, or as nothing."""
    from devtools.chromium import local_only
    from tests.browser.mapwait import ARTIFACTS, wait_for_map

    running, _ = front
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    blocked = local_only(context)
    page = context.new_page()
    fonts: list[str] = []
    page.on("response", lambda r: r.url.endswith(".woff2") and fonts.append(r.url))
    try:
        page.goto(running.url)
        wait_for_map(page)
        page.get_by_role("button", name="Share this view").click()  # a popover of icons
        page.get_by_role("button", name="Map image (PNG)").wait_for()
        page.evaluate("document.fonts.ready.then(() => true)")
        sizes = page.locator('[data-testid="stIconMaterial"]').evaluate_all(ICON_SIZES_JS)
        shown = [s for s in sizes if s[3]]
        assert len(shown) >= 5, sizes
        misdrawn = [s[:3] for s in shown if not 0.8 * s[2] <= s[1] <= 1.5 * s[2]]
        assert not misdrawn, misdrawn
        assert any("MaterialSymbols" in f for f in fonts)
        assert blocked == []
        page.screenshot(path=str(ARTIFACTS / "front-overview.png"))
    finally:
        context.close()


@pytest.mark.parametrize("address", ["/", "/routes?lang=ar", "/about"])
def test_every_page_says_what_the_dashboard_is_in_its_head(front, address):
    """Streamlit's page has no description (a site audit and a link preview read one);
    through the front every page of the app carries it in its head, checked at each visit."""
    running, app = front
    status, headers, body = get(running.url + address, "gzip")
    assert status == 200
    page = gzip.decompress(body).decode("utf-8")
    head = page[: page.index("</head>")]
    assert f'<meta name="description" content="{front_assets.DESCRIPTION}" />' in head
    own = get(app.url + address)[2].decode("utf-8")
    expected = front_assets.described(own)  # the app's page, the description added
    if address == "/":  # and there, the quick map first (test_quick_map.py)
        expected = front_assets.quick(expected)
    assert page == expected
    assert headers["cache-control"] == "no-cache"
    assert "content-security-policy" in headers  # the front's policy, as on the app's pages
    status, _, _ = get(running.url + address, "gzip", **{"If-None-Match": headers["etag"]})
    assert status == 304
    status, headers, body = get(running.url + address)  # no gzip: the app's own page
    assert status == 200 and b"Streamlit" in body
    status, headers, body = get(running.url + address, "br")  # brotli: the same page
    assert headers["content-encoding"] == "br"
    assert brotli.decompress(body).decode("utf-8") == expected


# Links that load nothing for the page to run: its icon, the agent API's description.
NOT_LOADING = {"shortcut icon", "service-desc"}


class _Loads(HTMLParser):
    """What a page's script and link tags fetch, in a template (held) or not (loaded)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.held, self.loaded = 0, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.depth += tag == "template"
        if tag == "script" and a.get("src"):
            address = a["src"]
        elif tag == "link" and a.get("rel") not in NOT_LOADING:
            address = a.get("href")
        else:
            return
        (self.held if self.depth else self.loaded).append(address)

    def handle_endtag(self, tag):
        if tag == "template":
            self.depth -= 1


def loads(page: str) -> _Loads:
    parser = _Loads()
    parser.feed(page)
    return parser


def test_the_overviews_page_holds_streamlit_back_for_its_quick_map(front_dir):
    """Every tag that loads Streamlit waits in a template until the quick map came; the
    other pages load it as Streamlit's page does."""
    own = (front_assets.STATIC / "index.html").read_text(encoding="utf-8")
    streamlit = loads(own).loaded
    assert any(a.endswith(".js") for a in streamlit) and any(a.endswith(".css") for a in streamlit)
    assert len(streamlit) >= 20
    name = manifest(front_dir)["/"][0]
    page = gzip.decompress(served(front_dir, name)).decode("utf-8")
    found = loads(page)
    assert found.held == streamlit  # every one, in Streamlit's order
    assert found.loaded == []  # nothing loads before the quick map
    config = re.search(r'id="geo-quick-config">(.*?)</script>', page, re.S).group(1)
    assert "<" not in config
    assert set(json.loads(config)["texts"]) == {"en", "fr", "ar"}
    assert (front_assets.ROOT / "deploy" / "quick.js").read_text() in page
    other = gzip.decompress(served(front_dir, manifest(front_dir)["/routes"][0])).decode()
    assert other == front_assets.described(own) and "geo-quick" not in other
