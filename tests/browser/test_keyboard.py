"""The map without a mouse: from the top of the page, Tab and Enter alone reach the list of
what the map shows and choose a feature; the map moves to it and its details show. The
list holds what the filters give; the map is named by what it shows; its controls are
24 px or more, named, with a visible focus.

Expected names, ids and places come from the data through the library.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import geo
from geo.i18n import localized
from geo.render.maplist import map_items, map_summary
from geo.view.filters import Filters
from geo.view.urlstate import ViewState
from tests.browser.mapwait import (
    MAP_IFRAME,
    map_frame,
    wait_for_map,
    wait_still,
    wait_until_idle,
)
from ui.maplist import PAGE_SIZE

MAX_PRESSES = 120  # more than the page's tab stops before the list
LIST_BUTTONS = '[class*="-maplist"] [class*="-item-"] button'  # the items, not "Show more"
ACTIVE_JS = """() => { const e = document.activeElement;
    return {tag: e.tagName, text: (e.innerText || '').trim(), href: e.getAttribute('href')}; }"""
CONTROLS_JS = """() => [...document.querySelectorAll(
        '.leaflet-control a, .leaflet-control summary, .leaflet-control-layers-toggle')]
    .filter(e => !e.closest('.leaflet-control-attribution') && e.checkVisibility())
    .map(e => { const r = e.getBoundingClientRect();
        return {cls: e.className, name: e.getAttribute('aria-label') || e.title || e.innerText,
                w: r.width, h: r.height}; })"""
OUTLINE_JS = """(e) => { const s = getComputedStyle(e);
    return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def tab_to(page, wanted, what: str) -> dict:
    """Press Tab until the focused element satisfies ``wanted``; return it."""
    for _ in range(MAX_PRESSES):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE_JS)
        if wanted(active):
            return active
    pytest.fail(f"{what} not reached in {MAX_PRESSES} presses of Tab")


def listed(page) -> list[str]:
    return [t.strip() for t in page.locator(LIST_BUTTONS).all_inner_texts()]


def expected_labels(data, view: ViewState) -> list[str]:
    sel = geo.select(data, view)
    labels = []
    for section in map_items(sel):
        for item in section.items[:PAGE_SIZE]:
            label = item.label
            if not item.placed:
                label = sel.t("{name} (place not stated, not on the map)").format(name=label)
            labels.append(label)
    return labels


def test_tab_and_enter_alone_choose_kufra_from_the_list(page, app_url, data):
    kufra = data.layer("hubs").set_index("id").loc["hub-kufra"]
    name = localized(kufra, "name", "en")
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    frame.evaluate("() => { window.__sameMap = true }")
    tab_to(page, lambda a: a["href"] == "#map-list", "the skip link")
    page.keyboard.press("Enter")
    # The next Tab lands in the list: its first item, the first hub.
    first = tab_to(page, lambda a: True, "the list")
    assert first["tag"] == "BUTTON" and first["text"] == listed(page)[0]
    if first["text"] != name:
        tab_to(page, lambda a: a["tag"] == "BUTTON" and a["text"] == name, name)
    page.keyboard.press("Enter")
    # Its details beside the map, as a click would show them; the focus stays on it.
    page.get_by_role("heading", name=name, exact=True).wait_for()
    page.wait_for_function(
        "(n) => document.activeElement.innerText.trim() === n", arg=f"{name} (selected)"
    )
    page.get_by_text("Country:").first.wait_for()
    # The same map (not drawn anew) moved to Kufra.
    frame.wait_for_function(
        "([lat, lon]) => { const c = map.getCenter();"
        " return Math.abs(c.lat - lat) < 0.05 && Math.abs(c.lng - lon) < 0.05; }",
        arg=[kufra.geometry.y, kufra.geometry.x],
        timeout=20_000,
    )
    assert frame.evaluate("() => window.__sameMap") is True
    assert page.blocked == []


def test_a_click_on_the_map_still_selects_and_marks_the_list(page, app_url, data):
    names = dict(zip(data.layer("hubs")["id"], data.layer("hubs")["name"], strict=True))
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    page.locator(MAP_IFRAME).evaluate("e => e.scrollIntoView({block: 'center'})")
    point = frame.evaluate(
        """() => { let p; map.eachLayer(l => { const f = l.feature && l.feature.properties;
            if (f && f.id === 'hub-tripoli') p = map.latLngToContainerPoint(l.getLatLng()); });
            return p; }"""
    )
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.get_by_role("heading", name=names["hub-tripoli"], exact=True).wait_for()
    page.get_by_role("button", name=f"{names['hub-tripoli']} (selected)").wait_for()
    assert page.blocked == []


@pytest.mark.parametrize(
    ("query", "view"),
    [
        ("project=gloact-bgd", ViewState(Filters(("gloact-bgd",), None))),
        ("lang=ar", ViewState(lang="ar")),
    ],
)
def test_the_list_holds_what_the_filters_give(page, app_url, data, query, view):
    page.goto(f"{app_url}/?{query}")
    wait_for_map(page)
    wait_until_idle(page)
    want = expected_labels(data, view)
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length >= n", arg=[LIST_BUTTONS, len(want)]
    )
    shown = listed(page)
    assert shown[: len(want)] == want
    kufra = localized(data.layer("hubs").set_index("id").loc["hub-kufra"], "name", view.lang)
    if view.filters.projects:
        assert kufra not in shown  # a hub of another project
    else:
        assert kufra in shown
    assert page.blocked == []


def test_more_than_a_page_of_items_is_said_and_shown_on_demand(page, app_url, data):
    legs = len(data.layer("routes"))
    assert legs > PAGE_SIZE  # the shipped data has more legs than a page
    page.goto(app_url + "/")
    wait_for_map(page)
    page.get_by_text(f"{PAGE_SIZE} of {legs} listed; {legs - PAGE_SIZE} not listed.").wait_for()
    before = len(listed(page))
    page.get_by_role("button", name=f"Show {legs - PAGE_SIZE} more").click()
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n",
        arg=[LIST_BUTTONS, before + legs - PAGE_SIZE],
    )
    assert page.blocked == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_map_is_named_by_what_it_shows(page, app_url, data, lang):
    page.goto(f"{app_url}/?lang={lang}")
    frame, _ = wait_for_map(page)
    summary = map_summary(geo.select(data, ViewState(lang=lang)))
    page.wait_for_function(
        "([sel, name]) => document.querySelector(sel).title === name", arg=[MAP_IFRAME, summary]
    )
    region = frame.locator(".leaflet-container")
    assert region.get_attribute("role") == "application"  # focusable: its keys pan the map
    assert region.get_attribute("aria-label") == summary
    assert page.get_by_text(summary, exact=True).is_visible()  # beside the map, in words
    assert page.blocked == []


@pytest.mark.parametrize("size", [{"width": 1600, "height": 1000}, {"width": 390, "height": 844}])
def test_map_controls_are_24px_named_and_show_their_focus(page, app_url, size):
    page.set_viewport_size(size)
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    controls = frame.evaluate(CONTROLS_JS)
    names = [c["name"] for c in controls]
    for direction in ("north", "west", "east", "south"):
        assert f"Move the map {direction}" in names
    for c in controls:
        assert c["w"] >= 24 and c["h"] >= 24, c
        assert c["name"].strip(), c
    # The focus is visible: a solid outline of 2 px or more on a map control...
    east = frame.get_by_role("button", name="Move the map east")
    east.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    outline = east.evaluate(OUTLINE_JS)
    assert outline["style"] != "none" and outline["width"] >= 2, outline
    # ...and the pan buttons move the map.
    before = frame.evaluate("() => map.getCenter().lng")
    page.keyboard.press("Enter")
    frame.wait_for_function("(lng) => map.getCenter().lng > lng + 0.5", arg=before)
    # On the list's buttons too.
    first = page.locator(LIST_BUTTONS).first
    first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    outline = first.evaluate(OUTLINE_JS)
    assert outline["style"] != "none" and outline["width"] >= 2, outline
    assert page.blocked == []


@pytest.mark.parametrize("path", ["/routes", "/coverage", "/events"])
def test_every_map_page_has_its_list_and_skip_link(page, app_url, path):
    page.goto(app_url + path)
    map_frame(page)
    assert page.locator('a.geo-skip[href="#map-list"]').count() == 1
    page.locator("#map-list").wait_for(state="attached")
    assert page.locator(LIST_BUTTONS).count() > 0
    assert page.blocked == []


# The map's tab stops, in order: what each is and whether its middle is in the map's view.
TAB_STOPS_JS = """() => {
    const box = document.querySelector('.leaflet-container').getBoundingClientRect();
    return [...document.querySelectorAll('.leaflet-container [tabindex="0"], '
        + '.leaflet-container a[href], .leaflet-container summary, .leaflet-container button')]
      .filter(e => e.tabIndex >= 0 && e.checkVisibility())
      .map(e => { const r = e.getBoundingClientRect(), x = (r.left + r.right) / 2,
                        y = (r.top + r.bottom) / 2;
          return {control: !!e.closest('.leaflet-control'),
                  seen: x >= box.left && x <= box.right && y >= box.top && y <= box.bottom}; });
}"""


def test_tab_reaches_the_maps_buttons_first_and_only_the_places_in_view(page, app_url):
    """The first Tab into the map lands on its buttons, not on one of a dozen markers; a
    place out of view (zoomed in once: Doha, Dhaka) takes no tab stop.
    """
    page.goto(app_url + "/")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    frame.locator(".leaflet-control-zoom-in").click()
    wait_still(frame)
    # The order is set a frame after the zoom ends, and markercluster may still be placing
    # its markers then: wait for the order, then say what was seen if it never came.
    try:
        frame.wait_for_function(
            f"""() => {{ const stops = ({TAB_STOPS_JS})();
                return stops.length && stops[0].control
                    && stops.every(s => s.control || s.seen); }}""",
            polling=100,
            timeout=10_000,
        )
    except PlaywrightTimeout:
        pass  # the asserts below say what the map shows
    stops = frame.evaluate(TAB_STOPS_JS)
    markers = [s for s in stops if not s["control"]]
    assert stops and stops[0]["control"], stops[:3]  # in document order, the buttons first
    first_marker = stops.index(markers[0]) if markers else len(stops)
    assert all(s["control"] for s in stops[:first_marker])
    assert markers and all(s["seen"] for s in markers), markers
    hidden = frame.evaluate(
        """() => [...document.querySelectorAll('.leaflet-marker-pane [tabindex]')]
            .filter(e => e.tabIndex < 0).length"""
    )
    assert hidden > 0  # the places out of view are there, out of the order
    assert page.blocked == []
