"""The seeds' figures and 'reported on' dates where people read them (issue 12, items 3 and 6).

Pages under AppTest, the live map's tooltips as HTML, the briefing sheet through pypdf.
"""

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from geo import ViewState, select
from geo.data.io import placed
from geo.render import printed
from geo.render.basemap import display_basemap
from geo.render.maps import MapOptions, build_map
from geo.view.figures import MIGRATION_FIGURES, SourcedFigure
from geo.view.scene import Scene
from tests.apptest import open_page
from tests.pdftext import flat, has_words, outside, pdf_renderer, texts
from ui.figures import figures_key, figures_markdown

# The briefing sheet is drawn once for the module: its tests run on one worker.
pytestmark = pytest.mark.xdist_group("figures-shown")

UNODC_2023 = "https://www.unodc.org/romena/en/Stories/2023/June/bangladesh-and-libya"
REPORTED = "ev-2020-11-10-tripoli"  # dated only by the story that reports it


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


LISTS = (
    "Figures from the sources",
    "Figures from the sources on the countries covered",
    "Figures from the sources on migration and the hubs",
)


def open_figures(at):
    """The page again with its folded lists of figures opened, as a reader opens them."""
    for label in LISTS:
        at.session_state[figures_key(label)] = True
    return at.run()


def figures_expander(at, label):
    """The folded list of figures whose label starts with ``label``, opened; or None."""
    return next((e for e in open_figures(at).expander if e.label.startswith(label)), None)


def test_a_closed_list_of_figures_sends_nothing_but_its_title():
    at = open_page("app.py", lang="fr")
    box = next(e for e in at.expander if e.label.startswith("Chiffres des sources"))
    assert box.label == "Chiffres des sources (13)" and not box.children
    assert not [m for m in at.markdown if m.allow_html]  # the HTML parser is not needed


def markdown_of(block) -> str:
    return "\n".join(m.value for m in block.markdown)


# -- the pages ----------------------------------------------------------------------------


def test_overview_lists_every_figure_of_the_view_with_its_source():
    at = open_page("app.py")
    assert not at.exception
    box = figures_expander(at, "Figures from the sources")
    assert box is not None and box.label == "Figures from the sources (13)"
    text = markdown_of(box)
    assert "**21,653 people**" in text
    assert "€15,000,000" in text.replace("\\", "")
    assert "Dec 2022" in text and "Libya" in text
    assert f"]({UNODC_2023}" in text  # the source, a link to its address


def test_overview_figures_follow_the_years_and_the_projects():
    at = open_page("app.py", years="2008")
    box = figures_expander(at, "Figures from the sources")
    # XAMT14's budget and countries (2007-2012), and the undated yearly estimate.
    assert box.label == "Figures from the sources (3)"
    text = markdown_of(box).replace("\\", "")
    assert "$2,705,000" in text and "300,000 people a year" in text
    assert "21,653" not in text
    # GLO.ACT Bangladesh (2018-2023): its partner countries and the context of its years,
    # not the budgets of the other two projects.
    at = open_page("app.py", project="gloact-bgd")
    box = figures_expander(at, "Figures from the sources")
    assert box.label.endswith("(6)")
    text = markdown_of(box).replace("\\", "")
    assert "13 countries" in text and "21,653" in text
    assert "15,000,000" not in text and "2,705,000" not in text


def test_coverage_page_shows_the_figures_of_the_countries_covered():
    at = open_page("pages/coverage.py")
    assert not at.exception
    box = figures_expander(at, "Figures from the sources on the countries covered")
    text = markdown_of(box).replace("\\", "")
    assert box.label.endswith("(6)")  # five about Libya, one about Tunisia
    assert "21,653 people" in text and "6 people" in text
    assert "16 people" not in text  # Türkiye: no project covers it
    # XAMT14 in 2008 covers five countries, yet no figure of 2008 is about one of them.
    at = open_page("pages/coverage.py", project="xamt14", years="2008")
    assert figures_expander(at, "Figures from the sources") is None


def test_coverage_cards_say_why_a_period_reaches_beyond_its_dates():
    at = open_page("pages/coverage.py")
    notes = [c.value.replace("\\", "") for c in at.caption if "About the dates" in c.value]
    # Dismantling's activities of 2023 and 2024; GLO.ACT Bangladesh's period now reaches its
    # last activity (2024), XAMT14 has none.
    assert len(notes) == 1
    assert any("No source found dates an extension" in n for n in notes)


def test_routes_page_shows_the_figures_on_migration_and_the_hubs(data):
    assert MIGRATION_FIGURES <= set(data.table("figures")["id"])
    at = open_page("pages/routes.py")
    assert not at.exception
    box = figures_expander(at, "Figures from the sources on migration")
    assert box.label.endswith(f"({len(MIGRATION_FIGURES)})")
    text = markdown_of(box).replace("\\", "")
    assert "300,000 people a year" in text and "5 cities" in text
    assert "€15,000,000" not in text


def test_figures_in_arabic_follow_the_language():
    at = open_figures(open_page("app.py", lang="ar"))
    assert not at.exception
    text = "\n".join(m.value for e in at.expander for m in e.markdown)
    assert "ليبيا" in text and "مهاجرون من بنغلاديش" in text


def test_figure_text_from_data_is_inert_and_only_web_addresses_are_links():
    hostile = SourcedFigure(
        "f", "1", "[x](javascript:alert(1))", "<b>Tripoli</b>", "", "*Story*", "javascript:y", ""
    )
    text = figures_markdown([hostile], "Source")
    assert "](javascript" not in text and "<b>" not in text
    assert "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in text
    assert "**Source:** \\*Story\\*" in text
    text = figures_markdown([replace(hostile, source_url="https://x.org/a (b)")], "Source")
    assert "(https://x.org/a%20%28b%29)" in text


# -- reported on ---------------------------------------------------------------------------


def test_presenter_step_says_reported_on(data):
    steps = select(data, ViewState()).events
    n = next(i for i, s in enumerate(steps, start=2) if s["id"] == REPORTED)
    at = open_page("app.py", present="1", step=str(n))
    assert not at.exception
    lines = [m.value.replace("\\", "") for m in at.markdown]
    assert "**Date:** reported on Nov 10, 2020" in lines
    n = next(i for i, s in enumerate(steps, start=2) if s["date_basis"] == "event")
    at = open_page("app.py", present="1", step=str(n))
    dates = [m.value for m in at.markdown if m.value.startswith("**Date:**")]
    assert dates and "reported" not in dates[0]


def test_map_tooltips_say_reported_on(data):
    sel = select(data, ViewState())
    html = build_map(sel, display_basemap(data.basemap), options=MapOptions()).get_root().render()
    # The tooltip is the title in bold, a line break, then the date (escaped inside JSON).
    assert "\\u003cbr\\u003ereported on Nov 10, 2020" in html
    dots = placed(sel.layer("events"))
    reported = (dots["date_basis"] == "publication").sum()
    assert 0 < reported < len(dots)
    assert html.count("\\u003cbr\\u003ereported on ") == reported


# -- the briefing sheet ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sheet(data):
    sel = select(data, ViewState())
    pdf = printed.render_pdf(sel, display_basemap(data.basemap), Scene(name="Briefing"))
    return sel, [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_briefing_sheet_lists_the_figures_with_their_sources(sheet):
    sel, pages = sheet
    rest = flat(" ".join(pages[1:]))
    assert "Figures from the sources" in rest
    assert has_words("Figure What it counts Place Date Source", rest)
    for figure in sel.source_figures:
        assert has_words(figure.value, rest), figure.id
    assert has_words("21,653 people migrants from Bangladesh in Libya", rest)
    assert has_words("Bangladesh and Libya expand collaboration", rest)
    # Between the activities and the sources.
    assert rest.index("Activities, in date order") < rest.index("Figures from the sources")
    assert rest.index("Figures from the sources") < rest.rindex("Sources")


def test_briefing_sheet_activity_list_says_reported_on(sheet):
    _, pages = sheet
    rest = flat(" ".join(pages[1:]))
    assert has_words("reported on Nov 10, 2020", rest)


def test_a_long_figure_list_flows_over_pages_with_its_headings(data):
    sel = select(data, ViewState())
    sel = replace(sel, source_figures=sel.source_figures * 6)
    pages = printed._list_pages(sel, "Briefing")
    drawn = [flat(" ".join(t.get_text() for t in texts(page.fig))) for page in pages]
    with_figures = [d for d in drawn if "21,653 people" in d]
    assert len(with_figures) >= 2
    assert all("What it counts" in d for d in with_figures)  # headings atop each page
    for page in pages:
        assert outside(page.fig, pdf_renderer(page.fig)) == []


def test_an_empty_year_still_says_so_in_the_sheet(data):
    sel = select(data, ViewState())
    sel = replace(sel, source_figures=())
    drawn = " ".join(
        t.get_text() for page in printed._list_pages(sel, "Briefing") for t in texts(page.fig)
    )
    assert "No figure from the sources for these years." in drawn
