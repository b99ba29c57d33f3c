"""Issue 14, part 5: the small defects that made a reader doubt what they saw.

About links, coverage cards (country names, one date style), ``layers=`` with an unknown
name, the Data page's count of project-country pairs, one geometry type per layer in every
download format, and download names that carry the filters. Browser checks of the same are
in ``tests/browser/test_links_and_clear.py``.
"""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import quote

import pytest

import geo
from geo.data.dataset import DEFAULT_DATA_DIR
from geo.data.schema import LAYERS
from geo.i18n import format_periods
from geo.render.described import safe_url
from geo.view.urlstate import parse_view
from tests.apptest import open_page
from ui.context import md
from ui.mapview import URL_SAFE


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


# ------------------------------------------------------------------------ About: real links


def test_about_links_every_source_with_an_address(data):
    at = open_page("pages/about.py")
    assert not at.exception, [e.value for e in at.exception]
    text = markdown_text(at)
    sources = geo.select(data, geo.ViewState()).sources
    linked = [s for s in sources if safe_url(s.url)]
    assert len(linked) >= 20, "the comparison would prove little"
    for title, url in linked:
        assert f"[{md(title)}]({quote(url, safe=URL_SAFE)})" in text, title
    assert "`" not in text, "an address in a code span is neither a link nor copyable"


def test_about_addresses_cannot_break_the_markdown(tmp_path, monkeypatch):
    folder = shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    path = folder / "events.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    odd = "https://example.org/a b)(c]<x>?q=1"
    for feature, (title, url) in zip(
        doc["features"],
        [("Odd address, 2024", odd), ("Script address, 2024", "javascript:alert(1)")],
        strict=False,
    ):
        feature["properties"].update(source=title, source_url=url)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("GEO_DATA_DIR", str(folder))
    at = open_page("pages/about.py")
    assert not at.exception, [e.value for e in at.exception]
    text = markdown_text(at)
    assert "[Odd address, 2024](https://example.org/a%20b%29%28c%5D%3Cx%3E?q=1)" in text
    assert "- Script address, 2024" in text.splitlines()  # named, never a link
    assert "javascript" not in text


# --------------------------------------------------------------- Coverage: names and dates

LETTERS = re.compile(r"[^\W\d_]")


def card_fields(at, label: str) -> list[str]:
    """The values of the cards' ``label`` lines (``**label:** value``), escapes removed."""
    prefix = f"**{label}:** "
    return [
        m.value[len(prefix) :].replace("\\", "") for m in at.markdown if m.value.startswith(prefix)
    ]


@pytest.mark.parametrize(
    ("lang", "countries_label", "dates_label", "egypt"),
    [
        ("en", "Countries", "Dates", "Egypt"),
        ("fr", "Pays", "Dates", "Égypte"),
        ("ar", "البلدان", "التواريخ", "مصر"),
    ],
)
def test_coverage_cards_name_countries_and_share_one_date_style(
    data, lang, countries_label, dates_label, egypt
):
    at = open_page("pages/coverage.py", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    countries = card_fields(at, countries_label)
    dates = card_fields(at, dates_label)
    assert len(countries) == len(dates) == len(data.projects) == 3
    codes = {c for cs in data.projects["countries"] for c in cs}
    for line in countries:
        assert not codes & set(re.findall(r"[A-Z]{3}", line)), line
    assert any(egypt in line for line in countries), countries
    # Two projects are known by the year only: every card then shows years, none a day.
    for line in dates:
        assert not LETTERS.search(line), dates
        assert [len(n) for n in re.findall(r"\d+", line)] in ([4], [4, 4]), dates


def test_coverage_card_keeps_the_days_when_they_are_all_it_shows():
    at = open_page("pages/coverage.py", project="xamt14")
    assert card_fields(at, "Dates") == ["Nov 30, 2007\u2009–\u2009Aug 31, 2012"]


MIXED = [("2022-09", "2022-10"), ("2021-09-07", "2021-09-09")]  # months beside days


@pytest.mark.parametrize(
    ("periods", "lang", "want"),
    [
        ([("2019", "2022"), ("2007-11-30", "2012-08-31")], "en", ["2019 – 2022", "2007 – 2012"]),
        ([("2019", "2022"), ("2007-11-30", "2012-08-31")], "ar", ["2019–2022", "2007–2012"]),
        (MIXED, "en", ["Sep – Oct 2022", "Sep 2021"]),
        (MIXED, "fr", ["sept.–oct. 2022", "sept. 2021"]),
        (MIXED, "ar", ["سبتمبر – أكتوبر 2022", "سبتمبر 2021"]),
    ],
)
def test_periods_side_by_side_share_the_coarsest_precision(periods, lang, want):
    got = [text.replace("\u2009", " ") for text in format_periods(periods, lang)]
    assert got == want


# ------------------------------------------------------------------ layers= with a bad name


def test_an_unknown_layer_name_keeps_the_map_and_says_so():
    view, notices = parse_view({"layers": "foo"}, [])
    assert view.layers == LAYERS
    assert len(notices) == 1 and "'foo'" in notices[0]
    at = open_page("app.py", layers="foo")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "foo" in warnings
    assert not any(i.value.startswith("No layers match") for i in at.info)


# ------------------------------------------------------------- Data page: what is counted


def test_data_page_counts_project_country_pairs(data):
    at = open_page("pages/data.py")
    pairs = len(data.layer("coverage"))
    countries = len({c for cs in data.projects["countries"] for c in cs})
    assert pairs != countries, "the data no longer shows the difference"
    headings = [s.value for s in at.header]
    assert f"Country coverage: project-country pairs ({pairs})" in headings
    assert f"Country coverage ({pairs})" not in headings


# ------------------------------------------------- Downloads: one geometry type per layer
