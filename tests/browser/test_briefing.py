"""A presenter builds a briefing with the keyboard, shares it as a link, opens a file, and
reads the notes in a second window that follows the shared one."""

from __future__ import annotations

import json
import re

from pptx import Presentation

from geo.view.briefing import Briefing, Cue, encode
from tests.browser.downloads import download, open_offline
from tests.browser.mapwait import wait_for_map, wait_until_idle

PICKS = (
    "Hub: Kufra",
    "Route: Central Mediterranean: Niger",
    "Country: Libya",
    "Activity: Launch of the Morocco country package",
)


def counter(page) -> str:
    return page.get_by_text(re.compile(r"^Step \d+ of \d+$")).inner_text()


def press(locator, key: str = "Enter") -> None:
    """Focus ``locator`` (as Tab would) and press ``key``: no click, no pointer."""
    locator.focus()
    locator.page.keyboard.press(key)


def settled(page, count: int) -> None:
    """Until the builder shows ``count`` steps and no stale widget of the run before."""
    page.wait_for_function(
        "(n) => document.querySelectorAll('[class*=\"st-key-brief_step_\"] textarea').length === n",
        arg=count,
    )


def shows_steps(page, titles: list[str]) -> None:
    """Until the builder lists ``titles``, in order, and nothing of a run before (else fail)."""
    settled(page, len(titles))
    page.wait_for_function(
        "(want) => [...document.querySelectorAll('[class*=\"st-key-brief_step_\"] strong')]"
        ".map(e => e.innerText.replace(/^\\d+\\. /, '')).join('|') === want",
        arg="|".join(titles),
    )
    wait_until_idle(page)
    assert step_titles(page) == titles


def step_titles(page) -> list[str]:
    rows = page.locator('[class*="st-key-brief_step_"] strong')
    return [re.sub(r"^\d+\. ", "", t) for t in rows.all_inner_texts()]


def notes_of(page, n: int) -> str:
    return page.get_by_label(f"Notes for step {n}").input_value()


def build(page) -> None:
    press(page.get_by_role("button", name="Build a briefing"))
    page.get_by_role("heading", name="Briefing").wait_for()
    for n, label in enumerate(PICKS, 1):
        page.get_by_label("Add from the map").focus()
        page.keyboard.type(label)  # the list opens on typing and narrows to the choice
        page.keyboard.press("Enter")
        add = page.get_by_role("button", name="Add the chosen step")
        add.and_(page.locator(":enabled")).wait_for()
        press(add)
        page.get_by_text(f"Step {n} of {n}").wait_for()
        wait_until_idle(page)


def write_notes(page, n: int, text: str) -> None:
    before = page.url
    box = page.get_by_label(f"Notes for step {n}")
    box.focus()
    page.keyboard.type(text)
    page.keyboard.press("Control+Enter")  # Streamlit's way to commit a text area
    page.wait_for_url(lambda url: url != before)  # the briefing in the address holds them
    wait_until_idle(page)


def test_a_briefing_built_by_keyboard_reopens_from_its_link(app_url, page, browser):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1")
    wait_for_map(page)
    build(page)
    write_notes(page, 1, "Kufra first: the southern gate.")
    write_notes(page, 3, "ليبيا: ثلاثة طرق")
    # The activity (step 4) moves before the country (step 3), its notes with it.
    press(page.locator(".st-key-brief_step_4").get_by_role("button", name="Up"))
    built = [
        "Kufra",
        "Central Mediterranean: Niger–Fezzan corridor",
        "Launch of the Morocco country package",
        "Libya",
    ]
    shows_steps(page, built)
    assert notes_of(page, 4) == "ليبيا: ثلاثة طرق"
    link = page.get_by_role("link", name="Link to this briefing").get_attribute("href")
    assert "briefing=" in link and "room=" not in link

    # A fresh browser: its own profile, no cookie, no session of the first.
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        fresh = context.new_page()
        fresh.goto(link)
        wait_for_map(fresh)
        assert counter(fresh) == "Step 1 of 4"
        assert fresh.get_by_role("heading", name="Kufra").is_visible()
        press(fresh.get_by_role("button", name="Build a briefing"))
        fresh.get_by_role("heading", name="Briefing").wait_for()
        shows_steps(fresh, built)
        assert notes_of(fresh, 1) == "Kufra first: the southern gate."
        assert notes_of(fresh, 4) == "ليبيا: ثلاثة طرق"

        # The notes window, opened from the presenter's window, follows its Next.
        press(fresh.locator("summary", has_text="Share this view"))
        notes_url = fresh.get_by_role("link", name="Open the notes window").get_attribute("href")
        assert "notes=1" in notes_url and "room=" in notes_url
        notes = context.new_page()
        notes.goto(notes_url)
        notes.get_by_role("heading", name=re.compile("^Step 1 of 4: Kufra")).wait_for()
        notes.get_by_text("Kufra first: the southern gate.").wait_for(timeout=10_000)
        notes.get_by_text("Step 2 of 4: Central Mediterranean").wait_for(timeout=10_000)  # next
        fresh.keyboard.press("ArrowRight")
        fresh.wait_for_url(re.compile(r"[?&]step=2\b"))
        notes.get_by_role("heading", name=re.compile("^Step 2 of 4: Central")).wait_for(
            timeout=10_000
        )
        notes.get_by_text("No notes for this step.").wait_for(timeout=10_000)
        for step in (3, 4):
            wait_until_idle(fresh)
            fresh.keyboard.press("ArrowRight")
            fresh.wait_for_url(re.compile(rf"[?&]step={step}\b"))
        notes.get_by_role("heading", name=re.compile("^Step 4 of 4: Libya")).wait_for(
            timeout=10_000
        )
        notes.get_by_text("ليبيا: ثلاثة طرق").wait_for(timeout=10_000)
        notes.get_by_text("This is the last step.").wait_for(timeout=10_000)
    finally:
        context.close()
    assert page.blocked == []


FOCUSED_KEY_JS = """() => { const k = document.activeElement.closest('[class*="st-key-brief_"]');
    return k ? [...k.classList].find(c => c.startsWith('st-key-')).slice(7) : null; }"""


def test_a_step_moved_by_keyboard_keeps_the_focus_and_moves_on_at_each_press(app_url, page):
    """Up, then Enter and Enter again: the same step goes up three places, as a reader
    moving it means, and the focus is on its button at each new place. Remove leaves the
    focus on the notes of the step that took its place."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1")
    wait_for_map(page)
    build(page)
    titles = step_titles(page)
    press(page.locator(".st-key-brief_step_4").get_by_role("button", name="Up"))
    for place in (3, 2, 1):
        moved = titles[place - 1]
        titles[place - 1 : place + 1] = [titles[place], moved]
        shows_steps(page, titles)
        want = "brief_up" if place > 1 else "brief_down"  # at the top, Up is off: Down
        page.wait_for_function(f"() => ({FOCUSED_KEY_JS})() === '{want}_{place}'")
        if place > 1:
            page.keyboard.press("Enter")
    assert titles[0] == "Launch of the Morocco country package"
    # Remove: the focus on the notes of the step now there, not on its Remove button.
    press(page.locator(".st-key-brief_step_2").get_by_role("button", name="Remove"))
    del titles[1]
    shows_steps(page, titles)
    page.wait_for_function(f"() => ({FOCUSED_KEY_JS})() === 'brief_notes_2'")
    assert page.evaluate("() => document.activeElement.tagName") == "TEXTAREA"
    assert page.blocked == []


def test_a_bad_briefing_file_names_its_field_and_keeps_the_briefing(app_url, page):
    briefing = Briefing("Kept", (Cue("overview", notes="Still here"), Cue("hub", "hub-kufra")))
    page.goto(f"{app_url}/?present=1&briefing={encode(briefing)}")
    wait_for_map(page)
    assert counter(page) == "Step 1 of 2"
    press(page.get_by_role("button", name="Build a briefing"))
    bad = {"briefing": 1, "steps": [{"kind": "overview"}, {"kind": "hub", "id": "x", "note": "y"}]}
    page.locator('[class*="st-key-brief_open_"] input[type=file]').set_input_files(
        files=[
            {
                "name": "typo.json",
                "mimeType": "application/json",
                "buffer": json.dumps(bad).encode(),
            }
        ]
    )
    error = page.get_by_text(re.compile("^Could not open typo.json"))
    error.wait_for()
    assert "steps[2].note" in error.inner_text()
    assert "Your briefing is unchanged" in error.inner_text()
    wait_until_idle(page)
    settled(page, 2)
    assert counter(page) == "Step 1 of 2"
    assert step_titles(page)[1] == "Kufra"
    assert notes_of(page, 1) == "Still here"
    assert page.get_by_label("Title").input_value() == "Kept"
    assert page.blocked == []


def test_the_slideshow_opens_from_disk_offline_and_steps_with_the_keys(
    app_url, page, browser, tmp_path
):
    tour = Briefing(
        "Tour",
        (
            Cue("overview", notes="Hello."),
            Cue("hub", "hub-kufra", "The gate."),
            Cue("year", "2021"),
        ),
    )
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/?present=1&lang=ar&briefing={encode(tour)}")
    wait_for_map(page)
    press(page.get_by_role("button", name="إعداد إحاطة"))  # Build a briefing
    html = download(page, "عرض شرائح", tmp_path / "slides.html")
    deck = download(page, "عرض تقديمي", tmp_path / "deck.pptx")
    slides = Presentation(str(deck)).slides
    assert [s.notes_slide.notes_text_frame.text for s in slides] == ["Hello.", "The gate.", ""]

    offline, disk, requests = open_offline(browser, html)
    try:
        count = disk.locator(".geo-step:not([hidden]) .geo-count")
        assert count.inner_text() == "الخطوة 1 من 3"
        disk.keyboard.press("ArrowLeft")  # right to left: the left arrow goes on
        disk.locator(".geo-step-label span").filter(has_text="الكفرة").wait_for()
        assert count.inner_text() == "الخطوة 2 من 3"
        notes = disk.locator(".geo-notes")
        assert notes.is_hidden()
        disk.keyboard.press("n")
        assert notes.is_visible() and "The gate." in notes.inner_text()
        disk.keyboard.press("ArrowLeft")
        disk.wait_for_function(
            "() => document.querySelector('.geo-year-badge').textContent === '2021'"
        )
        disk.keyboard.press("ArrowRight")
        disk.wait_for_function(
            "() => document.querySelector('.geo-year-badge').style.display === 'none'"
        )
        assert disk.url.endswith("#2")
    finally:
        offline.close()
    assert requests == []
    assert page.blocked == []
