"""A popup at the basemap's edge slides into the map over its tip (geomap.js slidePopup).

On the Events page's map as the live map draws it (tests.browser.bare: no page around it,
so no rerun can replace the map under the clicks), the reader asks to see everything and
opens Dhaka, which then stands near the basemap's east edge, past which the map will not
pan: its popup lies inside the map, its tip still on Dhaka. Real mouse clicks.
"""

from __future__ import annotations

from geo.render.basemap import display_basemap
from geo.render.maps import MapOptions, build_map
from geo.view.selection import select
from geo.view.urlstate import ViewState
from tests.browser.bare import DESKTOP
from tests.browser.mapwait import FEATURES_FN, PlaywrightError, wait_still

DHAKA_JS = (
    "() => {"
    + FEATURES_FN
    + """
    const dot = features(window.map).find(l => l.feature.properties.id === 'ev-2023-04-27-dhaka'
                                               && l._map && l._icon);
    if (!dot) return null;
    const r = dot._icon.getBoundingClientRect();
    return {x: r.left + r.width / 2, y: r.top + r.height / 2};
}"""
)
# What a click at a point meets, and where Dhaka's dot is now: said when no popup opens.
AT_JS = (
    "(p) => { const e = document.elementFromPoint(p.x, p.y);"
    " return {tag: e && e.tagName, cls: e && String(e.className).slice(0, 120),"
    " dhaka: (" + DHAKA_JS + ")()}; }"
)
POPUP_JS = """() => { const r = e => e.getBoundingClientRect();
    const map = window.map, box = r(map.getContainer());
    const body = r(document.querySelector('.leaflet-popup-content-wrapper'));
    const tip = r(document.querySelector('.leaflet-popup-tip'));
    const at = map.latLngToContainerPoint(map._popup.getLatLng());
    return {left: body.left - box.left, right: body.right - box.left, width: map.getSize().x,
            tip: (tip.left + tip.right) / 2 - box.left, place: at.x}; }"""


def test_a_popup_at_the_basemaps_edge_slides_into_the_map_over_its_tip(bare_maps, shipped):
    sel = select(shipped, ViewState(layers=("events",)))
    m = build_map(sel, display_basemap(shipped.basemap), options=MapOptions(height=DESKTOP[1]))
    page = bare_maps.show(m, DESKTOP)
    wait_still(page)
    page.get_by_role("button", name="Show everything").click()
    wait_still(page, 400)
    dhaka = page.evaluate(DHAKA_JS)
    assert dhaka, "Dhaka is not on the main map once everything is shown"
    page.mouse.click(dhaka["x"], dhaka["y"])
    try:
        page.wait_for_selector(".leaflet-popup")
    except PlaywrightError as exc:
        there = page.evaluate(AT_JS, dhaka)
        raise AssertionError(f"no popup: the click at {dhaka} met {there}") from exc
    wait_still(page, 400)
    seen = page.evaluate(POPUP_JS)
    assert 0 <= seen["left"] and seen["right"] <= seen["width"], seen
    assert abs(seen["tip"] - seen["place"]) <= 3, seen  # still pointing at Dhaka
