"""The timeline speaks the interface language: Vega's month and day names and numbers."""

from __future__ import annotations

import pytest

from geo.i18n import translator
from geo.render.timeline import timeline_chart
from geo.view.selection import select
from geo.view.urlstate import parse_view


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def spec(data, lang: str) -> dict:
    view, _ = parse_view({"lang": lang}, list(data.projects["id"]), translator(lang))
    return timeline_chart(select(data, view, translator(lang))).to_dict()


@pytest.mark.parametrize(
    ("lang", "october", "sunday", "decimal"),
    [
        ("fr", "octobre", "dimanche", ","),
        ("ar", "أكتوبر", "الأحد", "."),
        ("en", "October", "Sunday", "."),
    ],
)
def test_the_timeline_spec_carries_the_language(data, lang, october, sunday, decimal):
    locale = spec(data, lang)["config"]["locale"]
    assert locale["time"]["months"][9] == october
    assert locale["time"]["days"][0] == sunday
    assert len(locale["time"]["shortMonths"]) == 12 and len(locale["time"]["shortDays"]) == 7
    assert locale["number"]["decimal"] == decimal
