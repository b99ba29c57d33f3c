"""Map HTML: layer names, legend, escaping of hostile text, no CDN anywhere."""

import copy
import re

import pytest

from geo import Filters, ViewState, load_dataset, select
from geo.render.assets import script_bundle
from geo.render.basemap import display_basemap
from geo.render.maps import build_map
from geo.view.scene import Scene, Tiles
from tests import tinydata

HOSTILE = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def render(data, view=None, scene=Scene()):
    m = build_map(select(data, view or ViewState()), display_basemap(data.basemap), scene)
    return m.get_root().render()


def test_layer_names_and_legend(data):
    html = render(data)
    control = html[html.index("L.control.layers") - 600 : html.index("L.control.layers")]
    for title in ["Smuggling routes", "Key hub cities"]:
        assert f'"{title}"' in control, title
    assert "Active projects in the country" in html  # coverage: in the legend, not the control
    assert "GeoMap.legend(" in html and "GeoMap.activities(" in html and "GeoMap.view(" in html
    assert "Legend" in html and "Key hub city" in html and "Indicative" in html
    assert "L.control.layers" in html
    assert "geomap.js" in html  # the scale, the view buttons and the legend's behaviour


def test_no_cdn_or_remote_url_in_the_map(data):
    html = render(data)
    assert re.findall(r"""(?:src|href)\s*=\s*["']https?://""", html) == []
    for host in ["cdn.jsdelivr", "cdnjs", "unpkg", "code.jquery", "bootstrapcdn", "openstreetmap"]:
        assert host not in html
    # Leaflet, its plugins and the map's own scripts: one file from the app, one request.
    scripts = re.findall(r"""<script src=["']([^"']+)["']""", html)
    assert [src for src in scripts if "/app/static/vendor/" in src] == [
        f"/app/static/vendor/bundle/map.js?v={script_bundle()[1]}"
    ]
    assert "/app/static/vendor/leaflet/leaflet.css" in html


def test_online_tiles_only_when_configured(data):
    tiles = Tiles("https://tiles.example.org/{z}/{x}/{y}.png", "X")
    html = render(data, scene=Scene(tiles=tiles))
    assert "tiles.example.org" in html


def test_hostile_names_are_escaped(tmp_path):
    layers = copy.deepcopy(tinydata.layers())
    for feature in layers["hubs.geojson"] + layers["events.geojson"] + layers["routes.geojson"]:
        feature["properties"]["name"] = HOSTILE
        feature["properties"]["source"] = "<script>window.__pwned=2</script>"
        feature["properties"]["source_url"] = "javascript:window.__pwned=3"
    data = load_dataset(tinydata.write(tmp_path / "data", layers))
    assert data.ok, data.problems
    html = render(data)
    assert HOSTILE not in html
    assert "<script>window.__pwned" not in html
    assert "javascript:window.__pwned" not in html
    # Shown as text: HTML-escaped by us, then JSON-escaped by folium inside the script.
    assert "\\u0026lt;img src=x onerror=" in html
    # The JSON carrying the HTML must not close the map's own <script> element.
    assert "</script>window" not in html


def test_filtered_map_only_holds_the_filtered_features(data):
    html = render(data, ViewState(Filters(("gloact-bgd",), None)))
    assert "Dhaka" in html
    assert "Rabat" not in html  # the Morocco launch belongs to another project


def test_empty_map_still_draws_the_basemap(data):
    html = render(data, ViewState(Filters(years=(1950, 1950))))
    assert "GeoMap.view(" in html and "Legend" in html
    assert '"layer": "events"' not in html and "GeoMap.activities(" not in html
