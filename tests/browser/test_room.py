"""Room for what the reader opens, and the map as part of a page: popups clear of every
control on every size, the wheel that scrolls the page until the reader clicks the map.

Real mouse clicks and wheel turns; popups closed with their x.
"""

from __future__ import annotations

import pytest

from tests.browser.mapwait import (
    FEATURES_FN,
    MAP_IFRAME,
    click_in_map,
    map_frame,
    wait_for_map,
    wait_still,
    wait_until_idle,
)

SIZES = {"desktop": {"width": 1600, "height": 1000}, "phone": {"width": 390, "height": 844}}
# Where the reader can click now: hubs, activities with a dot of their own, groups.
TARGETS_JS = (
    "() => {"
    + FEATURES_FN
    + """
    const m = window.map, s = m.getSize(), out = [];
    const add = (what, x, y) => {
        if (x < 12 || y < 12 || x > s.x - 12 || y > s.y - 12) return;
        const e = document.elementFromPoint(x, y);
        if (e && !e.closest('.leaflet-control')) out.push({what, x, y});
    };
    features(m).forEach(l => {
        const p = l.feature.properties;
        if (p.layer === 'hubs' && l._map) {
            const c = m.latLngToContainerPoint(l.getLatLng());
            add(p.id, c.x, c.y);
        } else if (p.layer === 'events' && l._map && l._icon) {
            const r = l._icon.getBoundingClientRect();
            add(p.id, r.left + r.width / 2, r.top + r.height / 2);
        }
    });
    m.eachLayer(l => {
        if (!l.getAllChildMarkers || !l._icon) return;
        const r = l._icon.getBoundingClientRect();
        add('group of ' + l.getChildCount(), r.left + r.width / 2, r.top + r.height / 2);
    });
    return out;
}"""
)
# A 7 x 7 grid over the open popup, corners included: what lies on top at each point.
GRID_JS = """() => {
    const r = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
    const out = [];
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) {
        const x = r.left + 1 + (r.width - 2) * i / 6, y = r.top + 1 + (r.height - 2) * j / 6;
        const e = document.elementFromPoint(x, y);
        if (!e) { out.push(`${x|0},${y|0}: outside the map`); continue; }
        const c = e.closest('.leaflet-control');
        if (c) out.push(`${x|0},${y|0}: under ${c.className}`);
        else if (!e.closest('.leaflet-popup')) out.push(`${x|0},${y|0}: under ${e.className}`);
    }
    return out;
}"""


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
@pytest.mark.parametrize("path", ["/", "/events"])
def test_every_popup_is_clear_of_the_controls(page, app_url, path, size):
    page.set_viewport_size(SIZES[size])
    page.goto(app_url + path)
    wait_for_map(page)
    wait_until_idle(page)
    page.locator(MAP_IFRAME).evaluate("e => e.scrollIntoView({block: 'center'})")
    frame = map_frame(page)
    opened, faults = [], {}
    for _ in range(8):
        wait_still(frame)
        targets = [t for t in frame.evaluate(TARGETS_JS) if t["what"] not in opened]
        if not targets:
            break
        target = targets[0]
        opened.append(target["what"])
        click_in_map(page, target["x"], target["y"])
        frame = map_frame(page)
        wait_still(frame, 400)  # Leaflet's pan toward a popup, and the map's own moves
        if not frame.evaluate("() => !!document.querySelector('.leaflet-popup')"):
            continue  # a group that zooms to come apart opens no popup
        faults[target["what"]] = frame.evaluate(GRID_JS)
        frame.locator(".leaflet-popup-close-button").click()
        frame.wait_for_function("() => !document.querySelector('.leaflet-popup')")
        # Back to the whole view for the next, as a reader would, by its button.
        frame.get_by_role("button", name="Return to the whole view").click()
    assert len(faults) >= 3, (opened, faults)  # popups were opened and probed
    assert not any(faults.values()), faults
    assert page.blocked == []


SCROLL_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
    return main.scrollTop + document.scrollingElement.scrollTop;
}"""


def test_the_wheel_scrolls_the_page_until_the_reader_clicks_the_map(page, app_url):
    page.set_viewport_size(SIZES["desktop"])
    page.goto(app_url + "/")
    wait_for_map(page)
    wait_until_idle(page)
    frame = map_frame(page)
    wait_still(frame)  # the opening frame settled: a loaded machine sets it late
    box = page.locator(MAP_IFRAME).bounding_box()
    zoom = frame.evaluate("() => map.getZoom()")
    # Over the middle of the map's visible part, as a reader scrolling down the page.
    x, y = box["x"] + box["width"] * 0.6, min(box["y"] + 120, 900)
    # The hint shows for a moment: what it said is kept, however long the check comes after.
    frame.evaluate(
        """() => { const hint = document.querySelector('.geo-gesture-hint');
            new MutationObserver(() => { if (hint.classList.contains('geo-shown'))
                window.__hint = hint.textContent; }).observe(hint, {attributes: true});
            return 1; }"""
    )
    page.mouse.move(x, y)
    before = page.evaluate(SCROLL_JS)
    page.mouse.wheel(0, 300)
    page.wait_for_function(f"() => ({SCROLL_JS})() > {before}")
    page.wait_for_timeout(400)
    assert frame.evaluate("() => map.getZoom()") == zoom, "the wheel zoomed the map"
    assert "Ctrl" in frame.evaluate("() => window.__hint")  # it says how to zoom
    # Once the reader has clicked into the map, the wheel zooms it.
    box = page.locator(MAP_IFRAME).bounding_box()
    size = frame.evaluate("() => map.getSize()")
    sea = frame.evaluate(
        "() => { const p = map.latLngToContainerPoint([36.5, 18.0]); return [p.x, p.y]; }"
    )  # the central Mediterranean: no feature to open there
    assert 0 < sea[0] < size["x"] and 0 < sea[1] < size["y"]
    page.mouse.click(box["x"] + sea[0], box["y"] + sea[1])
    page.mouse.wheel(0, -300)
    frame.wait_for_function(f"() => map.getZoom() > {zoom}")
    assert page.blocked == []


@pytest.mark.parametrize("size", [(1366, 768), (1600, 1000)], ids=["laptop", "desktop"])
def test_most_of_the_overviews_map_is_on_the_first_screen(page, app_url, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    page.goto(app_url + "/")
    wait_for_map(page)
    wait_until_idle(page)
    top, map_height = page.evaluate(
        f"""() => {{ const r = document.querySelector({MAP_IFRAME!r}).getBoundingClientRect();
                    return [r.top + (document.scrollingElement.scrollTop || 0), r.height]; }}"""
    )
    seen = max(0.0, min(height - top, map_height)) / map_height
    assert seen >= 0.6, f"{seen:.0%} of the map on the first screen (its top at {top:.0f} px)"
    assert page.blocked == []
