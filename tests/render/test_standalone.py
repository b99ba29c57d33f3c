"""The map file (HTML): one page in the view's language, as a browser and a validator read it."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from geo import ViewState, select
from geo.i18n import format_day
from geo.render.basemap import display_basemap
from geo.render.standalone import map_file
from geo.view.scene import scene_of

DAY = dt.date(2025, 12, 6)
DIRECTIONS = {"en": "ltr", "fr": "ltr", "ar": "rtl"}


def export_html(data, lang: str) -> str:
    """The map file of the default view in ``lang``, as the Share panel makes it."""
    sel = select(data, ViewState(lang=lang))
    return map_file(sel, display_basemap(data.basemap), scene_of(sel), format_day(DAY, lang))


@pytest.fixture(scope="module", params=["en", "fr", "ar"])
def exported(request, shipped):
    return request.param, export_html(shipped, request.param)


class _Outline(HTMLParser):
    """Start tags with their attributes, and where each element opens: in head, body or neither."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict, str]] = []
        self.ends: list[str] = []
        self._where = "document"

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "body"):
            self._where = tag
        self.tags.append((tag, dict(attrs), self._where))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.ends.append(tag)
        if tag in ("head", "body"):
            self._where = "after " + tag


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return parser


def test_the_page_carries_its_language_and_direction(exported):
    lang, html = exported
    tags = outline(html).tags
    root = [attrs for tag, attrs, _ in tags if tag == "html"]
    assert root == [{"lang": lang, "dir": DIRECTIONS[lang]}]
    header = next(attrs for tag, attrs, _ in tags if tag == "header")
    assert "dir" not in header, "the header follows the page's direction"
    # The map is laid out as in the app (Leaflet's pan pad, scale, insets), its legend RTL.
    assert re.search(r"\.folium-map\{[^}]*direction:ltr", html)


def test_the_export_date_is_said_in_the_language(exported):
    lang, html = exported
    day = format_day(DAY, lang)
    said = {"en": f"Exported {day}", "fr": f"Exporté le {day}", "ar": f"تاريخ التصدير: {day}"}
    head = html[html.index("<header") : html.index("</header>")]
    assert said[lang] in head
    if lang != "en":
        assert "Exported" not in head


def test_every_script_is_inside_head_or_body(exported):
    """folium put the map's script after ``</body>``, where a validator sees a stray tag."""
    _, html = exported
    page = outline(html)
    stray = [tag for tag, _, where in page.tags if where not in ("head", "body") and tag != "html"]
    assert stray == []
    assert page.ends[-2:] == ["body", "html"]
    assert html.rstrip().endswith("</body>\n</html>")
    assert "script" in [tag for tag, _, where in page.tags if where == "body"]


def test_the_reader_may_zoom_the_page(exported):
    _, html = exported
    viewports = [
        attrs["content"]
        for tag, attrs, _ in outline(html).tags
        if tag == "meta" and attrs.get("name") == "viewport"
    ]
    assert len(viewports) == 1, viewports
    content = re.sub(r"\s+", "", viewports[0])
    assert "width=device-width" in content
    assert "user-scalable" not in content and "maximum-scale" not in content


def test_the_encoding_is_declared_in_the_first_1024_bytes(exported):
    """HTML asks for it there: a file opened from disk has no Content-Type to say UTF-8."""
    _, html = exported
    start = html.encode("utf-8")[:1024].decode("utf-8", errors="ignore")
    assert re.search(r'<meta charset="utf-8">', start, flags=re.I), start[:120]
    charsets = re.findall(r"<meta[^>]*charset", html, flags=re.I)
    assert len(charsets) == 1, charsets


def test_a_popups_title_comes_under_the_files_h1(exported):
    """The file's header is its h1; each popup's title is an h2 (it was an h4: two levels
    skipped for a screen reader's list of headings). Popups travel JSON-escaped."""
    _, html = exported
    popups = html.replace("\\u003c", "<").replace("\\u003e", ">")
    assert html.count("<h1>") == 1
    assert (
        popups.count('<div class="geo-popup"><h2>')
        + popups.count('<div class=\\"geo-popup\\"><h2>')
        > 10
    )
    assert "<h4>" not in popups and "<h3>" not in popups
