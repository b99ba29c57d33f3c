"""A presenter's own briefing: its file and link forms, what a bad file says, its steps."""

import base64
import hashlib
import json
import zlib
from dataclasses import replace
from urllib.parse import urlencode

import pytest

from geo import ViewState, select
from geo.view.briefing import (
    MAX_LINK_CHARS,
    Briefing,
    BriefingError,
    Cue,
    decode,
    encode,
    from_file,
    to_file,
)
from geo.view.briefing_open import known_ids, open_briefing
from geo.view.filters import Filters
from geo.view.scene import scene_of
from geo.view.steps import step_count, step_of, view_at
from geo.view.urlstate import FROM_FILE, parse_view

TOUR = Briefing(
    "Libya, north to south",
    (
        Cue("overview", notes="Good morning.\nThree routes meet in Libya."),
        Cue("hub", "hub-kufra", "The southern gate."),
        Cue("route", "R1", ""),
        Cue("country", "LBY", "ملاحظة بالعربية"),
        Cue("activity", "ev-2023-04-30-catania-rome"),
        Cue("figure", "fig-bgd-migrants-libya-2022", "21,653 people"),
        Cue("year", "2021"),
    ),
)


def test_the_shipped_ids_of_the_tour_exist(shipped):
    ids = known_ids(shipped)
    for cue in TOUR.cues:
        if cue.kind in ids:
            assert cue.ref in ids[cue.kind], cue


def test_a_file_round_trips_with_its_view(shipped):
    view = ViewState(Filters(("dismantling",), (2019, 2023)), lang="fr", present=True, step=3)
    body = json.dumps(to_file(TOUR, view.to_query_params()), ensure_ascii=False)
    assert json.loads(body)["briefing"] == 1
    briefing, params = from_file(body.encode(), known=known_ids(shipped))
    assert briefing == TOUR
    # The view it was made in, without the presenter's place in it.
    assert params == {"project": "dismantling", "years": "2019-2023", "lang": "fr"}


def test_a_link_round_trips_through_the_url_and_stays_short():
    view = ViewState(present=True, step=2, briefing=TOUR)
    query = urlencode(view.to_query_params())
    assert len(query) < 600  # seven steps with notes, compressed
    parsed, notices = parse_view(dict(p.split("=", 1) for p in query.split("&")), [])
    assert notices == []
    assert parsed.briefing == TOUR and parsed.step == 2


def test_a_briefing_too_long_for_a_link_says_so_instead_of_being_cut():
    notes = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(200)]
    long = Briefing("x", tuple(Cue("hub", f"hub-{n}", notes[n]) for n in range(200)))
    assert len(encode(long)) > MAX_LINK_CHARS
    view = ViewState(present=True, briefing=long)
    assert view.to_query_params()["briefing"] == FROM_FILE and not view.briefing_fits
    parsed, notices = parse_view({"present": "1", "briefing": FROM_FILE}, [])
    assert parsed.briefing is None and notices == []  # the session that opened the file has it


def test_a_broken_link_is_a_notice_not_a_crash():
    view, notices = parse_view({"present": "1", "briefing": "eNo-not-zlib"}, [])
    assert view.present and view.briefing is None
    assert notices == ["Ignored the briefing: the link's briefing could not be read"]
    # A link that decodes but says a bad thing is checked as a file is.
    with pytest.raises(BriefingError) as err:
        decode(encode(Briefing("t", (Cue("city", "x"),))))
    assert err.value.field == "steps[1].kind"
    # A short link holding JSON nested past Python's recursion: a notice, not a crash.
    deep = base64.urlsafe_b64encode(zlib.compress(b"[" * 200_000, 9)).decode().rstrip("=")
    assert len(deep) < 1000
    view, notices = parse_view({"present": "1", "briefing": deep}, [])
    assert view.briefing is None and notices[0].startswith("Ignored the briefing")
    with pytest.raises(BriefingError, match="nested too deep"):
        from_file(b"[" * 200_000)


def test_a_file_keeps_only_the_view_a_file_can_hold():
    view = ViewState(lang="fr", since="2023-01-01", present=True, notes=True, room="abcdefgh1")
    assert to_file(TOUR, view.to_query_params())["view"] == {"lang": "fr"}


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ("[1, 2]", "file", "not a JSON object"),
        ("{nope", "file", "not JSON"),
        ('{"briefing": 2, "steps": []}', "briefing", "version must be 1"),
        ('{"briefing": 1, "steps": []}', "steps", "at least one step"),
        ('{"briefing": 1, "title": 5, "steps": [{"kind": "overview"}]}', "title", "text"),
        ('{"briefing": 1, "steps": [{"kind": "overview"}], "extra": 1}', "extra", "not a field"),
        ('{"briefing": 1, "steps": [{"kind": "hub"}]}', "steps[1].id", "needs the id"),
        ('{"briefing": 1, "steps": [{"kind": "hub", "id": "hub-x"}]}', "steps[1].id", "no hub"),
        ('{"briefing": 1, "steps": [{"kind": "year", "year": "2020"}]}', "steps[1].year", "not a"),
        (
            '{"briefing": 1, "steps": [{"kind": "overview"}, {"kind": "hub", '
            '"id": "hub-kufra", "note": "typo"}]}',
            "steps[2].note",
            "not a field",
        ),
        (
            '{"briefing": 1, "steps": [{"kind": "overview", "notes": "' + "x" * 4001 + '"}]}',
            "steps[1].notes",
            "longer than 4000",
        ),
        (
            '{"briefing": 1, "steps": [{"kind": "overview", "notes": "a\\u0007"}]}',
            "steps[1].notes",
            "control",
        ),
        (
            '{"briefing": 1, "view": {"lang": "de"}, "steps": [{"kind": "overview"}]}',
            "view.lang",
            "Ignored language",
        ),
    ],
)
def test_a_bad_file_names_its_field(shipped, body, field, says):
    with pytest.raises(BriefingError) as err:
        open_briefing(body, shipped)
    assert err.value.field == field
    assert says in err.value.message
    assert str(err.value).startswith(field + ": ")


def test_every_kind_of_step_is_shown_and_framed(shipped):
    sel = select(shipped, ViewState(present=True, briefing=TOUR))
    assert step_count(sel) == len(TOUR.cues)
    steps = [step_of(sel, n) for n in range(1, len(TOUR.cues) + 1)]
    overview, hub, route, country, activity, figure, year = steps
    assert (overview.kind, overview.placed, overview.notes) == (
        "overview",
        False,
        TOUR.cues[0].notes,
    )
    assert hub.title == "Kufra" and hub.points == ((hub.lat, hub.lon),) and hub.bounds is None
    assert route.title == "Central Mediterranean: Niger–Fezzan corridor" and route.bounds
    west, south, east, north = route.bounds
    assert south < 33 < north and west < 13 < east  # it passes Tripoli
    _, south, _, north = country.bounds
    assert country.title == "Libya" and south < 20 < north
    assert activity.event["id"] == "ev-2023-04-30-catania-rome" and len(activity.points) == 2
    assert figure.title.startswith("21,653") and not figure.placed
    assert (year.kind, year.title) == ("year", "The year 2021")
    assert view_at(sel.view, year).filters.years == (2021, 2021)
    assert all(not s.missing for s in steps)


def test_a_step_the_filters_hide_is_named_and_the_map_stays(shipped):
    view = ViewState(Filters(("gloact-bgd",)), present=True, briefing=TOUR)
    step = step_of(select(shipped, view), 2)  # Kufra: no hub of GLO.ACT Bangladesh
    assert step.missing and not step.placed
    assert step.title == "Not shown in this view: hub-kufra"


def test_the_live_map_is_one_rendering_whatever_the_briefing(shipped):
    plain = select(shipped, ViewState(present=True))
    briefed = select(shipped, ViewState(present=True, briefing=TOUR))
    edited = select(shipped, ViewState(present=True, briefing=replace(TOUR, title="Other")))
    drawn = {scene_of(s, step=1).without_step() for s in (plain, briefed, edited)}
    assert len(drawn) == 1
    # The files of a step are another matter: a step of another briefing is another file.
    assert scene_of(briefed, step=2) != scene_of(edited, step=2)
