"""The map as part of a page: the wheel scrolls the page until the reader clicks the map.

(Popups clear of every control: tests/browser/test_popups_clear.py, on the live map alone.)
Real mouse and wheel turns.
"""

from __future__ import annotations

import pytest

from tests.browser.mapwait import (
    MAP_IFRAME,
    map_frame,
    wait_for_map,
    wait_still,
    wait_until_idle,
)

SIZES = {"desktop": {"width": 1600, "height": 1000}}


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
