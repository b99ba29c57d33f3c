"""One HTML file of the current map that opens from disk with no network at all.

Leaflet's script and style (images inlined) and the data go into the file; a
header states the title, the filters in words, the sources and the export date.
The page is valid HTML (html-validate's recommended rules, a test runs it) in the
view's language and direction: folium's page is mended where it is not
(:func:`_conforming`).
"""

from __future__ import annotations

import re
from html import escape

import folium
import geopandas as gpd
from branca.element import Element

from geo.data.schema import SOURCE_LANGUAGE
from geo.i18n import DISCLAIMER, is_rtl
from geo.render.assets import MAP_FILE_CSS, inline_leaflet, local_links
from geo.render.maps import MapOptions, build_map
from geo.render.popups import lang_attrs
from geo.view.scene import Scene
from geo.view.selection import Selection

FILE_MAP_HEIGHT = 700  # pixels, before the page's own style gives the map the window


def map_file(
    sel: Selection, basemap: gpd.GeoDataFrame, scene: Scene, exported: str, *, served: bool = False
) -> str:
    """The map file of ``scene``: the map of ``sel`` as :func:`standalone_html` writes it."""
    m = build_map(sel, basemap, scene, MapOptions(height=FILE_MAP_HEIGHT))
    return standalone_html(m, sel, scene.title, exported, served=served)


def standalone_html(
    m: folium.Map, sel: Selection, title: str, exported: str, *, served: bool = False
) -> str:
    """The map ``m`` of ``sel`` as a self-contained HTML page, exported on ``exported``.

    ``served``: Leaflet and the map's scripts linked from the app's static folder, as the
    live map links them, instead of inside the page (the quick map, geo/render/quick.py:
    the browser keeps them for the dashboard's map).
    """
    t = sel.t
    m.default_js, m.default_css = [], []
    root = m.get_root()
    if served:
        scripts, styles = local_links()
        for name, url in reversed(styles):
            link = f'<link rel="stylesheet" href="{escape(url)}">'
            root.header.add_child(Element(link), name=f"css_{name}", index=0)
        root.header.add_child(
            Element(f'<script src="{escape(scripts[0][1])}"></script>'), name="scripts", index=0
        )
    else:
        js, css = inline_leaflet()
        root.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css_inline", index=0)
        root.header.add_child(
            Element(f"<script>{_script_safe(js)}</script>"), name="leaflet_inline", index=0
        )
    root.header.add_child(Element(f"<title>{escape(title)}</title>"), name="title")
    root.header.add_child(Element(f"<style>{MAP_FILE_CSS}</style>"), name="standalone_css")
    # In place of folium's http-equiv: first, within the 1,024 bytes where HTML wants it (a
    # file opened from disk has no Content-Type to say UTF-8).
    root.header.add_child(Element('<meta charset="utf-8">'), name="meta_http", index=0)
    # Every source of the view: a map file sent on is cited from its own header.
    # Source titles stay in their English: marked so, and isolated for direction.
    attrs = lang_attrs(SOURCE_LANGUAGE, sel.lang)
    items = "".join(f"<li{attrs}>{escape(s)}</li>" for s in sel.source_titles)
    # Translated outside the f-string: Babel's extraction does not see calls inside one.
    filters, sources = t("Filters"), t("Sources")
    date = t("Exported {date}").format(date=exported)
    header = (
        '<header class="geo-head">'
        f"<h1>{escape(title)}</h1>"
        f"<p><b>{escape(filters)}:</b> {escape(sel.caption)} · {escape(date)}</p>"
        f"<details><summary>{escape(sources)}</summary><ul>{items}</ul></details>"
        f'<p class="geo-disclaimer">{escape(t(DISCLAIMER))}</p></header>'
    )
    root.html.add_child(Element(header), name="geo_header", index=0)
    return _conforming(root.render(), sel.lang)


# folium's viewport forbids zooming the page (maximum-scale=1.0, user-scalable=no), which
# readers with low vision need (WCAG 1.4.4); a pinch on the map still zooms the map.
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
_ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
# Raw text, left as it is: Leaflet, the map's script, the styles.
_RAW_TEXT = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>)", re.S)
# branca's page ends with the map's script after </body>, where it is a stray start tag.
_SCRIPT_AFTER_BODY = re.compile(r"\n</body>\n(<script>.*</script>)\n</html>\n?\Z", re.S)


def _conforming(page: str, lang: str) -> str:
    r"""The folium ``page`` as valid HTML in ``lang``: what html-validate finds wrong, mended.

    ``<html>`` takes the language and its direction; the viewport lets the reader zoom;
    the map's script moves inside ``<body>``, at its end (it still runs after the map's
    ``<div>``); markup lines lose their trailing blanks (folium's templates).

    >>> _conforming("<html>\n<body>\n</body>\n<script>\n    go()  \n</script>\n</html>\n", "ar")
    '<html lang="ar" dir="rtl">\n<body>\n<script>\n    go()  \n</script>\n</body>\n</html>\n'
    """
    direction = "rtl" if is_rtl(lang) else "ltr"
    page = page.replace("<html>", f'<html lang="{escape(lang)}" dir="{direction}">', 1)
    page = _VIEWPORT.sub(_ZOOMABLE_VIEWPORT, page, count=1)
    page = _SCRIPT_AFTER_BODY.sub(r"\n\1\n</body>\n</html>\n", page, count=1)
    parts = _RAW_TEXT.split(page)  # markup at even indices, raw text at odd ones
    parts[::2] = [re.sub(r"[ \t]+(?=\n)", "", part) for part in parts[::2]]
    return "".join(parts)


def _script_safe(js: str) -> str:
    """Leaflet's source inside a <script> element: no early ``</script>``."""
    return js.replace("</script", "<\\/script")
