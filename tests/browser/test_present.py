"""Presenter mode and sharing in Chromium: stepping, and exports of what the screen shows."""

from __future__ import annotations

import io
import re

from PIL import Image
from pypdf import PdfReader

from geo import ViewState, load_dataset, select
from geo.view.filters import Filters
from tests import ROOT
from tests.browser.downloads import STANDALONE_COUNTS_JS, download, open_offline
from tests.browser.mapwait import wait_for_map, wait_until_idle

HIDDEN = ['[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stToolbar"]']


def step_text(page) -> str:
    return page.get_by_text(re.compile(r"^Step \d+ of \d+$")).inner_text()


def font_px(frame, selector: str) -> float:
    return frame.evaluate(
        "(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector
    )


def test_presenter_mode_hides_the_chrome_and_steps(app_url, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1")
    frame, _ = wait_for_map(page)
    for selector in HIDDEN:
        assert not page.locator(selector).first.is_visible(), selector
    assert step_text(page) == "Step 1 of 23"
    assert page.get_by_role("heading", name="Overview").is_visible()
    # Sized for a screen share: legend and names on the map at 16 px or more.
    for selector in (".geo-legend", ".geo-label-hub span", ".geo-label-country span"):
        assert font_px(frame, selector) >= 16, selector
    frame.evaluate("() => { window.__sameMap = true }")
    page.get_by_role("button", name=re.compile("Next")).click()
    page.wait_for_url(re.compile(r"[?&]step=2\b"))
    page.get_by_text(re.compile(r"^Step 2 of 23$")).wait_for()
    wait_until_idle(page)
    page.keyboard.press("ArrowRight")  # the arrow keys step too
    page.wait_for_url(re.compile(r"[?&]step=3\b"))
    page.get_by_text(re.compile(r"^Step 3 of 23$")).wait_for()
    # The counter is drawn before the step's card: under load the card follows a moment later.
    page.get_by_role("heading", name="Launch of the Morocco country package").wait_for()
    # The same map moved to Rabat and names it (as the story does, "reported from"): not drawn anew.
    frame.wait_for_function(
        "() => { const c = map.getCenter(); return map.getZoom() === 6 &&"
        " Math.abs(c.lat - 34.0) < 0.5 && Math.abs(c.lng + 6.8) < 0.5 }",
        timeout=20_000,
    )
    assert frame.evaluate("() => window.__sameMap") is True
    assert frame.locator(".geo-step-label").inner_text() == "reported from Rabat"
    assert font_px(frame, ".geo-step-label span") >= 16
    assert page.blocked == []


def test_a_step_opened_from_a_link_shows_its_place(app_url, page):
    """Cairo at step 5: the opening frame must not take the map back once it is there."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1&step=5")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    page.wait_for_timeout(1500)  # longer than any zoom animation of the opening frame
    centre, zoom = frame.evaluate("() => [map.getCenter(), map.getZoom()]")
    assert zoom == 6
    assert abs(centre["lat"] - 30.06) < 0.5 and abs(centre["lng"] - 31.25) < 0.5, centre
    assert (
        frame.locator(".geo-step-label").inner_text() == "reported from Cairo"
    )  # the dateline of the July 2020 story


def _step_of(data, event_id: str) -> int:
    sel = select(data, ViewState())
    return 2 + [e["id"] for e in sel.events].index(event_id)


RINGS_JS = """() => {
    const out = [];
    map.eachLayer(l => {
        if (l instanceof L.CircleMarker && l.options.radius === 20 && !l.options.fill) {
            const p = map.latLngToContainerPoint(l.getLatLng()), s = map.getSize();
            out.push({lat: l.getLatLng().lat, lng: l.getLatLng().lng,
                      seen: p.x > 0 && p.y > 0 && p.x < s.x && p.y < s.y});
        }
    });
    return out;
}"""


def test_an_activity_at_two_places_rings_both(app_url, page, shipped):
    """The study visit to Catania and Rome: a ring on each city, both in view (the ring
    was on the sea between them)."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1&step={_step_of(shipped, 'ev-2023-04-30-catania-rome')}")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    page.get_by_role(
        "heading", name="Study visit to Italy for Libyan judges and prosecutors"
    ).wait_for()
    frame.wait_for_function("() => document.querySelector('.geo-step-label')")
    rings = sorted(frame.evaluate(RINGS_JS), key=lambda r: r["lat"])
    catania, rome = (37.50, 15.09), (41.89, 12.48)
    assert len(rings) == 2, rings
    for ring, (lat, lng) in zip(rings, (catania, rome), strict=True):
        assert abs(ring["lat"] - lat) < 0.05 and abs(ring["lng"] - lng) < 0.05, ring
        assert ring["seen"], ring
    assert frame.locator(".geo-step-label").inner_text() == "Catania and Rome"
    # Framed on the two, not left on the opening view (the frame threw on its bounds).
    assert frame.evaluate("() => map.getZoom()") >= 5
    assert page.blocked == []


def test_an_activity_placed_by_its_country_is_named_so(app_url, page, shipped):
    """The second Bangladesh–Libya meeting: its source names the country, no city."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1&step={_step_of(shipped, 'ev-2023-05-07-istanbul')}")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    country = shipped.basemap.set_index("iso3").loc["TUR", "name"]
    place = f"{country} (country only)"
    page.get_by_text(f"Place: {place}").wait_for()
    frame.wait_for_function("() => document.querySelector('.geo-step-label')")
    assert frame.locator(".geo-step-label").inner_text() == place
    assert page.blocked == []


def test_the_first_step_keeps_every_place_clear_of_the_controls(app_url, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    page.wait_for_timeout(500)
    under = frame.evaluate(
        """() => {
            const out = [], s = map.getSize();
            const probe = (what, x, y) => {
                if (x < 0 || y < 0 || x > s.x || y > s.y) return;  // in an inset
                const e = document.elementFromPoint(x, y);
                const c = e && e.closest('.leaflet-control');
                if (c) out.push(what + ' under ' + c.className);
            };
            map.eachLayer(l => {
                if (l instanceof L.CircleMarker && l.feature) {
                    const p = map.latLngToContainerPoint(l.getLatLng());
                    probe(l.feature.properties.id, p.x, p.y);
                } else if (l._icon && (l.getAllChildMarkers || (l.feature && l.feature.properties))) {
                    const r = l._icon.getBoundingClientRect();
                    probe(l.getAllChildMarkers ? 'a group' : l.feature.properties.id,
                          r.left + r.width / 2, r.top + r.height / 2);
                }
            });
            return out;
        }"""
    )
    assert under == [], under
    assert page.blocked == []


def test_in_arabic_next_points_left_and_the_left_key_steps(app_url, page):
    page.goto(f"{app_url}/?present=1&lang=ar")
    wait_for_map(page)
    icon = page.locator(".st-key-present_next [data-testid=stIconMaterial]").inner_text()
    assert icon == "arrow_back"
    back = page.locator(".st-key-present_prev [data-testid=stIconMaterial]").inner_text()
    assert back == "arrow_forward"
    # One arrow a button: Streamlit's key hint would draw a second one beside the icon.
    assert page.locator(".st-key-present_next kbd").count() == 1
    assert not page.locator(".st-key-present_next kbd").is_visible()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"[?&]step=2\b"))


def test_every_step_is_a_button_a_keyboard_reaches(app_url, page):
    page.goto(f"{app_url}/?present=1")
    frame, _ = wait_for_map(page)
    page.get_by_text(re.compile(r"^All steps \(23\)$")).click()
    current = page.get_by_role("button", name=re.compile(r"^1\. Overview \(current step\)$"))
    assert current.is_disabled()
    target = page.get_by_role("button", name=re.compile(r"^3\. Launch of the Morocco"))
    target.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]step=3\b"))
    page.get_by_text(re.compile(r"^Step 3 of 23$")).wait_for()
    frame.wait_for_function(
        "() => Math.abs(map.getCenter().lat - 34.0) < 0.5 && map.getZoom() === 6",
        timeout=20_000,
    )


def test_english_sources_in_an_arabic_step_carry_their_language(app_url, page):
    page.goto(f"{app_url}/?present=1&lang=ar&step=3")
    wait_for_map(page)
    source = page.locator("[data-testid=stCaptionContainer] span[lang=en]").first
    source.wait_for()
    assert source.get_attribute("dir") == "auto"
    assert source.inner_text().startswith("Morocco: On occasion of the European Union")
    assert page.evaluate("() => document.documentElement.lang") == "ar"


def test_a_link_reopens_the_step(app_url, page):
    page.goto(f"{app_url}/?present=1&step=3&project=dismantling")
    wait_for_map(page)
    assert step_text(page).startswith("Step 3 of ")
    assert page.blocked == []


def test_a_map_file_taken_at_a_step_opens_offline_on_that_step(app_url, page, browser, tmp_path):
    page.goto(f"{app_url}/?present=1&step=3")
    wait_for_map(page)
    page.get_by_text("Share this view").click()
    path = download(page, "Map file", tmp_path / "map.html", "presenter-en-map-step-3.html")
    assert path.stat().st_size < 5 * 1024 * 1024
    offline, disk, requests = open_offline(browser, path)
    counts = disk.evaluate(STANDALONE_COUNTS_JS)
    title, label = disk.title(), disk.locator(".geo-step-label").inner_text()
    offline.close()
    assert set(counts) == {"coverage", "routes", "hubs", "events"}, counts  # every layer
    assert counts["hubs"] == 5
    assert "Step 3 of 23: Launch of the Morocco country package" in title
    assert label == "reported from Rabat"  # the story's dateline, not the venue
    assert requests == []
    assert page.blocked == []


def test_the_overview_shares_its_view_as_html_png_and_pdf(app_url, page, browser, tmp_path):
    page.goto(f"{app_url}/?project=dismantling")
    wait_for_map(page)
    page.get_by_role("button", name="Share this view").click()
    link = page.locator("[data-testid=stPopoverBody] a[href*='project=']").get_attribute("href")
    assert link.startswith(app_url) and "project=dismantling" in link
    html = download(page, "Map file", tmp_path / "map.html", "overview-en-map_dismantling.html")
    offline, disk, requests = open_offline(browser, html)
    counts = disk.evaluate(STANDALONE_COUNTS_JS)
    offline.close()
    assert requests == [] and counts["hubs"] == 5
    png = download(
        page, "Map image", tmp_path / "map.png", "overview-en-map_dismantling.png"
    ).read_bytes()
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    # The sheet takes seconds: a spinner beside its button says it is being made.
    page.evaluate(
        """() => { new MutationObserver(() => {
            if (document.body.innerText.includes('Making \u201cBriefing sheet (PDF)\u201d'))
                window.__making = true; }).observe(document.body,
                {childList: true, subtree: true, characterData: true}); }"""
    )
    pdf = PdfReader(download(page, "Briefing sheet", tmp_path / "sheet.pdf"))
    assert page.evaluate("() => window.__making === true"), "no sign the sheet was being made"
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    sel = select(load_dataset(ROOT / "data"), ViewState(filters=Filters(("dismantling",))))
    assert sel.source_titles
    for title in sel.source_titles:
        assert " ".join(title.split()) in text, title
    assert page.blocked == []


def test_the_link_to_the_view_is_a_link_not_a_tab_stop_with_no_role(app_url, page):
    page.goto(f"{app_url}/?present=1&step=2")
    wait_for_map(page)
    wait_until_idle(page)
    link = page.locator("[data-testid=stMain] a[href*='present=1'][href*='step=2']")
    link.first.wait_for(state="attached")  # in the share panel, folded
    assert link.first.get_attribute("href").startswith(app_url)
    # Every tab stop of the page's main part is a link, a control or a named widget.
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] [tabindex="0"]')]
            .filter(e => !e.matches('a[href], button, input, select, textarea, summary')
                         && !e.getAttribute('role'))
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert unnamed == [], unnamed
    assert page.blocked == []


def test_next_pressed_again_while_the_step_is_drawn_goes_on(app_url, page):
    """A presenter pressing the right arrow twice, quickly, is two steps on: the second press
    may come while the first step is still drawn, before its Next button is there again."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1&step=2")
    wait_for_map(page)
    wait_until_idle(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"[?&]step=3\b"))
    page.keyboard.press("ArrowRight")  # the first step's run has only begun
    page.wait_for_url(re.compile(r"[?&]step=4\b"), timeout=15_000)
    page.get_by_text(re.compile(r"^Step 4 of 23$")).wait_for()
    wait_until_idle(page)
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"[?&]step=3\b"))
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"[?&]step=2\b"), timeout=15_000)
    page.get_by_text(re.compile(r"^Step 2 of 23$")).wait_for()
    assert page.blocked == []
