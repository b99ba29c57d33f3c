"""Amounts of money keep their own direction in a right-to-left page.

In Arabic the overview's budget line read "$US 2,705,000 ;€ 15,000,000": Babel writes
"2,705,000 US$" after a RIGHT-TO-LEFT MARK, and in a right-to-left run the "$" went before
the letters, while the amounts and the separator between them were laid out as one run.
Each amount is now isolated (FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE), its
currency sign too, so it is laid out on its own and "US$" keeps its order. The same holds
for the project cards and the figures from the sources; English is left as it was.
"""

from __future__ import annotations

import re

import pytest

from geo.i18n import format_money
from tests.browser.mapwait import EXCEPTION, wait_until_idle

FSI, PDI = "\u2068", "\u2069"
BUDGETS = {"EUR": 15_000_000, "USD": 2_705_000}
SIGNS = {"EUR": "€", "USD": "US$"}  # Babel's Arabic signs

# The left edges, on screen, of the letters of the first "US$" inside ``selector``.
SIGN_EDGES_JS = """(selector) => {
    for (const root of document.querySelectorAll(selector)) {
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            const at = node.data.indexOf('US$');
            if (at < 0) continue;
            return [0, 1, 2].map(i => {
                const r = document.createRange();
                r.setStart(node, at + i);
                r.setEnd(node, at + i + 1);
                return r.getBoundingClientRect().left;
            });
        }
    }
    return null;
}"""


def isolated(currency: str) -> str:
    """The Arabic amount as the page must hold it: isolated, and its sign within it."""
    money, sign = format_money(BUDGETS[currency], currency, "ar"), SIGNS[currency]
    return FSI + money.replace(sign, FSI + sign + PDI) + PDI


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"[data-testid='stMain'] h1, {EXCEPTION}", timeout=60_000)
    assert page.locator(EXCEPTION).count() == 0
    wait_until_idle(page, timeout=60_000)


def assert_reads_us_dollar(page, selector: str) -> None:
    """On screen, left to right: U, S, $ (it was drawn "$US")."""
    u, s, dollar = page.evaluate(SIGN_EDGES_JS, selector)
    assert u < s < dollar, (u, s, dollar)


def test_each_budget_on_the_arabic_overview_is_isolated(app_url, page):
    open_page(page, f"{app_url}/?lang=ar")
    caption = "[data-testid=stCaptionContainer]"
    line = page.locator(caption).filter(has_text="ميزانيات").first.text_content()
    for currency in BUDGETS:
        assert isolated(currency) in line, line
    # Nothing of an amount is left outside its isolate; Arabic's own semicolon between them.
    budgets = line.split(":", 1)[1].split(".")[0]
    assert re.sub(f"{FSI}.*?{PDI}{PDI}", "", budgets).strip() == "\u061b", budgets
    assert_reads_us_dollar(page, caption)
    assert page.blocked == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_project_budget_is_isolated_in_arabic_only(app_url, page, lang):
    open_page(page, f"{app_url}/coverage?lang={lang}")
    main = page.locator("[data-testid=stMain]")
    main.get_by_text("2,705,000").first.wait_for()
    text = main.text_content()
    for currency, amount in BUDGETS.items():
        if lang == "ar":
            assert isolated(currency) in text
        else:
            assert format_money(amount, currency, lang) in text
            assert FSI not in text and PDI not in text
    if lang == "ar":
        assert_reads_us_dollar(page, "[data-testid=stMain] [data-testid=stMarkdownContainer]")
    assert page.blocked == []


def test_amounts_in_the_figures_from_the_sources_are_isolated(app_url, page):
    open_page(page, f"{app_url}/?lang=ar")
    page.locator("[data-testid=stExpander] summary").first.click()
    money = format_money(BUDGETS["USD"], "USD", "ar")
    item = page.locator("[data-testid=stExpander] li").filter(has_text="2,705,000").first
    item.wait_for(timeout=30_000)
    assert isolated("USD") in item.text_content(), money
    # Still bold: the isolates sit inside the emphasis, which Markdown still closes.
    assert item.locator("strong").first.text_content() == isolated("USD")
    assert_reads_us_dollar(page, "[data-testid=stExpander] li")
    assert page.blocked == []
