"""Headings in order (WCAG 1.3.1, 2.4.6) after the reader chooses a feature: its details,
beside the map and above the list, are a section of the page as well.

Every page as it opens, in every language and in presenter mode, is checked by
tests/browser/test_page_checkers.py (our walk of the headings and axe-core's rule).
"""

from __future__ import annotations

from tests.browser.axecheck import inject
from tests.browser.headings import headings, order_problems, outline
from tests.browser.mapwait import open_page, wait_until_idle


def axe_heading_order(page) -> list[str]:
    """axe-core's heading-order findings on the page and its frames."""
    inject(page)
    options = {"runOnly": {"type": "rule", "values": ["heading-order"]}}
    results = page.evaluate("opts => axe.run(document, opts)", options)
    return [n["html"][:120] for v in results["violations"] for n in v["nodes"]]


def test_a_chosen_features_details_keep_the_order(app_url, page):
    open_page(page, f"{app_url}/?lang=en", with_map=True)
    page.get_by_role("button", name="Kufra", exact=True).click()
    page.get_by_role("heading", name="Kufra", exact=True).wait_for()
    wait_until_idle(page)
    found = headings(page)
    assert order_problems(found) == [], outline(found)
    assert axe_heading_order(page) == [], outline(found)
    assert {"level": 2, "text": "Kufra"} in [{k: h[k] for k in ("level", "text")} for h in found]
    assert page.blocked == []
