"""The sidebar's fields as assistive technology gets them.

- "Language" (and "Layers", which has no help button either) was a label whose whole text
  Streamlit hides from assistive technology (it names the field by ``aria-label`` instead):
  read line by line, the sidebar skipped it. Its text is now read, and the field keeps
  its name.
- "Find a place" had ``autocomplete=""``, which says nothing: it is a search of the map's
  places, and says ``off``.
- The overview's link led to the page shown (Streamlit writes its address as "" or
  "?lang=fr"): opened in a new tab or copied, it gave the Events page, not the overview.
  It leads to the overview, in the view chosen since (ui/js/markup.js).
"""

from __future__ import annotations

import pytest

from tests.browser.mapwait import EXCEPTION, wait_until_idle

LABELS = {"en": ("Language", "Layers"), "ar": ("اللغة", "الطبقات")}


def read_texts(page) -> list[str]:
    """The text of the page a screen reader reads (Chromium's tree, hidden nodes left out)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Accessibility.enable")
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [
        ((n.get("name") or {}).get("value") or "").strip()
        for n in nodes
        if not n.get("ignored") and (n.get("role") or {}).get("value") == "StaticText"
    ]


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"[data-testid='stMain'] h1, {EXCEPTION}", timeout=60_000)
    assert page.locator(EXCEPTION).count() == 0
    page.locator(".st-key-w_lang input").wait_for()
    wait_until_idle(page, timeout=60_000)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_language_and_layers_labels_are_read(app_url, page, lang):
    language, layers = LABELS[lang]
    open_page(page, f"{app_url}/coverage?lang={lang}")
    texts = read_texts(page)
    assert language in texts, texts[:40]
    assert layers in texts, texts[:40]
    # The fields keep their own names.
    page.get_by_role("combobox", name=language, exact=True).wait_for()
    page.get_by_role("toolbar", name=layers, exact=True).wait_for()
    # Shown once each, where they were.
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.get_by_text(language, exact=True).filter(visible=True).count() == 1
    assert sidebar.get_by_text(layers, exact=True).filter(visible=True).count() == 1
    assert page.blocked == []


def test_the_place_search_says_how_to_autocomplete(app_url, page):
    open_page(page, f"{app_url}/about?lang=en")
    field = page.get_by_role("textbox", name="Find a place")
    assert field.get_attribute("autocomplete") == "off"
    assert page.blocked == []


def test_the_overview_link_leads_to_the_overview_after_a_choice(app_url, page):
    """A reader on the Events page chooses a project; the overview's link, as a new tab
    would open it, is the overview in that view (Streamlit wrote its address again)."""
    open_page(page, f"{app_url}/events?lang=fr")
    overview = page.locator('[data-testid=stSidebar] a[data-testid="stPageLink-NavLink"]').first
    assert overview.evaluate("a => a.href") == f"{app_url}/?lang=fr"
    page.locator(".st-key-w_projects").get_by_role("combobox").click()
    page.get_by_role("option", name="XAMT14", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url("**project=*")
    query = page.url.split("?", 1)[1]
    # Streamlit writes the links again once the page's run is done.
    page.wait_for_function(
        "(q) => [...document.querySelectorAll('[data-testid=stSidebar] "
        "a[data-testid=stPageLink-NavLink]')].every(a => a.href.endsWith('?' + q))",
        arg=query,
        timeout=60_000,
    )
    routes = page.locator('[data-testid=stSidebar] a[data-testid="stPageLink-NavLink"]').nth(1)
    assert routes.evaluate("a => a.href") == f"{app_url}/routes?{query}"
    assert overview.evaluate("a => a.href") == f"{app_url}/?{query}"
    assert page.blocked == []
