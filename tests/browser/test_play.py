"""Play through the years: the same map shows, year by year, what the year filter shows.

The overview's Play control and a briefing's year step move the map without drawing it
anew; each year shows exactly the features the app's own year filter gives that year.
"""

from __future__ import annotations

import re

from geo import ViewState, select
from geo.data.io import has_place
from geo.view.briefing import Briefing, Cue, encode
from geo.view.filters import Filters
from tests.browser.mapwait import FEATURES_FN, wait_for_map, wait_still, wait_until_idle

# What the map shows now, by layer: ids (countries by ISO3 code), and the year on it.
SHOWN_JS = (
    "() => {"
    + FEATURES_FN
    + """
    const out = {hubs: [], routes: [], events: [], coverage: []};
    features(window.map).forEach(l => {
        const p = l.feature.properties;
        if (out[p.layer]) out[p.layer].push(p.layer === 'coverage' ? p.iso3 : p.id);
    });
    for (const k in out) out[k] = [...new Set(out[k])].sort();
    const badge = document.querySelector('.geo-year-badge');
    out.year = badge && badge.style.display !== 'none' ? badge.textContent : null;
    return out;
}"""
)


def expected(data, year: int | None) -> dict:
    """What the app's year filter shows in ``year`` (None: every year), as SHOWN_JS says."""
    sel = select(data, ViewState(Filters((), (year, year) if year else None)))
    layers = sel.layers
    events = layers["events"][has_place(layers["events"])]
    return {
        "hubs": sorted(layers["hubs"]["id"]),
        "routes": sorted(layers["routes"]["id"]),
        "events": sorted(set(events["id"])),
        "coverage": sorted(set(layers["coverage"]["iso3"])),
        "year": str(year) if year else None,
    }


def shown(frame) -> dict:
    wait_still(frame)
    return frame.evaluate(SHOWN_JS)


def test_play_steps_the_map_through_the_years_by_keyboard(app_url, page, shipped):
    page.goto(f"{app_url}/")
    frame, _ = wait_for_map(page)
    everything = shown(frame)
    assert everything == expected(shipped, None)
    frame.evaluate("() => { window.__sameMap = true }")
    # Focus the control as Tab would reach it; the arrow keys step a year at a time.
    frame.locator(".geo-play-back").focus()
    first = int(frame.evaluate("() => window.map._geoYears.states.years[0]"))
    page.keyboard.press("ArrowRight")
    assert shown(frame) == expected(shipped, first)
    seen = []
    for year in range(first + 1, 2025):
        page.keyboard.press("ArrowRight")
        now = shown(frame)
        assert now == expected(shipped, year), year
        seen.append((year, len(now["hubs"]), len(now["routes"]), len(now["events"])))
    # Years that differ: the hubs arrive in 2021, activities come and go.
    assert len({s[1:] for s in seen}) > 5, seen
    page.keyboard.press("ArrowLeft")
    assert shown(frame)["year"] == "2023"
    # All years again; then the space bar plays from the first year, and pauses.
    frame.locator(".geo-play-all").press("Enter")
    assert shown(frame) == everything
    frame.locator(".geo-play-toggle").press("Space")
    frame.wait_for_function("() => document.querySelector('.geo-year-badge').textContent >= '2009'")
    frame.locator(".geo-play-toggle").press("Space")
    paused = shown(frame)["year"]
    assert frame.locator(".geo-play-toggle").get_attribute("aria-pressed") == "false"
    page.wait_for_timeout(2000)
    assert shown(frame)["year"] == paused
    # Never drawn anew: the same map object all along.
    assert frame.evaluate("() => window.__sameMap === true")
    assert page.blocked == []


def test_a_year_step_of_a_briefing_shows_that_year_on_the_same_map(app_url, page, shipped):
    briefing = Briefing("Years", (Cue("overview"), Cue("year", "2020"), Cue("hub", "hub-kufra")))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1&briefing={encode(briefing)}")
    frame, _ = wait_for_map(page)
    assert shown(frame) == expected(shipped, None)
    frame.evaluate("() => { window.__sameMap = true }")
    page.get_by_role("button", name=re.compile("Next")).click()
    page.wait_for_url(re.compile(r"[?&]step=2\b"))
    page.get_by_role("heading", name="The year 2020").wait_for()
    frame.wait_for_function(
        "() => document.querySelector('.geo-year-badge').textContent === '2020'"
    )
    assert shown(frame) == expected(shipped, 2020)
    wait_until_idle(page)
    page.get_by_role("button", name=re.compile("Next")).click()
    page.wait_for_url(re.compile(r"[?&]step=3\b"))
    frame.wait_for_function(
        "() => document.querySelector('.geo-year-badge').style.display === 'none'"
    )
    assert shown(frame) == expected(shipped, None)
    assert frame.evaluate("() => window.__sameMap === true")
    assert page.blocked == []
