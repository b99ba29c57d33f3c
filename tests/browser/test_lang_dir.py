"""The document declares the interface language and its direction (WCAG 3.1.1) on every page.

Streamlit serves ``<html lang="en">``; a screen reader would read French and Arabic pages
with an English voice, and the browser would not know Arabic runs right to left.
"""

from __future__ import annotations

import pytest

from tests.browser.mapwait import EXCEPTION, PlaywrightTimeout

PAGES = ("", "routes", "coverage", "events", "data", "about")
DIRS = {"en": "ltr", "fr": "ltr", "ar": "rtl"}
NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
# From each language, the one the test switches to in the sidebar: every change of
# direction (ltr to rtl, rtl to ltr) and one that keeps it.
NEXT = {"en": "ar", "ar": "fr", "fr": "en"}

DOC_LANG_JS = "() => [document.documentElement.lang, document.documentElement.dir]"


def assert_document_language(page, lang: str) -> None:
    """Wait until the document says ``lang`` and its direction; fail saying what it says."""
    want = [lang, DIRS[lang]]
    try:
        page.wait_for_function(
            "([l, d]) => document.documentElement.lang === l && document.documentElement.dir === d",
            arg=want,
            timeout=30_000,
        )
    except PlaywrightTimeout:
        pytest.fail(f"document lang/dir {page.evaluate(DOC_LANG_JS)}, expected {want}")


@pytest.mark.parametrize("lang", DIRS)
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overview")
def test_document_lang_and_dir_follow_the_interface(app_url, page, path, lang):
    page.goto(f"{app_url}/{path}?lang={lang}")
    page.wait_for_selector(f"[data-testid='stMain'] h1, {EXCEPTION}", timeout=60_000)
    assert page.locator(EXCEPTION).count() == 0
    assert_document_language(page, lang)

    other = NEXT[lang]
    page.locator(".st-key-w_lang input").click()
    page.get_by_role("option", name=NAMES[other]).click()
    assert_document_language(page, other)
    assert page.blocked == []
