"""axe-core on every page, in every language, in normal and presenter mode: WCAG 2.2 AA;
and each page's document declares its language and direction.

axe-playwright-python ships axe-core and only injects it into the top document, so its own
``Axe.run`` would skip the map: axe-core checks a frame only where it is loaded too. Here
it is injected into every frame first (the map's is a same-origin component iframe), and
the top frame's ``axe.run`` then gathers the frames' results itself. Every finding of
impact serious or critical fails the test, unless it is excused below for a stated reason
(docs/accessibility.md says the same). Each run's findings go to test-artifacts/axe/.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.doclang import assert_document_language
from tests.browser.mapwait import ARTIFACTS, EXCEPTION, MAP_IFRAME, wait_for_map, wait_until_idle

axe = pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = ("", "routes", "coverage", "events", "data", "about")
MAP_PAGES = ("", "routes", "coverage", "events")
LANGS = ("en", "fr", "ar")
MODES = ("normal", "present")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING = {"serious", "critical"}
OUT = ARTIFACTS / "axe"

# (rule, a piece of the target's selector): findings in Streamlit's or Leaflet's own markup
# that the app cannot change. Each is described in docs/accessibility.md.
EXCUSED: dict[tuple[str, str], str] = {}
# WCAG 2.5.8's "equivalent" exception: two activities a few pixels apart on the map crowd
# each other's 24 px target, but each is also a full-size button in the map's list beside
# it (and a presenter's step), so the target-size finding on them is excused.
EXCUSED[("target-size", "iframe >> .geo-ev.")] = "2.5.8 equivalent"
EXCUSED[("target-size", "iframe >> .geo-cluster.")] = "2.5.8 equivalent"


def _excused(rule: str, target: str) -> bool:
    return any(rule == r and piece in target for (r, piece) in EXCUSED)


def _ready(page, with_map: bool, with_chart: bool) -> None:
    """Wait for the page's title, and its map and timeline where it has them."""
    page.wait_for_selector(f"[data-testid='stMain'] h1, {EXCEPTION}", timeout=60_000)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    if with_map:
        wait_for_map(page)
    if with_chart:
        page.wait_for_selector(
            "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg",
            timeout=60_000,
        )
    wait_until_idle(page, timeout=60_000)


def run_axe(page) -> dict:
    """axe-core's results for the page and every frame in it."""
    checker = axe.Axe()
    for frame in page.frames:
        if frame != page.main_frame and not frame.is_detached():
            frame.evaluate(checker.axe_script)
    page.evaluate(checker.axe_script)
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    return page.evaluate("opts => axe.run(document, opts)", options)


def findings(results: dict) -> list[dict]:
    """One row per element and rule: rule, impact, target (frames joined by ' >> ')."""
    return [
        {
            "rule": v["id"],
            "impact": node.get("impact") or v["impact"],
            "target": " >> ".join(t if isinstance(t, str) else " ".join(t) for t in node["target"]),
            "help": v["help"],
            "summary": node.get("failureSummary", "").replace("\n", " "),
        }
        for v in results["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overview")
def test_no_serious_axe_violation(app_url, page, path, lang, mode):
    query = f"lang={lang}" + ("&present=1" if mode == "present" else "")
    present = mode == "present"
    # One fresh load again if the page was still settling (a frame replaced while axe was
    # injected, a slow first map on a busy machine): what is checked is the settled page.
    for attempt in (1, 2):
        try:
            page.goto(f"{app_url}/{path}?{query}")
            _ready(
                page,
                with_map=present or path in MAP_PAGES,
                with_chart=path == "events" and not present,
            )
            frames = len(page.frames) - 1
            assert page.locator(MAP_IFRAME).count() <= frames, "a map frame went unchecked"
            rows = findings(run_axe(page))
            break
        except (PlaywrightError, AssertionError):
            if attempt == 2:
                raise
    # The document says the page's language and direction (axe only checks that it says one).
    assert_document_language(page, lang)
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"{path or 'overview'}-{lang}-{mode}"
    (OUT / f"{name}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    bad = [r for r in rows if r["impact"] in FAILING and not _excused(r["rule"], r["target"])]
    assert not bad, f"axe on /{path}?{query}:\n" + "\n".join(
        f"  {r['rule']} ({r['impact']}) at {r['target']}: {r['summary'][:300]}" for r in bad
    )
    assert page.blocked == [], page.blocked
