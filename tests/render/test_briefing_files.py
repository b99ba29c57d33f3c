"""A briefing's files: a PowerPoint deck of one slide per step with its notes, a handout
holding every step's source and notes, both right to left in Arabic; what changed since."""

import datetime as dt
import io
import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from geo import ViewState, select
from geo.render.basemap import display_basemap
from geo.render.cards import step_pages
from geo.render.files import briefing_file
from geo.view.briefing import Briefing, Cue
from geo.view.changes import dated_since
from tests.pdftext import has_words

TOUR = Briefing(
    "Libya, north to south",
    (
        Cue("overview", notes="Good morning.\nThree routes meet in Libya."),
        Cue("hub", "hub-kufra", "The southern gate."),
        Cue("route", "R1"),
        Cue("activity", "ev-2023-04-30-catania-rome", "Seventeen judges."),
        Cue("figure", "fig-bgd-migrants-libya-2022"),
        Cue("year", "2021", "The hubs are chosen."),
    ),
)


@pytest.fixture(scope="module")
def basemap(shipped):
    return display_basemap(shipped.basemap)


@pytest.fixture(scope="module", params=["en", "ar"])
def tour(request, shipped):
    return select(shipped, ViewState(present=True, briefing=TOUR, lang=request.param))


def test_the_deck_holds_one_slide_per_step_with_its_notes_and_map(shipped, basemap, tour):
    deck = Presentation(io.BytesIO(briefing_file(tour, basemap, step_pages(shipped, tour), "pptx")))
    slides = list(deck.slides)
    assert len(slides) == len(TOUR.cues)
    for slide, cue, page in zip(slides, TOUR.cues, step_pages(shipped, tour), strict=True):
        assert slide.has_notes_slide or not cue.notes
        if cue.notes:
            assert slide.notes_slide.notes_text_frame.text == cue.notes
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert texts[0] == page.card.heading
        assert sum(s.shape_type == 13 for s in slide.shapes) == 1  # the map: one picture
        for source in page.card.sources:
            assert source in texts[1]
    assert deck.core_properties.title == "Libya, north to south"
    # Arabic reads right to left: every paragraph, and the map on the right.
    rtl = tour.lang == "ar"
    heading = slides[1].shapes[0].text_frame.paragraphs[0]
    assert (heading._p.pPr is not None and heading._p.pPr.get("rtl") == "1") == rtl
    picture = next(s for s in slides[1].shapes if s.shape_type == 13)
    assert (picture.left > deck.slide_width / 3) == rtl


def test_the_handout_holds_every_step_its_source_and_notes(shipped, basemap, tour):
    pdf = PdfReader(io.BytesIO(briefing_file(tour, basemap, step_pages(shipped, tour), "pdf")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) <= len(TOUR.cues)  # about a step on each half page

    # Arabic comes out in visual order (brackets mirrored, colons beside other words):
    # the words without them.
    def found(words: str) -> bool:
        return has_words(re.sub(r"[():]", " ", words), re.sub(r"[():]", " ", text))

    for page in step_pages(shipped, tour):
        assert found(page.card.heading), page.card.heading
        for source in page.card.sources:  # in English whatever the view's language
            assert found(source), source
    for cue in TOUR.cues:
        assert found(cue.notes), cue.notes


def test_since_lists_exactly_what_is_dated_from_then(shipped):
    since = dt.date(2023, 1, 1)
    found = dated_since(shipped, since)
    expected = set()
    for table, rows in (("events", shipped.layer("events")), ("figures", shipped.table("figures"))):
        for r in rows.to_dict("records"):
            start = r["start_date"]  # a year, a month or a day; a figure may have none
            if isinstance(start, str) and start >= "2023":
                expected.add((table, r["id"]))
    got = {(c.table, c.id) for c in found if c.table in ("events", "figures")}
    assert got == expected and len(got) == 6
    assert all(c.date >= "2023" for c in found)
    # As the first step of a briefing, before its own steps.
    sel = select(shipped, ViewState(present=True, briefing=TOUR, since="2023-01-01"))
    first = step_pages(shipped, sel)[0]
    assert first.step.title == "What changed since 2023-01-01"
    assert first.card.facts[0][0] == "Activities, dated since then (5)"
    assert (
        "Study visit to Italy for Libyan judges and prosecutors (2023-04-30)"
        in (first.card.facts[0][1])
    )
    assert len(step_pages(shipped, sel)) == len(TOUR.cues) + 1


def test_since_in_the_url_is_checked(shipped):
    from geo.view.urlstate import parse_view

    view, notices = parse_view({"since": "2023-02-30"}, [])
    assert view.since == "" and re.search("Ignored since", notices[0])
    assert parse_view({"since": "v3"}, [])[0].since == "v3"
