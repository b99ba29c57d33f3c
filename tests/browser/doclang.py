"""The document's declared language and direction (WCAG 3.1.1), as a test waits for them."""

from __future__ import annotations

import pytest

from tests.browser.mapwait import PlaywrightTimeout

DIRS = {"en": "ltr", "fr": "ltr", "ar": "rtl"}
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
