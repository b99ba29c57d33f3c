"""The app opened with malformed links: a notice, never an error, and URL values never as Markdown."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests import ROOT
from tests.view.test_urlstate import NOTICE_MAX, check_notice_inert

BAD_LINKS = [
    {"project": "<script>alert(1)</script>"},
    {"project": "%00"},
    {"years": "9999999999"},
    {"years": "2022-2019"},
    {"lang": "xx"},
    {"step": "abc"},
    {"layers": "nope"},
    {"project": "x" * 5000, "years": "\x00", "lang": "\u202e"},
    {"present": "maybe"},
    {"step": "²"},
    {"project": "bogus", "lang": "ar"},
    {"years": "<b>1</b>", "lang": "fr"},
]


@pytest.mark.parametrize("query", BAD_LINKS, ids=lambda q: repr(q)[:60])
def test_app_opened_with_a_bad_link_shows_a_notice_not_an_error(query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    notices = [w.value for w in at.warning]
    assert notices, "no notice for a value that was ignored"
    for notice in notices:
        assert len(notice) <= NOTICE_MAX
        check_notice_inert(notice)


@pytest.mark.parametrize(
    "query",
    [{"project": "![x](https://example.com/x.png)"}, {"lang": "[click](https://example.org)"}],
    ids=["image", "link"],
)
def test_a_notice_never_renders_url_values_as_markdown(query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    notices = [w.value for w in at.warning]
    assert notices
    for notice in notices:
        assert "](" not in notice, f"live Markdown link or image in {notice!r}"
