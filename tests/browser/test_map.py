"""The live map as a reader uses it: names on it, every activity reachable, a legend that
never hides a popup, a view that opens on North Africa, base maps, phones (groups of
activities: test_groups.py).

Expected names and ids come from the data through the library, never typed in here,
except anchors checked by hand against the sources (the five hubs).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import geo
from devtools.chromium import local_only
from geo.i18n import localized, translator
from geo.view.urlstate import ViewState
from tests.browser.mapwait import (
    FEATURES_FN,
    HUBS_JS,
    MAP_IFRAME,
    MAP_TIMEOUT_MS,
    click_in_map,
    wait_for_map,
    wait_still,
    wait_until_idle,
)

# North Africa, the Sahel and the Mediterranean, with room for the legend along the bottom
# and for the insets on the right; not Bangladesh (Dhaka, 90.4 E).
NORTH_AFRICA = {"west": -35.0, "south": -12.0, "east": 65.0, "north": 55.0}

LABELS_JS = """
() => [...document.querySelectorAll('.geo-label span')]
    .filter(s => getComputedStyle(s).visibility === 'visible')
    .map(s => {
        const r = s.getBoundingClientRect();
        return {text: s.textContent, kind: s.parentElement.className,
                left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    })
"""
BOUNDS_JS = """
() => { const b = window.map.getBounds();
        return {west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth()}; }
"""
EXPECT_MOVE_JS = """
() => {
    window.__moved = new Promise(r => {
        window.map.once('moveend', () => r(true));
        setTimeout(() => r(false), 10000);
    });
    return 1;
}
"""


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def free_area(frame) -> dict:
    """The map's width and the height left above its legend strip, in pixels."""
    return frame.evaluate(
        """() => ({x: window.map.getSize().x,
                   y: document.querySelector('.geo-legend').getBoundingClientRect().top})"""
    )


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def inside(bounds: dict, frame: dict) -> bool:
    return (
        bounds["west"] >= frame["west"]
        and bounds["east"] <= frame["east"]
        and bounds["south"] >= frame["south"]
        and bounds["north"] <= frame["north"]
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_hub_names_are_on_the_map_without_overlaps(page, app_url, data, lang):
    page.goto(f"{app_url}/?lang={lang}")
    frame, _ = wait_for_map(page)
    hubs = data.layer("hubs").to_dict("records")
    want = sorted(localized(h, "name", lang) for h in hubs)
    frame.wait_for_function(
        "(n) => [...document.querySelectorAll('.geo-label-hub span')]"
        ".filter(s => getComputedStyle(s).visibility === 'visible').length === n",
        arg=len(want),
        timeout=MAP_TIMEOUT_MS,
    )
    labels = frame.evaluate(LABELS_JS)
    assert sorted(x["text"] for x in labels if "geo-label-hub" in x["kind"]) == want
    if lang == "ar":
        assert "طرابلس" in want
    for i, a in enumerate(labels):  # no two names overlap
        for b in labels[i + 1 :]:
            assert not overlaps(a, b), (a, b)
    for hub in frame.evaluate(HUBS_JS):  # no name covers a hub
        circle = {
            "left": hub["x"] - hub["r"],
            "right": hub["x"] + hub["r"],
            "top": hub["y"] - hub["r"],
            "bottom": hub["y"] + hub["r"],
        }
        assert not [x["text"] for x in labels if overlaps(x, circle)], hub["id"]
    assert page.blocked == []


def test_every_hub_is_visible_and_clickable_above_routes_and_activities(page, app_url, data):
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    names = dict(zip(data.layer("hubs")["id"], data.layer("hubs")["name"], strict=True))
    hubs = frame.evaluate(HUBS_JS)
    assert len(hubs) == 5
    on_top = frame.evaluate(
        "(pts) => pts.map(p => { const e = document.elementFromPoint(p.x, p.y);"
        " return e.tagName === 'CANVAS' ? 'CANVAS' : e.outerHTML.slice(0, 120); })",
        [{"x": h["x"], "y": h["y"]} for h in hubs],
    )
    assert on_top == ["CANVAS"] * 5, "an activity or a label covers a hub"
    tripoli = next(h for h in hubs if h["id"] == "hub-tripoli")
    click_in_map(page, tripoli["x"], tripoli["y"])
    page.get_by_role("heading", name=names["hub-tripoli"], exact=True).wait_for()
    assert page.blocked == []


def test_a_tall_popup_at_the_top_of_the_map_keeps_its_title_in_sight(page, app_url, data):
    """Tripoli's popup at the top of a laptop's map: the map pans the popup into view, or
    where it cannot (by the basemap's edge), the popup is cut to the room there is and
    scrolls; either way its title is in sight and nothing of it is out of the map."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    wait_still(frame)  # the opening frame settled: under load it may be framed again late
    tripoli = next(h for h in data.layer("hubs").itertuples() if h.name == "Tripoli")
    hub = next(h for h in frame.evaluate(HUBS_JS) if h["id"] == tripoli.id)
    # Tripoli near the top, where a reader who dragged the map north would have it.
    frame.evaluate("(dy) => { map.panBy([0, dy], {animate: false}); return 1; }", hub["y"] - 40)
    wait_still(frame)  # the basemap's edge may have pulled it back a little
    hub = next(h for h in frame.evaluate(HUBS_JS) if h["id"] == tripoli.id)
    click_in_map(page, hub["x"], hub["y"])
    frame.locator(".leaflet-popup-content").wait_for()
    # Leaflet pans toward the popup, the basemap's edge pans back: once both are done (a
    # fixed 1.5 s was too short on a busy machine).
    wait_still(frame, stable_ms=600)
    title = frame.evaluate(
        """() => {
            const t = document.querySelector('.leaflet-popup-content h2');
            const r = t.getBoundingClientRect();
            const el = document.elementFromPoint(r.left + 2, r.top + r.height / 2);
            const c = document.querySelector('.leaflet-popup-content');
            const p = c.getBoundingClientRect();
            return {text: t.innerText, seen: t.contains(el) || el === t,
                    whole: c.scrollHeight <= c.clientHeight + 1 && p.top >= 0
                        && p.bottom <= window.map.getSize().y,
                    scrolls: c.scrollHeight > c.clientHeight + 1};
        }"""
    )
    assert title["text"] == "Tripoli" and title["seen"], title
    assert title["whole"] or title["scrolls"], title
    assert page.blocked == []


def test_the_map_opens_on_north_africa_and_shows_everything_on_demand(page, app_url, data):
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    opening = frame.evaluate(BOUNDS_JS)
    assert inside(opening, NORTH_AFRICA), opening
    middle = ((opening["west"] + opening["east"]) / 2, (opening["south"] + opening["north"]) / 2)
    assert -17.5 < middle[0] < 35 and 15 < middle[1] < 37.5, middle  # centred on it
    # Dhaka is out of the frame: its inset is shown, and names it.
    assert frame.locator('a.geo-inset[aria-label*="Dhaka"]').is_visible()
    for hub in data.layer("hubs").geometry:
        assert (
            opening["west"] < hub.x < opening["east"]
            and opening["south"] < hub.y < opening["north"]
        )
    t = translator("en")
    frame.evaluate(EXPECT_MOVE_JS)
    frame.get_by_role("button", name=t("Show everything")).click()
    assert frame.evaluate("() => window.__moved")
    everything = frame.evaluate(BOUNDS_JS)
    assert everything["east"] > 90.4, "Dhaka (90.4 E) is in view"
    frame.evaluate(EXPECT_MOVE_JS)
    frame.get_by_role("button", name=t("Return to the whole view")).click()
    assert frame.evaluate("() => window.__moved")
    assert inside(frame.evaluate(BOUNDS_JS), NORTH_AFRICA)
    assert frame.get_by_role("button", name=t("Full screen")).count() == 1
    assert page.blocked == []


def test_zooming_out_never_shows_the_edge_of_the_basemap(page, app_url, data):
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    zoom_out = frame.locator(".leaflet-control-zoom-out")
    for _ in range(8):
        if "leaflet-disabled" in (zoom_out.get_attribute("class") or ""):
            break
        frame.evaluate(EXPECT_MOVE_JS)
        zoom_out.click()
        frame.evaluate("() => window.__moved")
    assert "leaflet-disabled" in (zoom_out.get_attribute("class") or ""), "zoom out never stops"
    west, south, east, north = data.basemap.total_bounds
    shown = frame.evaluate(BOUNDS_JS)
    edge = {"west": west - 0.01, "south": south - 0.01, "east": east + 0.01, "north": north + 0.01}
    assert inside(shown, edge), (shown, edge)
    assert page.blocked == []


def test_coverage_stays_visible_over_online_tiles_and_the_base_map_follows_the_view(page, app_url):
    page.goto(app_url + "/?base=osm")
    frame, _ = wait_for_map(page)
    fills = frame.evaluate(
        "() => {"
        + FEATURES_FN
        + """ return features(window.map).filter(l => l.feature.properties.layer === 'coverage')
                .map(l => l.options.fillOpacity); }"""
    )
    assert fills and min(fills) > 0, fills
    swatch = frame.evaluate(
        "() => Number(getComputedStyle(document.querySelector('.geo-legend i.sw')).opacity)"
    )
    assert swatch == pytest.approx(min(fills))
    wait_until_idle(page)
    page.get_by_role("link", name="Country coverage").click()
    page.wait_for_url(re.compile(r"/coverage\?.*base=osm"))
    page.get_by_role("heading", name="Country coverage", level=1).wait_for()
    wait_until_idle(page)  # the overview's map is gone: the map found now is the new page's
    frame, _ = wait_for_map(page)
    frame.wait_for_function(  # the new page draws the tiles too
        "() => Object.values(window.map._layers)"
        ".some(l => l._url && l._url.includes('tile.openstreetmap.org'))"
    )
    assert {u.split("/")[2] for u in page.blocked} == {"tile.openstreetmap.org"}


def test_a_page_offers_only_the_layers_its_map_draws(page, app_url):
    page.goto(app_url + "/coverage")
    wait_for_map(page)
    sidebar = page.get_by_test_id("stSidebar")
    chips = sidebar.get_by_test_id("stButtonGroup").inner_text()
    assert "Country coverage" in chips
    for other in ("Key hub cities", "Smuggling routes", "Activities"):
        assert other not in chips
    assert page.blocked == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_details_panel_speaks_to_people(page, app_url, data, lang):
    t = translator(lang)
    kufra = data.layer("hubs").set_index("id").loc["hub-kufra"].to_dict()
    sel = geo.select(data, ViewState(lang=lang))
    page.goto(f"{app_url}/?lang={lang}")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    hub = next(h for h in frame.evaluate(HUBS_JS) if h["id"] == "hub-kufra")
    click_in_map(page, hub["x"], hub["y"])
    heading = page.get_by_role("heading", name=localized(kufra, "name", lang), exact=True)
    heading.wait_for()
    side = page.locator('[data-testid="stColumn"]').filter(has=heading)
    # The panel is drawn in pieces: read it once its facts are there, as a reader would.
    expect(side).to_contain_text(f"{t('Country')}: {sel.country_names['LBY']}")
    text = side.inner_text()
    assert "iso3" not in text and "project_ids" not in text and "source_url" not in text
    link = side.locator("a[href^='https://www.unodc.org/']")
    # In Arabic the English title is marked as English: that paragraph waits for Streamlit's
    # HTML-in-Markdown parser, fetched when first needed.
    link.first.wait_for()
    assert link.count() == 1
    clipped = side.evaluate(
        "el => [...el.querySelectorAll('p')].filter(p => p.scrollWidth > p.clientWidth + 1).length"
    )
    assert clipped == 0
    assert page.blocked == []


def test_on_a_phone_the_map_comes_first_and_nothing_covers_it(browser, app_url):
    from devtools.chromium import is_local

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    blocked: list[str] = []
    context.route(
        "**/*",
        lambda r: r.continue_() if is_local(r.request.url) else (blocked.append(1), r.abort()),
    )
    page = context.new_page()
    try:
        page.goto(app_url + "/")
        frame, _ = wait_for_map(page)
        sidebar = page.get_by_test_id("stSidebar").bounding_box()
        assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0, "the sidebar is open"
        height = page.locator(MAP_IFRAME).bounding_box()["height"]
        assert height >= 0.6 * 844, height
        assert frame.evaluate("() => document.querySelector('.geo-legend details').open") is False
        metrics = page.get_by_test_id("stMetric")
        boxes = [metrics.nth(i).bounding_box() for i in range(metrics.count())]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not (
                    a["x"] < b["x"] + b["width"]
                    and b["x"] < a["x"] + a["width"]
                    and a["y"] < b["y"] + b["height"]
                    and b["y"] < a["y"] + a["height"]
                ), "two key figures overlap"
        assert blocked == []
    finally:
        context.close()


def test_on_a_phone_a_popup_has_the_whole_map_and_the_buttons_come_back(browser, app_url, data):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    blocked = local_only(context)
    page = context.new_page()
    try:
        page.goto(app_url + "/")
        frame, _ = wait_for_map(page)
        wait_until_idle(page)
        tripoli = next(h for h in data.layer("hubs").itertuples() if h.name == "Tripoli")
        hub = next(h for h in frame.evaluate(HUBS_JS) if h["id"] == tripoli.id)
        click_in_map(page, hub["x"], hub["y"])
        frame.locator(".leaflet-popup-content").wait_for()
        page.wait_for_timeout(1500)  # Leaflet's pan toward the popup
        seen = frame.evaluate(
            """() => {
                const box = e => e.getBoundingClientRect();
                const at = (e, x, y) => document.elementFromPoint(x, y) === e
                    || e.contains(document.elementFromPoint(x, y));
                const popup = box(document.querySelector('.leaflet-popup'));
                const title = document.querySelector('.leaflet-popup-content h2');
                const close = document.querySelector('.leaflet-popup-close-button');
                const t = box(title), c = box(close);
                return {
                    inside: popup.left >= 0 && popup.right <= innerWidth && popup.top >= 0,
                    title: at(title, t.left + 2, t.top + t.height / 2),
                    close: at(close, c.left + c.width / 2, c.top + c.height / 2),
                };
            }"""
        )
        assert seen == {"inside": True, "title": True, "close": True}
        assert not frame.locator(".leaflet-control-zoom").is_visible()
        frame.locator(".leaflet-popup-close-button").click()
        frame.locator(".leaflet-control-zoom").wait_for()
        frame.locator(".geo-legend").wait_for()
        assert blocked == []
    finally:
        context.close()


# Points of the data in view, in the map's pixels: hubs, and points along routes and
# country outlines (ten per segment), with the layer each belongs to.
DATA_POINTS_JS = (
    "() => {"
    + FEATURES_FN
    + """
    const m = window.map, size = m.getSize(), out = [];
    const flat = ll => Array.isArray(ll) ? ll.flatMap(flat) : [ll];
    features(m).forEach(l => {
        const kind = l.feature.properties.layer;
        if (kind === 'events') return;  // grouped activities live in their own markers
        const pts = l.getLatLng ? [l.getLatLng()] : flat(l.getLatLngs());
        for (let i = 0; i < pts.length; i++) {
            const a = m.latLngToContainerPoint(pts[i]);
            const b = m.latLngToContainerPoint(pts[Math.min(i + 1, pts.length - 1)]);
            for (let s = 0; s < 10; s++) {
                const x = a.x + (b.x - a.x) * s / 10, y = a.y + (b.y - a.y) * s / 10;
                if (x >= 0 && y >= 0 && x <= size.x && y <= size.y) out.push({kind, x, y});
            }
        }
    });
    return out;
}"""
)


def test_at_the_opening_view_the_legend_covers_no_data(page, app_url):
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    legend = frame.evaluate(
        "() => { const r = document.querySelector('.geo-legend').getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }"
    )
    points = frame.evaluate(DATA_POINTS_JS)
    assert {p["kind"] for p in points} == {"hubs", "routes", "coverage"}
    covered = [
        p
        for p in points
        if legend["left"] <= p["x"] <= legend["right"]
        and legend["top"] <= p["y"] <= legend["bottom"]
    ]
    assert covered == [], covered[:5]
    assert page.blocked == []


# The buttons down the map's left side, and where each activity (or its group) is drawn.
BUTTONS_JS = """
() => [...document.querySelectorAll('.leaflet-top.leaflet-left a, .leaflet-top.leaflet-left button')]
    .map(b => b.getBoundingClientRect()).filter(r => r.width > 0)
    .map(r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom}))
"""
ACTIVITY_POINTS_JS = (
    "() => {"
    + FEATURES_FN
    + """
    const m = window.map, groups = [];
    m.eachLayer(l => { if (window.L.MarkerClusterGroup && l instanceof window.L.MarkerClusterGroup) groups.push(l); });
    return features(m).filter(l => l.feature.properties.layer === 'events').map(l => {
        const shown = groups.reduce((v, g) => g.hasLayer(l) ? g.getVisibleParent(l) : v, l) || l;
        const p = m.latLngToContainerPoint(shown.getLatLng());
        return {kind: 'events', x: p.x, y: p.y};
    });
}"""
)


@pytest.mark.parametrize(
    ("size", "paths", "kinds"),
    [
        (
            {"width": 1600, "height": 1000},
            ("/", "/events"),
            {"hubs", "routes", "coverage", "events"},
        ),
        # A phone's map cannot zoom out past the basemap to make room for the buttons
        # beside the overview's data; on the activities' page it can, for every activity.
        ({"width": 390, "height": 844}, ("/events",), {"events"}),
    ],
    ids=["desktop", "phone"],
)
def test_at_the_opening_view_the_map_buttons_cover_no_data(page, app_url, size, paths, kinds):
    page.set_viewport_size(size)
    for path in paths:
        page.goto(app_url + path)
        frame, _ = wait_for_map(page)
        wait_until_idle(page)
        page.wait_for_timeout(500)  # the frame is set again once Leaflet's styles apply
        buttons = frame.evaluate(BUTTONS_JS)
        assert len(buttons) >= 8  # zoom, home, everything, four arrows, full screen
        points = frame.evaluate(DATA_POINTS_JS) + frame.evaluate(ACTIVITY_POINTS_JS)
        assert "events" in {p["kind"] for p in points}
        covered = [
            (p, b)
            for p in points
            if p["kind"] in kinds
            for b in buttons
            if b["left"] - 4 <= p["x"] <= b["right"] + 4
            and b["top"] - 4 <= p["y"] <= b["bottom"] + 4
        ]
        assert covered == [], (path, covered[:3])
    assert page.blocked == []


def test_on_a_phone_the_sidebar_closes_after_a_choice(browser, app_url):
    """A phone's reader opens the sidebar, picks a year span, and sees the map again."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    blocked = local_only(context)
    page = context.new_page()
    try:
        page.goto(app_url + "/")
        wait_for_map(page)
        wait_until_idle(page)
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.get_attribute("data-collapsed") == "true"  # closed on a phone
        page.get_by_test_id("stExpandSidebarButton").click()
        # The reader taps once the sidebar has slid in: a tap while it slides scrolls it, and
        # the scroll closes the menu the tap opened.
        page.wait_for_function(
            """() => { const s = document.querySelector('[data-testid=stSidebar]');
                       return s.dataset.collapsed === 'false' && s.getBoundingClientRect().left === 0
                         && !s.getAnimations({subtree: true}).length; }"""
        )
        sidebar.get_by_role("combobox").first.click()  # the language
        page.get_by_role("option", name="Français").click()
        page.wait_for_url(re.compile(r"lang=fr"))
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'true'"
        )
        assert blocked == []
    finally:
        context.close()
