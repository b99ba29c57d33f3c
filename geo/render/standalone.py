"""One HTML file of the current map that opens from disk with no network at all.

Leaflet's script and style (images inlined) and the data go into the file; a
header states the title, the filters in words, the sources and the export date.
"""

from __future__ import annotations

from html import escape

import folium
from branca.element import Element

from geo.data.schema import SOURCE_LANGUAGE
from geo.i18n import DISCLAIMER, is_rtl
from geo.render.assets import inline_leaflet
from geo.render.popups import lang_attrs
from geo.view.selection import Selection


def standalone_html(m: folium.Map, sel: Selection, title: str, exported: str) -> str:
    """The map ``m`` of ``sel`` as a self-contained HTML page, exported on ``exported``."""
    t = sel.t
    js, css = inline_leaflet()
    m.default_js, m.default_css = [], []
    root = m.get_root()
    root.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css_inline", index=0)
    root.header.add_child(
        Element(f"<script>{_script_safe(js)}</script>"), name="leaflet_inline", index=0
    )
    root.header.add_child(Element(f"<title>{escape(title)}</title>"), name="title")
    root.header.add_child(Element(_PAGE_CSS), name="standalone_css")
    # Every source of the view: a map file sent on is cited from its own header.
    # Source titles stay in their English: marked so, and isolated for direction.
    attrs = lang_attrs(SOURCE_LANGUAGE, sel.lang)
    items = "".join(f"<li{attrs}>{escape(s)}</li>" for s in sel.source_titles)
    header = (
        f'<header class="geo-head" dir="{"rtl" if is_rtl(sel.lang) else "ltr"}">'
        f"<h1>{escape(title)}</h1>"
        f"<p><b>{escape(t('Filters'))}:</b> {escape(sel.caption)} · "
        f"<b>{escape(t('Exported'))}:</b> {escape(exported)}</p>"
        f"<details><summary>{escape(t('Sources'))}</summary><ul>{items}</ul></details>"
        f'<p class="geo-disclaimer">{escape(t(DISCLAIMER))}</p></header>'
    )
    root.html.add_child(Element(header), name="geo_header", index=0)
    return root.render()


def _script_safe(js: str) -> str:
    """Leaflet's source inside a <script> element: no early ``</script>``."""
    return js.replace("</script", "<\\/script")


_PAGE_CSS = """<style>
html,body{height:100%;margin:0}
body{display:flex;flex-direction:column;font:14px/1.4 system-ui,sans-serif}
.geo-head{padding:8px 14px;border-bottom:1px solid #ccc;background:#fff}
.geo-head h1{font-size:20px;margin:0 0 4px}
.geo-head p{margin:2px 0}
.geo-head ul{margin:4px 0;max-height:140px;overflow:auto}
.geo-disclaimer{color:#555;font-size:12px}
.folium-map{flex:1 1 auto;position:relative!important;height:auto!important;min-height:480px}
</style>"""
