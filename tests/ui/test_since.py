"""The Data page tells what changed since a day, and a briefing begins with it."""

import re

from tests.apptest import open_page


def _table(at, caption: str) -> str:
    return next(h.proto.body for h in at.get("html") if caption in h.proto.body)


def test_the_data_page_lists_what_is_dated_since_the_day(shipped):
    at = open_page("pages/data.py", since="2023-01-01")
    assert not at.exception, [e.value for e in at.exception]
    table = _table(at, "What changed since 2023-01-01")
    assert (
        table.count("<tr") == 1 + 5 + 1 + 11 + 15
    )  # the head, then events, figures, legs, sources
    assert "Study visit to Italy for Libyan judges and prosecutors" in table
    # Every date in it is from the day on: nothing dated 2022 or before.
    years = re.findall(r"<bdi>(\d{4})(?:-\d\d){0,2}</bdi>", table)
    assert len(years) == 5 + 1 + 11 + 15 and min(years) == "2023"


def test_a_briefing_opens_on_what_changed(shipped):
    at = open_page("app.py", present="1", since="2023-01-01")
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value == "**Step 1 of 24**" for m in at.markdown)
    assert any(h.value.startswith("What changed since 2023") for h in at.header)


def test_an_unreadable_since_is_a_notice(shipped):
    at = open_page("pages/data.py", since="last week")
    assert not at.exception, [e.value for e in at.exception]
    assert any("Ignored since" in w.value for w in at.warning)
