"""Headings in order (WCAG 1.3.1, 2.4.6): under the page's h1 its sections are h2, and no
level is skipped anywhere on a page, its sidebar and its map's frame included.

A screen reader lists a page by its headings; "What the map shows" as an h3 straight under
the h1 told the reader a level was missing. The headings are read in document order, as
axe-core's heading-order rule reads them (frames in place); a heading hidden from assistive
technology does not count. axe-core's own rule is run too: it is a best practice, outside
the WCAG tags tests/browser/test_axe.py runs.
"""

from __future__ import annotations

import pytest

from tests.browser.mapwait import open_page, wait_until_idle

axe = pytest.importorskip("axe_playwright_python.sync_playwright")

MAP_PAGES = ("", "routes", "coverage", "events")
PAGES = (*MAP_PAGES, "data", "about")
LANGS = ("en", "ar")

# Every heading a screen reader would list, in document order, with the frames' in place:
# {level, text, id, main} (main: in Streamlit's main area, not the sidebar).
HEADINGS_JS = """() => {
    const out = [];
    const hidden = e => !e.checkVisibility({visibilityProperty: true})
        || e.closest('[aria-hidden="true"]');
    const walk = (doc, inMain) => {
        for (const e of doc.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading],iframe')) {
            if (e.tagName === 'IFRAME') {
                let inner = null;
                try { inner = e.contentDocument; } catch (err) { inner = null; }
                if (inner && !hidden(e)) walk(inner, inMain || !!e.closest('[data-testid=stMain]'));
                continue;
            }
            if (hidden(e)) continue;
            const aria = parseInt(e.getAttribute('aria-level'), 10);
            const tag = /^H([1-6])$/.exec(e.tagName);
            out.push({
                level: aria > 0 ? aria : (tag ? parseInt(tag[1], 10) : 2),
                text: (e.innerText || '').trim().slice(0, 80),
                id: e.id,
                main: inMain || !!e.closest('[data-testid=stMain]'),
            });
        }
    };
    walk(document, false);
    return out;
}"""


def headings(page) -> list[dict]:
    return page.evaluate(HEADINGS_JS)


def outline(found: list[dict]) -> str:
    return "\n".join(
        f"  h{h['level']} {h['text']!r}" + ("" if h["main"] else " (sidebar)") for h in found
    )


def skipped(found: list[dict]) -> list[str]:
    """Each heading more than one level below the heading before it (axe-core's rule)."""
    return [
        f"h{b['level']} {b['text']!r} after h{a['level']} {a['text']!r}"
        for a, b in zip(found, found[1:], strict=False)
        if b["level"] - a["level"] > 1
    ]


def axe_heading_order(page) -> list[str]:
    """axe-core's heading-order findings on the page and its frames."""
    checker = axe.Axe()
    for frame in page.frames:
        if frame != page.main_frame and not frame.is_detached():
            frame.evaluate(checker.axe_script)
    page.evaluate(checker.axe_script)
    options = {"runOnly": {"type": "rule", "values": ["heading-order"]}}
    results = page.evaluate("opts => axe.run(document, opts)", options)
    return [n["html"][:120] for v in results["violations"] for n in v["nodes"]]


def assert_in_order(page) -> list[dict]:
    found = headings(page)
    main = [h for h in found if h["main"]]
    assert [h["level"] for h in main].count(1) == 1, "one h1:\n" + outline(found)
    assert main[0]["level"] == 1, "the page's title comes first:\n" + outline(found)
    if len(main) > 1:
        assert main[1]["level"] == 2, "an h2 follows the h1:\n" + outline(found)
    assert not skipped(found), "\n".join(skipped(found)) + "\n" + outline(found)
    assert axe_heading_order(page) == [], outline(found)
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overview")
def test_no_heading_level_is_skipped(app_url, page, path, lang):
    open_page(page, f"{app_url}/{path}?lang={lang}", with_map=path in MAP_PAGES)
    found = assert_in_order(page)
    by_id = {h["id"]: h["level"] for h in found if h["id"]}
    if path in MAP_PAGES:  # the list beside the map, the skip link's target
        assert by_id.get("map-list") == 2, outline(found)
    if path == "data":  # the first layer's table
        assert found[[h["level"] for h in found].index(1) + 1]["text"].startswith(
            "Key hub cities" if lang == "en" else "المدن المحورية"
        ), outline(found)
    if path == "about" and lang == "en":
        assert by_id.get("source-documents") == 2, outline(found)
    assert page.blocked == []


def test_a_chosen_features_details_keep_the_order(app_url, page):
    """Details beside the map, above the list, are a section of the page as well."""
    open_page(page, f"{app_url}/?lang=en", with_map=True)
    page.get_by_role("button", name="Kufra", exact=True).click()
    page.get_by_role("heading", name="Kufra", exact=True).wait_for()
    wait_until_idle(page)
    found = assert_in_order(page)
    assert {"level": 2, "text": "Kufra"} in [{k: h[k] for k in ("level", "text")} for h in found]
    assert page.blocked == []


@pytest.mark.parametrize("lang", LANGS)
def test_presenter_steps_keep_the_order(app_url, page, lang):
    open_page(page, f"{app_url}/?lang={lang}&present=1&step=3", with_map=True)
    assert_in_order(page)
    assert page.blocked == []
