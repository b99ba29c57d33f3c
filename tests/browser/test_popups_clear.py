"""Room for what the reader opens: every popup clear of every control, at a desktop's and
a phone's size, on the overview's map and the Events page's; the legend out of the way of
an open popup and back once it closes.

On the live map as the app sends it, on a bare page (tests.browser.bare), so that every
place can be opened in turn, as a reader would: a real click on it, a look, the popup closed
with its x, the map back to the whole view by its button, the next place.
"""

from __future__ import annotations

import pytest

from geo.render.basemap import display_basemap
from geo.render.maps import MapOptions, build_map
from geo.view.selection import select
from geo.view.urlstate import ViewState
from tests.browser.bare import DESKTOP, PHONE
from tests.browser.mapwait import FEATURES_FN, HUBS_JS, wait_still

SIZES = {"desktop": DESKTOP, "phone": PHONE}
VIEWS = {"overview": ViewState(), "events": ViewState(layers=("events",))}
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


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", VIEWS)
def test_every_popup_is_clear_of_the_controls(bare_maps, shipped, view, size):
    sel = select(shipped, VIEWS[view])
    m = build_map(sel, display_basemap(shipped.basemap), options=MapOptions(height=SIZES[size][1]))
    page = bare_maps.show(m, SIZES[size])
    opened, faults = [], {}
    while True:
        wait_still(page)
        targets = [t for t in page.evaluate(TARGETS_JS) if t["what"] not in opened]
        if not targets:
            break
        target = targets[0]
        opened.append(target["what"])
        page.mouse.click(target["x"], target["y"])
        wait_still(page, 400)  # Leaflet's pan toward a popup, and the map's own moves
        if not page.evaluate("() => !!document.querySelector('.leaflet-popup')"):
            continue  # a group that zooms to come apart opens no popup
        faults[target["what"]] = page.evaluate(GRID_JS)
        page.locator(".leaflet-popup-close-button").click()
        page.wait_for_function("() => !document.querySelector('.leaflet-popup')")
        # Back to the whole view for the next, as a reader would, by its button.
        page.get_by_role("button", name="Return to the whole view").click()
    assert len(faults) >= 3, (opened, faults)  # popups were opened and probed
    assert not any(faults.values()), faults


# The map's width and the height left above its legend strip, in pixels.
FREE_JS = """() => ({x: window.map.getSize().x,
                    y: document.querySelector('.geo-legend').getBoundingClientRect().top})"""
UNDER_JS = """([x, y]) => { const e = document.elementFromPoint(x, y);
    return e.closest('.leaflet-control') ? e.closest('.leaflet-control').className : null; }"""


def test_an_open_popup_is_never_under_the_legend_which_comes_back_after(bare_maps, shipped):
    m = build_map(select(shipped, ViewState()), display_basemap(shipped.basemap))
    page = bare_maps.show(m, DESKTOP)
    wait_still(page)
    reopened = []
    for hub_id in sorted(h["id"] for h in page.evaluate(HUBS_JS)):
        # Where the hub is now: an earlier popup may have panned the map.
        hub = next(h for h in page.evaluate(HUBS_JS) if h["id"] == hub_id)
        size = page.evaluate(FREE_JS)
        if not (20 < hub["x"] < size["x"] - 20 and 20 < hub["y"] < size["y"] - 20):
            # Back to the opening view, which keeps every hub clear of the legend.
            page.get_by_role("button", name="Return to the whole view").click()
            wait_still(page)
            hub = next(h for h in page.evaluate(HUBS_JS) if h["id"] == hub_id)
        page.mouse.click(hub["x"], hub["y"])
        page.locator(".leaflet-popup-content").wait_for()
        wait_still(page, 400)  # once Leaflet has panned the popup into view
        where = page.evaluate(
            """() => {
                const r = document.querySelector('.leaflet-popup-content').getBoundingClientRect();
                const el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return {inPopup: !!el.closest('.leaflet-popup'), legend: !!el.closest('.geo-legend')};
            }"""
        )
        assert where == {"inPopup": True, "legend": False}, hub_id
        page.locator(".leaflet-popup-close-button").click()
        page.wait_for_function("() => !document.querySelector('.leaflet-popup')")
        wait_still(page)
        # The legend unfolds again, except over the place the reader opened.
        hub = next(h for h in page.evaluate(HUBS_JS) if h["id"] == hub_id)
        assert page.evaluate(UNDER_JS, [hub["x"], hub["y"]]) is None, hub_id
        reopened.append(page.evaluate("() => document.querySelector('.geo-legend details').open"))
    assert any(reopened), "the legend never came back"
