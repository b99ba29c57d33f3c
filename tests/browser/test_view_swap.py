"""A filter changed in the sidebar keeps the map and draws the new view into it.

The browser keeps one Leaflet map for every view of one language and base map
(ui/livemap.py, geo/render/static/swap.js): a project chosen takes the last view's layers,
names, legend, insets and frame off the map and draws the new view's. What the reader then
sees must be what a fresh load of that view shows: the same features, activity dots, names,
insets, frame and accessible name, and nothing of the view before.
"""

from __future__ import annotations

from tests.browser.mapwait import COUNTS_FN, EXCEPTION, map_frame, wait_for_map, wait_still

# What a reader meets on the map, with the map object itself to tell a kept map from a new.
SEEN_JS = (
    "() => {"
    + COUNTS_FN
    + """
    const m = window.map, b = m.getBounds(), q = s => document.querySelectorAll(s).length;
    return {counts: counts(m), dots: q('.geo-ev, .geo-cluster'), names: q('.geo-label'),
            insets: q('.geo-inset'), legends: q('.geo-legend'), scales: q('.leaflet-control-scale'),
            home: q('.geo-view-bar'), pans: q('.geo-pan'), layers: q('.leaflet-control-layers'),
            zoom: m.getZoom(), frame: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]
                .map(v => v.toFixed(2)).join(' '),
            name: m.getContainer().getAttribute('aria-label')};
}"""
)


def seen(page) -> dict:
    frame, _ = wait_for_map(page)
    wait_still(frame)
    return frame.evaluate(SEEN_JS)


def choose_project(page, name: str) -> None:
    page.locator(".st-key-w_projects").get_by_role("combobox").click()
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url("**project=*")


def test_a_project_chosen_redraws_the_kept_map_as_a_fresh_load_draws_it(app_url, page):
    page.goto(f"{app_url}/?project=gloact-bgd")
    fresh = seen(page)
    assert fresh["dots"] == 3 and fresh["counts"].get("events", 0) >= 3, fresh

    page.goto(f"{app_url}/")
    page.wait_for_selector(f"[data-testid='stMain'] h1, {EXCEPTION}")
    everything = seen(page)
    map_frame(page).evaluate("() => { window.__kept = window.map; }")
    assert everything["insets"] == 2  # Doha and Dhaka, far from North Africa

    choose_project(page, "GLO.ACT Bangladesh")
    swapped = seen(page)
    frame = map_frame(page)
    assert frame.evaluate("() => window.__kept === window.map"), "the map was built anew"
    assert swapped == fresh
    # One of each control: the last view's were taken off.
    assert swapped["legends"] == swapped["scales"] == swapped["home"] == 1
    assert swapped["pans"] == swapped["layers"] == 1
    assert page.blocked == []
