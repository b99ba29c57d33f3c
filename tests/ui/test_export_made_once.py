"""A file is made once per view: the briefing sheet takes seconds, and a second click on the
same view, or the same view opened again, gets the sheet already made; another view gets its
own. While it is made, a spinner beside the button says so (tests/browser/test_present.py
sees it in the browser).
"""

import pytest

import ui.exports as exports
from tests.apptest import open_page


@pytest.fixture
def sheets_made(monkeypatch) -> list[str]:
    """The years of each briefing sheet drawn (the real drawing, counted)."""
    drawn: list[str] = []
    draw = exports.render_pdf

    def counted(sel, *args, **kwargs):
        drawn.append(sel.caption)
        return draw(sel, *args, **kwargs)

    monkeypatch.setattr(exports, "render_pdf", counted)
    monkeypatch.setattr(exports, "_MADE", type(exports._MADE)())  # none made before
    return drawn


def test_a_second_click_on_the_same_view_takes_the_sheet_already_made(sheets_made):
    at = open_page("pages/events.py", years="2021")
    for _ in range(2):
        at.download_button(key="dl_briefing_pdf").click().run()
        assert not at.exception, [e.value for e in at.exception]
    again = open_page("pages/events.py", years="2021")  # another session, the same view
    again.download_button(key="dl_briefing_pdf").click().run()
    assert len(sheets_made) == 1, sheets_made


def test_another_view_gets_its_own_sheet(sheets_made):
    for years in ("2021", "2022"):
        at = open_page("pages/events.py", years=years)
        at.download_button(key="dl_briefing_pdf").click().run()
        assert not at.exception, [e.value for e in at.exception]
    assert len(sheets_made) == 2 and sheets_made[0] != sheets_made[1], sheets_made
