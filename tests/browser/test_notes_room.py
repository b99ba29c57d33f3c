"""The notes window keeps following its presenter's window through a reload of it, and no
other browser's window, opened at the same address, can drive it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.browser.mapwait import wait_for_map, wait_until_idle

PRESENTER = {"width": 1920, "height": 1080}
FOLLOW_MS = 15_000  # the notes window reads the room every second; a loaded machine is slower


def room_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["room"][0]


def next_step(page, step: int) -> None:
    wait_until_idle(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(rf"[?&]step={step}\b"))
    wait_until_idle(page)


def notes_at(notes, step: int) -> None:
    notes.get_by_role("heading", name=re.compile(rf"^Step {step} of \d+: ")).wait_for(
        timeout=FOLLOW_MS
    )


def test_a_reloaded_presenter_window_keeps_its_notes_window(app_url, browser):
    mine = browser.new_context(viewport=PRESENTER)
    theirs = browser.new_context(viewport=PRESENTER)  # another browser: no cookie of mine
    try:
        presenter = mine.new_page()
        presenter.goto(f"{app_url}/?present=1")
        wait_for_map(presenter)
        wait_until_idle(presenter)
        presenter.locator("summary", has_text="Share this view").click()
        link = presenter.get_by_role("link", name="Open the notes window")
        notes = mine.new_page()
        notes.goto(link.get_attribute("href"))
        notes_at(notes, 1)
        room = room_of(presenter.url)

        # A reload is a new session of the same browser: the same room, still followed.
        presenter.reload()
        wait_for_map(presenter)
        wait_until_idle(presenter)
        assert room_of(presenter.url) == room
        next_step(presenter, 2)
        notes_at(notes, 2)

        # The presenter's address, room and all, opened in another browser: a room of its own.
        other = theirs.new_page()
        other.goto(presenter.url)
        wait_for_map(other)
        wait_until_idle(other)
        assert room_of(other.url) != room
        next_step(other, 3)
        next_step(presenter, 3)  # what the notes follow: the presenter's step, not the other's
        next_step(presenter, 4)
        notes_at(notes, 4)
        next_step(other, 4)
        next_step(other, 5)
        notes.wait_for_timeout(2_500)  # more than two of the notes window's readings
        assert notes.get_by_role("heading", name=re.compile(r"^Step 4 of \d+: ")).is_visible()
    finally:
        mine.close()
        theirs.close()
