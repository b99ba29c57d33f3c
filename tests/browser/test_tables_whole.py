"""Issue 25: tables and the details panel show their whole text, in a real browser.

"Shown" here: the text is in the page and no box of it (a scrolling grid, a cell, the
details panel) cuts it; the page itself may scroll to it. A container that holds the
page's title is the page's own scroller and is not counted.
"""

from __future__ import annotations

import pytest

from geo.i18n import localized
from tests.browser.mapwait import open_page, wait_until_idle

# What of ``el`` (or of its text's first ``chars`` characters) a box around it cuts:
# a list of the cutting boxes, empty when all of it shows.
CUT_JS = """([el, chars]) => {
    const title = document.querySelector('[data-testid="stMain"] h1');
    let rect = el.getBoundingClientRect();
    if (chars) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const node = walker.nextNode();
        const range = document.createRange();
        range.setStart(node, 0);
        range.setEnd(node, Math.min(chars, node.length));
        rect = range.getBoundingClientRect();
    }
    const cut = [];
    if (rect.width === 0 || rect.height === 0) cut.push('nothing drawn');
    if (el.scrollWidth > el.clientWidth + 1) cut.push('its own width');
    for (let a = el.parentElement; a; a = a.parentElement) {
        if (title && a.contains(title)) break;
        const s = getComputedStyle(a), r = a.getBoundingClientRect();
        const name = a.className || a.tagName;
        if (s.overflowX !== 'visible' && (rect.left < r.left - 1 || rect.right > r.right + 1))
            cut.push('sideways by ' + name);
        if (s.overflowY !== 'visible' && (rect.top < r.top - 1 || rect.bottom > r.bottom + 1))
            cut.push('downwards by ' + name);
    }
    if (rect.left < -1 || rect.right > window.innerWidth + 1) cut.push('by the window');
    return cut;
}"""


def cut(locator, chars: int = 0) -> list[str]:
    locator.scroll_into_view_if_needed()
    return locator.evaluate(f"el => ({CUT_JS})([el, {chars}])")


def table_named(page, caption: str):
    return page.locator("table").filter(has=page.locator("caption").filter(has_text=caption))


def test_an_events_source_shows_in_full(page, app_url, shipped):
    open_page(page, f"{app_url}/events?lang=en", with_map=True)
    events = shipped.layer("events")
    source = max(events["source"], key=len)
    table = table_named(page, "All activities, with sources")
    table.wait_for(timeout=30_000)
    cell = table.get_by_role("cell", name=source, exact=True).first
    assert cell.inner_text().strip() == source
    assert cut(cell) == []
    assert page.blocked == []


def test_a_data_table_shows_every_row(page, app_url, shipped):
    open_page(page, f"{app_url}/data?lang=en")
    routes = shipped.layer("routes")
    table = table_named(page, f"({len(routes)})")
    table.wait_for(timeout=30_000)
    rows = table.locator("tbody tr")
    assert rows.count() == len(routes) == 61
    for i in (0, len(routes) // 2, len(routes) - 1):
        assert cut(rows.nth(i).locator("td").first) == [], f"row {i + 1}"
    assert page.blocked == []


@pytest.mark.parametrize("viewport", [(1600, 1000), (390, 844)])
def test_an_arabic_route_name_starts_with_its_first_word(page, app_url, shipped, viewport):
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    open_page(page, f"{app_url}/data?lang=ar")
    routes = shipped.layer("routes")
    name = max(routes["route_name_ar"], key=len)
    first_word = name.split()[0]
    table = table_named(page, f"({len(routes)})")
    table.wait_for(timeout=30_000)
    cell = table.get_by_role("cell", name=name, exact=True).first
    assert cell.inner_text().strip() == name
    # Right to left: the first word is at the cell's right, and nothing cuts it.
    assert cell.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert cut(cell.locator("bdi"), len(first_word)) == []
    assert cut(cell) == []
    assert page.blocked == []


def test_the_details_panel_shows_its_whole_text(page, app_url, shipped):
    hubs = shipped.layer("hubs").set_index("id")
    hub = hubs.loc["hub-ajdabiya"]
    name = localized(hub, "name", "en")
    open_page(page, f"{app_url}/?lang=en", with_map=True)
    page.get_by_role("button", name=name, exact=True).click()
    page.get_by_role("heading", name=name, exact=True).wait_for()
    wait_until_idle(page)
    panel = page.locator('[class*="st-key-overview_map-details"]')
    # No scroll inside the panel: it is as tall as its text.
    assert panel.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    last = panel.get_by_text(hub["source_quote"][:60]).last
    assert cut(last) == []
    assert panel.evaluate(
        "el => [el, ...el.querySelectorAll('*')].every("
        "e => e.scrollHeight <= e.clientHeight + 1 || getComputedStyle(e).overflowY === 'visible')"
    )
    assert page.blocked == []
