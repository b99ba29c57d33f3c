"""The document declares the interface language and its direction (WCAG 3.1.1), and follows
a change of language made in the sidebar without a new page load.

Streamlit serves ``<html lang="en">``; a screen reader would read French and Arabic pages
with an English voice, and the browser would not know Arabic runs right to left. Every page
in every language is checked as it opens by the axe runs (tests/browser/test_page_checkers.py); here
each change of direction is made once, each on another page.
"""

from __future__ import annotations

import pytest

from tests.browser.doclang import DIRS, assert_document_language
from tests.browser.mapwait import EXCEPTION

NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
# From each language, the one the test switches to in the sidebar: every change of
# direction (ltr to rtl, rtl to ltr) and one that keeps it, each on a page of its own.
NEXT = {"en": "ar", "ar": "fr", "fr": "en"}
PAGE = {"en": "", "ar": "data", "fr": "events"}


@pytest.mark.parametrize("lang", DIRS)
def test_document_lang_and_dir_follow_a_change_of_language(app_url, page, lang):
    page.goto(f"{app_url}/{PAGE[lang]}?lang={lang}")
    page.wait_for_selector(f"[data-testid='stMain'] h1, {EXCEPTION}", timeout=60_000)
    assert page.locator(EXCEPTION).count() == 0
    assert_document_language(page, lang)

    other = NEXT[lang]
    page.locator(".st-key-w_lang input").click()
    page.get_by_role("option", name=NAMES[other]).click()
    assert_document_language(page, other)
    assert page.blocked == []
