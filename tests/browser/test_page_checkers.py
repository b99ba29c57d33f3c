"""Every page, in every language, normal and presenter, as the checkers read it. Each page is
loaded once and every check runs on it; a run reports every check that failed, not the first.

- **axe-core**, WCAG 2.2 AA (tags below): no finding of impact serious or critical, unless
  excused below for a stated reason (docs/accessibility.md says the same).
- **Headings in order** (WCAG 1.3.1, 2.4.6): one h1 first, an h2 after it, no level skipped,
  by our own walk of the page and its frames (tests.browser.headings) and by axe-core's
  heading-order rule (a best practice, outside the WCAG tags, run in the same pass).
- **The document's language and direction** (WCAG 3.1.1): ``<html lang dir>``.
- **Streamlit's markup as the app mends it** (ui/js/markup.js): no empty ``title`` or
  ``href``, no empty ``<form>``; each page link in the sidebar leads to the page it names,
  in the same view, also when opened in a new tab or copied.
- **The map's graphics**: no unnamed graphic or control in the map's frame as Chromium
  exposes it to a screen reader; the routes' direction chevrons (one a leg) hidden from it;
  each activity dot and group the keyboard reaches named in the interface language (a title
  is a hover hint, not a name every screen reader reads).

axe-core is loaded into every frame first (tests.browser.axecheck: the map's frame too), and
the top frame's ``axe.run`` then gathers the frames' results itself. Each run's findings go
to test-artifacts/axe/.

Presenter mode replaces whatever page it is asked on with the same presenter (the page's own
content is not drawn), so it is checked in each language at two steps, the overview's and an
activity's, rather than at one step on each of the six pages.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from geo.view.briefing import Briefing, Cue, encode
from tests.browser.a11ytree import CONTROLS, GRAPHICS, map_tree, unnamed
from tests.browser.axecheck import inject
from tests.browser.doclang import assert_document_language
from tests.browser.headings import headings, order_problems, outline
from tests.browser.mapwait import ARTIFACTS, EXCEPTION, MAP_IFRAME, wait_for_map, wait_until_idle

PAGES = ("", "routes", "coverage", "events", "data", "about")
MAP_PAGES = ("", "routes", "coverage", "events")
LANGS = ("en", "fr", "ar")
# Presenter mode: (page, step) in each language.
PRESENTER = (("", 1), ("events", 3))
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EXTRA_RULES = ["heading-order"]
FAILING = {"serious", "critical"}
OUT = ARTIFACTS / "axe"
# The Data page's first section after its h1 is the first layer's table.
FIRST_LAYER = {"en": "Key hub cities", "fr": "Villes-carrefours clés", "ar": "المدن المحورية"}

# (rule, a piece of the target's selector): findings in Streamlit's or Leaflet's own markup
# that the app cannot change. Each is described in docs/accessibility.md.
EXCUSED: dict[tuple[str, str], str] = {}
# WCAG 2.5.8's "equivalent" exception: two activities a few pixels apart on the map crowd
# each other's 24 px target, but each is also a full-size button in the map's list beside
# it (and a presenter's step), so the target-size finding on them is excused.
EXCUSED[("target-size", "iframe >> .geo-ev.")] = "2.5.8 equivalent"
EXCUSED[("target-size", "iframe >> .geo-cluster.")] = "2.5.8 equivalent"
# The same dots and groups where axe names them by their name, not their class (a map made
# narrower by the briefing builder beside it crowds them more).
EXCUSED[("target-size", 'iframe >> div[aria-label="')] = "2.5.8 equivalent"


def _excused(rule: str, target: str) -> bool:
    return any(rule == r and piece in target for (r, piece) in EXCUSED)


def _ready(page, with_map: bool, with_chart: bool) -> dict:
    """Wait for the page's title, and its map and timeline where it has them; the map's
    counts by layer (empty without a map)."""
    page.wait_for_selector(f"[data-testid='stMain'] h1, {EXCEPTION}", timeout=60_000)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    counts = wait_for_map(page)[1] if with_map else {}
    if with_chart:
        page.wait_for_selector(
            "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg",
            timeout=60_000,
        )
    wait_until_idle(page, timeout=60_000)
    return counts


def run_axe(page) -> dict:
    """axe-core's results for the page and every frame in it: the rules of ``TAGS`` that a
    run by those tags would run (experimental ones left out, as axe-core leaves them out by
    default) and ``EXTRA_RULES``."""
    inject(page)
    return page.evaluate(
        """([tags, extra]) => axe.run(document, {
            runOnly: {type: 'rule', values: axe.getRules(tags)
                .filter(r => !r.tags.includes('experimental') && !r.tags.includes('deprecated'))
                .map(r => r.ruleId).concat(extra)},
            resultTypes: ['violations'],
        })""",
        [TAGS, EXTRA_RULES],
    )


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


def axe_problems(rows: list[dict]) -> list[str]:
    bad = [
        r
        for r in rows
        if r["rule"] in EXTRA_RULES
        or (r["impact"] in FAILING and not _excused(r["rule"], r["target"]))
    ]
    return [f"axe {r['rule']} ({r['impact']}) at {r['target']}: {r['summary'][:300]}" for r in bad]


def heading_problems(page, path: str, lang: str, present: bool) -> list[str]:
    found = headings(page)
    out = order_problems(found)
    by_id = {h["id"]: h["level"] for h in found if h["id"]}
    if not present and path in MAP_PAGES and by_id.get("map-list") != 2:
        out.append("the list beside the map (#map-list) is not an h2")
    if not present and path == "data":
        levels = [h["level"] for h in found]
        after = found[levels.index(1) + 1]["text"] if 1 in levels[:-1] else ""
        if not after.startswith(FIRST_LAYER[lang]):
            out.append(f"the Data page's first section is {after!r}, not the first layer")
    # Streamlit makes a heading's id from its text: the English one is known.
    if not present and path == "about" and lang == "en" and by_id.get("source-documents") != 2:
        out.append("About's source documents (#source-documents) are not an h2")
    return [f"headings: {p}\n{outline(found)}" for p in out]


# The sidebar's page links, in their order (ui/sidebar.NAV).
NAV_PATHS = ("", "routes", "coverage", "events", "data", "about")
MARKUP_JS = """() => ({
    emptyTitle: [...document.querySelectorAll('[title=""]')].map(e => e.outerHTML.slice(0, 120)),
    emptyHref: [...document.querySelectorAll('a[href=""]')].map(e => e.outerHTML.slice(0, 120)),
    emptyForm: [...document.querySelectorAll('form')].filter(f => !f.elements.length)
        .map(f => f.outerHTML.slice(0, 120)),
    links: [...document.querySelectorAll('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]')]
        .map(a => a.href),
})"""


def markup_problems(page, app_url: str) -> list[str]:
    """Empty attributes and forms; sidebar links that do not lead where they say."""
    # The sidebar may be drawn after the page's main part (the Data page, on a busy machine).
    page.wait_for_function(
        "(n) => document.querySelectorAll('[data-testid=stSidebar] "
        "a[data-testid=stPageLink-NavLink]').length >= n",
        arg=len(NAV_PATHS),
        timeout=60_000,
    )
    found = page.evaluate(MARKUP_JS)
    out = [f"empty title: {e}" for e in found["emptyTitle"]]
    out += [f"empty href: {e}" for e in found["emptyHref"]]
    out += [f"empty form: {e}" for e in found["emptyForm"]]
    # Each to its own page with the view's query, as Streamlit writes it for the others.
    query = urlsplit(found["links"][1]).query if len(found["links"]) > 1 else ""
    wanted = [f"{app_url}/{path}" + (f"?{query}" if query else "") for path in NAV_PATHS]
    if found["links"] != wanted:
        out.append(f"the sidebar's links lead to {found['links']}, not {wanted}")
    return out


# The dots and groups the keyboard reaches: their class, name and title.
MARKS_JS = """() => [...document.querySelectorAll('.leaflet-marker-pane [role=button]')]
    .map(e => ({cls: e.className, label: e.getAttribute('aria-label') || '',
                title: (e.querySelector('[title]') || e).title || e.title}))"""


def graphic_problems(page, counts: dict, lang: str, events_page: bool) -> list[str]:
    """What a screen reader would meet unnamed in the map's frame."""
    out = []
    frame = wait_for_map(page)[0]
    marks = frame.evaluate(MARKS_JS)
    if events_page and not (
        any("geo-cluster" in m["cls"] for m in marks) and any("geo-ev" in m["cls"] for m in marks)
    ):
        out.append("the Events page's map shows no group or no activity dot of its own")
    out += [f"a mark named only by its title: {m}" for m in marks if not m["label"].strip()]
    if lang == "ar":
        out += [
            f"a group not named in Arabic: {m['label']!r}"
            for m in marks
            if "geo-cluster" in m["cls"] and not any("\u0600" <= c <= "\u06ff" for c in m["label"])
        ]
    arrows = frame.locator(".geo-arrow svg")
    if arrows.count() != counts.get("routes", 0):
        out.append(f"{arrows.count()} route chevrons for {counts.get('routes', 0)} legs")
    hidden = frame.locator('.geo-arrow svg[aria-hidden="true"]').count()
    if hidden != arrows.count():
        out.append(f"{arrows.count() - hidden} route chevrons not hidden")
    nodes = map_tree(page)
    out += [f"unnamed graphic: {n}" for n in unnamed(nodes, GRAPHICS)]
    out += [f"unnamed control: {n}" for n in unnamed(nodes, CONTROLS)]
    # The legend's symbols are samples: its arrow (drawn by CSS) is not read as a character.
    texts = [((n.get("name") or {}).get("value") or "") for n in nodes if not n.get("ignored")]
    out += [f"the legend's arrow is read as text: {x!r}" for x in texts if "\u27a4" in x]
    return out


def check_page(page, app_url: str, path: str, lang: str, step: int | None) -> None:
    present = step is not None
    query = f"lang={lang}" + (f"&present=1&step={step}" if present else "")
    with_map = present or path in MAP_PAGES
    # One fresh load again if the page was still settling (a frame replaced while axe was
    # injected, a slow first map on a busy machine): what is checked is the settled page.
    for attempt in (1, 2):
        try:
            page.goto(f"{app_url}/{path}?{query}")
            counts = _ready(page, with_map, with_chart=path == "events" and not present)
            frames = len(page.frames) - 1
            assert page.locator(MAP_IFRAME).count() <= frames, "a map frame went unchecked"
            rows = findings(run_axe(page))
            break
        except (PlaywrightError, AssertionError):
            if attempt == 2:
                raise
    name = f"{path or 'overview'}-{lang}-" + (f"present-{step}" if present else "normal")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    problems = axe_problems(rows) + heading_problems(page, path, lang, present)
    if not present:  # the presenter has no sidebar
        problems += markup_problems(page, app_url)
    if with_map:
        problems += graphic_problems(page, counts, lang, path == "events" and not present)
    # The document says the page's language and direction (axe only checks that it says one).
    assert_document_language(page, lang)
    assert not problems, f"/{path}?{query}:\n" + "\n".join(problems)
    assert page.blocked == [], page.blocked


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overview")
def test_each_page_passes_the_checkers(app_url, page, path, lang):
    check_page(page, app_url, path, lang, step=None)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("path", "step"), PRESENTER, ids=[f"{p or 'overview'}-step{s}" for p, s in PRESENTER]
)
def test_the_presenter_passes_the_checkers(app_url, page, path, step, lang):
    check_page(page, app_url, path, lang, step=step)


BRIEFING = Briefing(
    "Checked",
    (Cue("overview", notes="Hello."), Cue("hub", "hub-kufra", "ملاحظة"), Cue("year", "2021")),
)


@pytest.mark.parametrize("lang", ("en", "ar"))
def test_the_briefing_builder_and_the_notes_window_pass_the_checkers(app_url, page, lang):
    """The builder open beside the presenter's map, then the notes window that follows it."""
    page.goto(f"{app_url}/?present=1&lang={lang}&step=2&briefing={encode(BRIEFING)}")
    _ready(page, with_map=True, with_chart=False)
    page.locator(".st-key-brief_edit button").click()
    page.locator(".st-key-brief_step_3").wait_for()
    wait_until_idle(page)
    rows = findings(run_axe(page))
    problems = axe_problems(rows) + [f"headings: {p}" for p in order_problems(headings(page))]
    assert_document_language(page, lang)
    page.locator("summary").filter(has_text=re.compile("Share|مشاركة")).click()
    notes_url = page.locator("a[href*='notes=1']").get_attribute("href")
    page.goto(notes_url)
    page.wait_for_selector("[data-testid='stMain'] h2", timeout=60_000)
    wait_until_idle(page)
    notes_rows = findings(run_axe(page))
    rows += notes_rows
    problems += axe_problems(notes_rows)
    problems += [f"notes headings: {p}" for p in order_problems(headings(page))]
    assert_document_language(page, lang)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"briefing-{lang}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    assert not problems, "\n".join(problems)
    assert page.blocked == [], page.blocked
