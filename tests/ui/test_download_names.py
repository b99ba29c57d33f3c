"""Every download's name says the page and the language it comes from, then the filters.

``map_2008.html`` from the overview and from Coverage were two different maps under one
name, and so were the English and Arabic files of a presenter's step (``map-step-8.*``):
saved in one folder, the second overwrote the first. Names stay ASCII letters, digits,
``-`` and ``_``, at most ``FILENAME_MAX`` characters before the extension.
"""

from __future__ import annotations

import re

import pytest

from geo.i18n import LANGUAGES
from geo.view.filters import FILENAME_MAX, Filters
from tests.apptest import open_page
from ui.exports import PRESENTER, download_name

SAFE = re.compile(r"^[A-Za-z0-9_-]+\.[a-z0-9]+$")
PAGE_NAMES = ("overview", "routes", "coverage", "events", "data", "about", PRESENTER)
FILTERS = [
    Filters(),
    Filters(years=(2008, 2008)),
    Filters(("dismantling",), (2019, 2021)),
    Filters(("../../etc/passwd", "القطرون", "GLO.ACT Bangladesh"), None),
    Filters(tuple(f"project-{i:03d}-with-a-long-id" for i in range(12)), (2007, 2024)),
]


def test_the_name_says_page_language_what_and_filters():
    assert download_name("overview", "en", "map", Filters(years=(2008, 2008)), "html") == (
        "overview-en-map_2008.html"
    )
    assert download_name("presenter", "ar", "map-step-8", Filters(), "png") == (
        "presenter-ar-map-step-8.png"
    )
    assert download_name(
        "data", "fr", "events", Filters(("dismantling",), (2019, 2021)), "geojson"
    ) == ("data-fr-events_dismantling_2019-2021.geojson")


@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_names_differ_by_page_and_language_and_stay_safe(filters):
    names = {
        (page, lang): download_name(page, lang, "map", filters, "html")
        for page in PAGE_NAMES
        for lang in LANGUAGES
    }
    assert len(set(names.values())) == len(names), names  # no two views share a name
    for (page, lang), name in names.items():
        assert SAFE.match(name), name
        assert name.startswith(f"{page}-{lang}-"), name
        assert len(name.removesuffix(".html")) <= FILENAME_MAX, name


def test_a_hostile_extension_or_kind_cannot_escape_the_name():
    name = download_name("overview", "en", "../map/..", Filters(), "../H T M L")
    assert SAFE.match(name), name
    assert "/" not in name and ".." not in name


# ------------------------------------------------------------------- the pages use them


@pytest.fixture
def saved(monkeypatch) -> list[str]:
    """The names of every file the pages offer for download."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    names: list[str] = []
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def spy_add(self, data, mimetype, coordinates, file_name=None, **kwargs):
        names.append(file_name)
        return add(self, data, mimetype, coordinates, file_name, **kwargs)

    def spy_deferred(self, make, mimetype, coordinates, file_name=None, **kwargs):
        names.append(file_name)
        return add_deferred(self, make, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", spy_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy_deferred)
    return names


def offered(names: list[str], script: str, **params) -> set[str]:
    names.clear()
    at = open_page(script, **params)
    assert not at.exception, [e.value for e in at.exception]
    return {name for name in names if name}  # the page icon has no name


def test_the_overview_and_coverage_maps_of_2008_are_two_files(saved):
    overview = offered(saved, "app.py", years="2008")
    assert {
        "overview-en-map_2008.html",
        "overview-en-map_2008.png",
        "overview-en-briefing_2008.pdf",
    } <= overview
    coverage = offered(saved, "pages/coverage.py", years="2008")
    assert "coverage-en-map_2008.html" in coverage
    assert not overview & coverage


def test_english_and_arabic_steps_are_two_files(saved):
    english = offered(saved, "app.py", present="1", step="8")
    arabic = offered(saved, "app.py", present="1", step="8", lang="ar")
    assert "presenter-en-map-step-8.html" in english
    assert "presenter-ar-map-step-8.html" in arabic
    assert not english & arabic


def test_the_data_pages_files_carry_page_and_language(saved):
    names = offered(saved, "pages/data.py", lang="fr", project="dismantling", years="2019-2021")
    assert "data-fr-events_dismantling_2019-2021.geojson" in names
    assert "data-fr-north-africa-smuggling-routes_dismantling_2019-2021.zip" in names
    assert all(name.startswith("data-fr-") for name in names), names


def test_data_page_files_are_named_by_the_filters(saved):
    at = open_page("pages/data.py", project="dismantling", years="2019-2021")
    assert not at.exception, [e.value for e in at.exception]
    assert "data-en-events_dismantling_2019-2021.geojson" in saved
    assert "data-en-north-africa-smuggling-routes_dismantling_2019-2021.zip" in saved
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download data-en-events_dismantling_2019-2021.geojson" in labels
    assert {"data-en-events.geojson", "data-en-north-africa-smuggling-routes.zip"} <= offered(
        saved, "pages/data.py"
    )
