"""Maps on a bare page, as streamlit-folium shows them, without the app around them.

The page loads Leaflet, its plugins and the map's own scripts once; each map's script and
its view's drawing (what ``ui.livemap`` sends the live map) then run in a frame of the live
map's size, as streamlit-folium runs them in its iframe. A map takes a tenth of a second here, against two
or three for a page of the app, so the map's behaviour can be checked over a whole matrix
of selections; the app in Chromium stays for what needs it (clicks reaching the details
panel, the page around the map).
"""

from __future__ import annotations

from pathlib import Path

import folium

from geo.render.assets import local_links, publish_leaflet
from tests.browser.mapwait import FEATURES_FN

# The live map's size on the pages (measured in the app): a desktop's map column, a phone's.
DESKTOP, PHONE = (847, 600), (358, 600)

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">{links}
<style>html,body{{margin:0}} #host{{position:relative}}</style></head>
<body><div id="host"></div></body></html>"""

SHOW_JS = """
([payload, view, width, height]) => {
    if (window.map && window.map.remove) window.map.remove();
    // streamlit-folium's page holds the map's div as map_div, sized by the component.
    const host = document.getElementById('host');
    host.innerHTML = payload.header + '<div id="map_div"></div>' + payload.html;
    const div = document.getElementById('map_div');
    div.style.width = width + 'px';
    div.style.height = height + 'px';
    (0, eval)(payload.script);
    window.map = window[payload.id];
    (0, eval)(view); // the view's own drawing, as the live map sends it (GeoMap.swap)
    return true;
}
"""
READY_JS = "() => !!(window.map && window.map._geoHome)"

# Every place drawn (hubs, activities) and where the opening view and the insets show them.
PLACES_JS = (
    "() => {"
    + FEATURES_FN
    + """
    const view = window.map.getBounds();
    const insets = (window.map._geoInsets || []).filter(i => i.shown)
        .map(i => ({title: i.title, bounds: i.bounds, ids: i.ids}));
    const places = features(window.map)
        .filter(l => ['hubs', 'events'].includes(l.feature.properties.layer) && l.getLatLng)
        .map(l => ({id: l.feature.properties.id, layer: l.feature.properties.layer,
                    lat: l.getLatLng().lat, lng: l.getLatLng().lng}));
    return {view: [[view.getSouth(), view.getWest()], [view.getNorth(), view.getEast()]],
            insets, places, label: window.map.getContainer().getAttribute('aria-label')};
}"""
)


class BareMaps:
    """A page that shows one folium map after another, each as the live map would."""

    def __init__(self, page, folder: Path):
        self.page = page
        publish_leaflet(folder)
        base = (folder / "vendor").as_uri()
        scripts, styles = local_links(base)
        links = "".join(f'<link rel="stylesheet" href="{url}">' for _, url in styles)
        links += "".join(f'<script src="{url}"></script>' for _, url in scripts)
        (folder / "bare.html").write_text(PAGE.format(links=links), encoding="utf-8")
        page.goto((folder / "bare.html").as_uri())
        page.wait_for_function("() => !!(window.L && window.GeoMap && L.markerClusterGroup)")

    def show(self, m: folium.Map, size: tuple[int, int] = DESKTOP):
        """Run map ``m``'s script in a frame of ``size``; return the page once it is framed."""
        from ui.livemap import rendered, view_script  # what the live map is sent

        payload = rendered(m)
        self.page.set_viewport_size({"width": size[0] + 40, "height": size[1] + 40})
        self.page.evaluate(SHOW_JS, [payload, view_script(payload), size[0], size[1]])
        self.page.wait_for_function(READY_JS)
        return self.page

    def places(self) -> dict:
        """What the map shows: its view, the insets shown, every place with where it is."""
        return self.page.evaluate(PLACES_JS)


def script_page(browser, script: Path):
    """A page holding ``script`` alone (no Leaflet, no map) and ``run(expression, arg)``,
    which evaluates ``(a) => expression`` there; the page is closed by ``close()``."""
    page = browser.new_page()
    page.set_content(f"<!DOCTYPE html><script>{script.read_text(encoding='utf-8')}</script>")
    assert page.evaluate("() => typeof window.L") == "undefined"  # nothing but the script

    def run(expression: str, arg=None):
        return page.evaluate(f"(a) => {expression}", arg)

    return run, page.close
