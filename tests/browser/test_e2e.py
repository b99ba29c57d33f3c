"""End-to-end tests in headless Chromium: the app as a visitor sees it.

Expected numbers are computed here from the data with the library (``geo``), never
hard-coded, except a few anchors checked by hand against the sources.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import geo
from devtools.chromium import is_local
from geo.data.schema import LAYERS
from geo.view.filters import Filters
from tests import ROOT
from tests.browser.mapwait import MAP_IFRAME, VIEWPORT, drawn_ids, wait_for_map, wait_until_idle

# The layers each page draws by default (the URL can narrow the overview's).
PAGE_LAYERS = {
    "/": LAYERS,
    "/routes": ("routes", "hubs", "events"),
    "/coverage": ("coverage",),
    "/events": ("events",),
}
XAMT14_COUNTRIES = {"DZA", "EGY", "LBY", "MAR", "TUN"}  # projects.csv: 2007-11-30 to 2012-08-31


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def _placed_points(gdf) -> list[str]:
    """Ids of the points an events layer draws: MultiPoints exploded, no-place left out."""
    ids = []
    for fid, geom in zip(gdf["id"], gdf.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        ids += [fid] * (len(geom.geoms) if hasattr(geom, "geoms") else 1)
    return sorted(ids)


def expected(data: geo.Dataset, filters: Filters, layers) -> dict[str, list[str]]:
    """What the map should draw, by layer: sorted ids (coverage: sorted distinct iso3)."""
    out = {}
    sel = geo.select(data, geo.ViewState(filters, layers=tuple(layers)))
    for name, gdf in sel.layers.items():
        if name == "events":
            ids = _placed_points(gdf)
        elif name == "coverage":
            ids = sorted(set(gdf["iso3"]))
        else:
            ids = sorted(gdf["id"])
        if ids:
            out[name] = ids
    return out


def drawn(data: geo.Dataset, frame) -> dict[str, list[str]]:
    """What the map draws, in the same shape as :func:`expected`."""
    ids = drawn_ids(frame)
    if "coverage" in ids:
        # One polygon per country, named by one of its coverage features: map to iso3.
        iso3 = dict(zip(data.layer("coverage")["id"], data.layer("coverage")["iso3"], strict=True))
        ids["coverage"] = sorted(iso3.get(i, f"?{i}") for i in ids["coverage"])
    return ids


def _counts(ids: dict[str, list[str]]) -> dict[str, int]:
    return {k: len(v) for k, v in ids.items()}


def check_map(page, data, filters: Filters, layers) -> dict[str, list[str]]:
    """Wait for the map; assert it draws exactly the library's features; return them."""
    want = expected(data, filters, layers)
    frame, counts = wait_for_map(page, allow_empty=not want)
    assert counts == _counts(want), f"drawn {counts}, expected {_counts(want)}"
    got = drawn(data, frame)
    assert got == want
    return got


def assert_caption(page, data, filters: Filters) -> None:
    text = f"Showing: {geo.select(data, geo.ViewState(filters)).caption}"
    caption = page.get_by_text(text, exact=True)
    caption.wait_for(state="visible")
    assert caption.count() == 1, f"expected one caption {text!r}"


# --------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("path", list(PAGE_LAYERS))
def test_map_page_draws_every_feature(page, app_url, data, path):
    page.goto(app_url + path)
    got = check_map(page, data, Filters(), PAGE_LAYERS[path])
    assert_caption(page, data, Filters())
    if path == "/":
        # Anchors checked by hand: the five key hub cities (Tripoli, Ghadames, Kufra,
        # Al Qatrun, Ajdabiya) and every layer present.
        assert len(got["hubs"]) == 5
        assert set(got) == set(LAYERS)
    assert page.blocked == []


FILTERED = [
    ("/?project=gloact-bgd", Filters(("gloact-bgd",)), LAYERS),
    ("/?years=2008", Filters((), (2008, 2008)), LAYERS),
    ("/coverage?years=2008", Filters((), (2008, 2008)), ("coverage",)),
    (
        "/events?project=dismantling&years=2021",
        Filters(("dismantling",), (2021, 2021)),
        ("events",),
    ),
    (
        "/?project=xamt14&project=gloact-bgd&years=2019-2022",
        Filters(("xamt14", "gloact-bgd"), (2019, 2022)),
        LAYERS,
    ),
    ("/?layers=hubs,events&project=dismantling", Filters(("dismantling",)), ("hubs", "events")),
]


@pytest.mark.parametrize(("url", "filters", "layers"), FILTERED, ids=[u for u, _, _ in FILTERED])
def test_url_filters_the_map(page, app_url, data, url, filters, layers):
    # The filter must change what is drawn, or this test would prove nothing.
    assert expected(data, filters, layers) != expected(data, Filters(), layers)
    page.goto(app_url + url)
    got = check_map(page, data, filters, layers)
    assert_caption(page, data, filters)
    if url == "/coverage?years=2008":
        # Anchor checked by hand: only XAMT14 (2007-2012) runs in 2008, in five countries.
        assert set(got) == {"coverage"}
        assert set(got["coverage"]) == XAMT14_COUNTRIES
    if url == "/?years=2008":
        assert set(got["coverage"]) == XAMT14_COUNTRIES
    assert page.blocked == []


def _cli_export(*args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "GEO_DATA_DIR"}
    done = subprocess.run(
        [sys.executable, "-m", "geo", "export", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_download_events_matches_cli(page, app_url, tmp_path):
    page.goto(app_url + "/data?project=dismantling&years=2021")
    button = page.get_by_role("button", name="Download data-en-events_dismantling_2021.geojson")
    button.wait_for(state="visible", timeout=60_000)
    wait_until_idle(page)
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "data-en-events_dismantling_2021.geojson"
    target = tmp_path / "events.geojson"
    download.save_as(target)
    got = json.loads(target.read_text(encoding="utf-8"))
    want = _cli_export("events", "--project", "dismantling", "--year", "2021")
    assert got["type"] == want["type"] == "FeatureCollection"
    got_ids = [f["properties"]["id"] for f in got["features"]]
    want_ids = [f["properties"]["id"] for f in want["features"]]
    assert want_ids, "the CLI export is empty: the comparison would prove nothing"
    assert got_ids == want_ids
    assert {f["properties"]["id"]: f["geometry"] for f in got["features"]} == {
        f["properties"]["id"]: f["geometry"] for f in want["features"]
    }
    assert page.blocked == []


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def _painted(frame) -> None:
    """Wait for two animation frames in the map, so the canvas is painted."""
    frame.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
    )


PRESENTER = {"width": 1920, "height": 1080}
SCREENSHOTS = [
    ("overview.png", "/", VIEWPORT, Filters()),
    ("overview-ar.png", "/?lang=ar", VIEWPORT, Filters()),
    ("overview-phone.png", "/", {"width": 390, "height": 844}, Filters()),
    ("presenter.png", "/?present=1", PRESENTER, Filters()),
    # A project far from North Africa frames itself.
    ("overview-gloact-bangladesh.png", "/?project=gloact-bgd", VIEWPORT, Filters(("gloact-bgd",))),
]


@pytest.mark.parametrize(
    ("name", "path", "size", "filters"), SCREENSHOTS, ids=[s[0] for s in SCREENSHOTS]
)
def test_overview_screenshot(page, app_url, data, name, path, size, filters):
    """The README's pictures of the overview: desktop, Arabic, phone, presenter, a far
    project."""
    page.set_viewport_size(size)
    page.goto(app_url + path)
    frame, counts = wait_for_map(page)
    assert counts == _counts(expected(data, filters, LAYERS))
    wait_until_idle(page)
    if size["width"] < 600:  # on a phone, the map as the reader scrolls to it
        page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.mouse.move(2, size["height"] - 2)  # no tooltip in the picture
    _painted(frame)
    out = ROOT / "docs" / name
    out.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(out))
    assert _png_size(out) == (size["width"], size["height"])
    assert page.blocked == []


# Pixel positions of the hubs, and how far each is from any other clickable point.
HUB_POINTS_JS = """
() => {
    const m = window.map, size = m.getSize(), hubs = [], others = [];
    m.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (!p || !p.layer || !l.getLatLng) return;
        const pt = m.latLngToContainerPoint(l.getLatLng());
        (p.layer === 'hubs' ? hubs : others).push({id: p.id, x: pt.x, y: pt.y});
    });
    return hubs.map(h => {
        const near = hubs.concat(others).filter(o => o !== h)
            .map(o => Math.hypot(o.x - h.x, o.y - h.y));
        const el = document.elementFromPoint(h.x, h.y);
        return {
            id: h.id, x: h.x, y: h.y, clearance: Math.min(Infinity, ...near),
            inside: h.x > 20 && h.y > 20 && h.x < size.x - 20 && h.y < size.y - 20,
            onCanvas: !!el && el.tagName === 'CANVAS',
        };
    });
}
"""


def test_click_hub_shows_details(page, app_url, data):
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    page.get_by_text("Click a city, route, country or activity on the map").wait_for()
    iframe = page.locator(MAP_IFRAME)
    iframe.scroll_into_view_if_needed()
    hubs = [h for h in frame.evaluate(HUB_POINTS_JS) if h["inside"] and h["onCanvas"]]
    assert hubs, "no hub is visible and clickable on the map"
    hub = max(hubs, key=lambda h: h["clearance"])
    assert hub["clearance"] >= 12, f"every hub overlaps another point: {hubs}"
    rows = data.layer("hubs")
    name = rows.loc[rows["id"] == hub["id"], "name"].iloc[0]
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + hub["x"], box["y"] + hub["y"])
    heading = page.get_by_role("heading", name=name, exact=True)
    heading.wait_for(state="visible", timeout=30_000)
    # Beside the map: in the column next to the map's column, not in the map itself.
    side = page.locator('[data-testid="stColumn"]').filter(has=heading)
    assert side.count() == 1
    assert side.locator(MAP_IFRAME).count() == 0
    assert page.get_by_text("Click a city, route, country or activity on the map").count() == 0
    assert page.blocked == []


def test_online_tiles_are_the_only_outside_requests(page, app_url):
    """The built-in map asks nothing of other hosts; choosing OSM tiles does (and is blocked).

    This also proves the request guard works, so ``page.blocked == []`` elsewhere means
    something.
    """
    page.goto(app_url + "/coverage")
    wait_for_map(page)
    wait_until_idle(page)
    assert page.blocked == []
    page.get_by_test_id("stSelectbox").filter(has_text="Base map").click()
    page.get_by_role("option", name=re.compile("OpenStreetMap")).click()
    if not page.blocked:
        page.wait_for_event("request", lambda r: not is_local(r.url), timeout=30_000)
    assert page.blocked, "choosing OpenStreetMap tiles made no request to another host"
    assert {urlsplit(u).hostname for u in page.blocked} == {"tile.openstreetmap.org"}
