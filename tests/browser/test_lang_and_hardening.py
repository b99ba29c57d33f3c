"""In Chromium: Arabic right to left, French interface, payloads that never run, broken files."""

from __future__ import annotations

import re
import shutil

import pytest

from geo.i18n import translator
from tests import ROOT
from tests.browser.mapwait import FEATURES_FN, start_app, stop_app, wait_for_map

# Its apps on hostile and broken data start once: its tests run on one worker.
pytestmark = pytest.mark.xdist_group("hostile-apps")

ARABIC = re.compile("[\u0600-\u06ff]")
# Opens each feature's tooltip and popup and reads them as shown. A feature grouped in a
# cluster (not on the map itself) has its own content shown the same way, by Leaflet.
HOVER_JS = (
    "(layerName) => {"
    + FEATURES_FN
    + """
    const out = [];
    features(window.map).forEach(l => {
        const p = l.feature.properties;
        if (layerName && p.layer !== layerName) return;
        const at = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
        if (l._map) {
            l.fire('mouseover', {latlng: at, layer: l, target: l, sourceTarget: l}, true);
        } else if (l.getTooltip()) {
            window.L.tooltip().setLatLng(at).setContent(l.getTooltip().getContent())
                .openOn(window.map);
        }
        const tip = document.querySelector('.leaflet-tooltip');
        if (tip) out.push(tip.innerText);
        if (l._map) {
            l.fire('mouseout', {latlng: at, layer: l, target: l, sourceTarget: l}, true);
            l.fire('click', {latlng: at, layer: l, target: l, sourceTarget: l}, true);
        } else {
            document.querySelectorAll('.leaflet-tooltip').forEach(e => e.remove());
            window.L.popup().setLatLng(at).setContent(l.getPopup().getContent())
                .openOn(window.map);
        }
        const popup = document.querySelector('.leaflet-popup-content');
        if (popup) out.push(popup.innerText);
        window.map.closePopup();
    });
    return out;
}"""
)
PWNED_JS = "() => [window.__pwned, window.parent && window.parent.__pwned]"


def test_arabic_is_right_to_left_with_arabic_names(app_url, page):
    page.goto(f"{app_url}/?lang=ar")
    frame, _ = wait_for_map(page)
    direction = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).direction"
    )
    assert direction == "rtl"
    assert ARABIC.search(page.locator("h1").first.inner_text())
    texts = frame.evaluate(HOVER_JS, "hubs")
    assert len(texts) == 10 and all(ARABIC.search(t) for t in texts), texts  # tooltip, popup
    assert "طرابلس" in " ".join(texts)
    assert page.blocked == []


def test_french_interface(app_url, page):
    t = translator("fr")
    page.goto(f"{app_url}/coverage?lang=fr&years=2008")
    wait_for_map(page)
    assert page.locator("h1").first.inner_text() == t("Country coverage")
    body = page.locator("body").inner_text()
    assert t("Filters") in body and "en 2008" in body
    assert page.blocked == []


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    from tests.hostile import write_hostile

    folder = write_hostile(ROOT / "data", tmp_path_factory.mktemp("hostile") / "data")
    server = start_app({"GEO_DATA_DIR": str(folder)})
    yield server.url
    stop_app(server)


@pytest.mark.parametrize("path", ["/", "/routes", "/coverage", "/events", "/?present=1&step=3"])
def test_no_payload_runs(hostile_app, page, path):
    page.goto(hostile_app + path)
    frame, counts = wait_for_map(page)
    assert counts, "the hostile data still draws"
    texts = frame.evaluate(HOVER_JS, None)
    assert any('<img src=x onerror="window.__pwned=1">' in t for t in texts)  # shown as text
    page.wait_for_timeout(500)
    assert frame.evaluate(PWNED_JS) == [None, None]
    assert page.evaluate(PWNED_JS) == [None, None]
    assert page.blocked == []


def test_no_payload_runs_in_the_tables(hostile_app, page):
    page.goto(hostile_app + "/data")
    page.get_by_text("Data dictionary").wait_for()
    page.wait_for_timeout(1000)
    assert page.evaluate(PWNED_JS) == [None, None]
    assert page.blocked == []


@pytest.fixture(scope="module")
def broken_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken") / "data"
    shutil.copytree(ROOT / "data", folder)
    hubs = folder / "hubs.geojson"
    hubs.write_text(hubs.read_text(encoding="utf-8")[:400], encoding="utf-8")
    server = start_app({"GEO_DATA_DIR": str(folder)})
    yield server.url
    stop_app(server)


def test_a_broken_file_leaves_the_other_layers_drawn(broken_app, page):
    page.goto(broken_app + "/")
    frame, counts = wait_for_map(page)
    notice = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert "hubs.geojson" in notice and "not valid JSON" in notice
    assert "hubs" not in counts
    assert counts["routes"] == 61 and counts["coverage"] == 6 and counts["events"] > 0
    assert page.blocked == []


@pytest.fixture(scope="module")
def no_basemap_app(tmp_path_factory):
    """The basemap cut off half-way and the hubs a FeatureCollection nested 100,000 deep."""
    folder = tmp_path_factory.mktemp("no_basemap") / "data"
    shutil.copytree(ROOT / "data", folder)
    basemap = folder / "basemap_countries.geojson"
    basemap.write_bytes(basemap.read_bytes()[:300_000])
    nested = '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (folder / "hubs.geojson").write_text(nested, encoding="utf-8")
    server = start_app({"GEO_DATA_DIR": str(folder)})
    yield server.url
    stop_app(server)


def test_without_a_basemap_the_layers_still_draw_with_a_notice(no_basemap_app, page):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(no_basemap_app + "/")
    frame, counts = wait_for_map(page)
    notice = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    assert "basemap_countries.geojson" in notice and "hubs.geojson" in notice
    assert "nested too deeply" in notice
    assert page.get_by_text("The base map could not be read").count() == 1
    assert counts["routes"] == 61 and counts["coverage"] == 6 and counts["events"] > 0
    assert "hubs" not in counts
    assert frame.evaluate("() => window.map.getZoom()") > 0  # framed, not NaN
    assert errors == []
    assert page.blocked == []
