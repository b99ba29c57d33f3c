"""Presenter mode under AppTest: the clean layout and a walk through the activities."""

import datetime as dt

from geo import ViewState, load_dataset, select
from geo.i18n import format_day
from tests import ROOT
from tests.apptest import open_page


def heading(at):
    """The step's heading as the reader sees it (Markdown escapes removed)."""
    return at.header[0].value.replace("\\", "")


def test_presenter_mode_steps_through_activities_in_date_order():
    at = open_page("app.py", present="1")
    assert not at.exception
    assert len(at.sidebar.children) == 0  # no filters: a clean screen to share
    assert heading(at) == "Overview"
    assert at.markdown[0].value.startswith("**Step 1 of 23") or any(
        m.value == "**Step 1 of 23**" for m in at.markdown
    )
    seen = []
    for step in (2, 3, 4):
        at.button(key="present_next").click().run()
        assert not at.exception
        assert at.query_params["step"] == str(step)
        seen.append(heading(at))
    steps = select(load_dataset(ROOT / "data"), ViewState()).events
    expected = [s["name"] for s in steps[:3]]
    assert seen == expected
    assert len(set(seen)) == 3
    dates = [s["start_date"] for s in steps[:3]]
    assert dates == sorted(dates)


def test_a_step_in_the_url_reopens_it_and_previous_goes_back():
    at = open_page("app.py", present="1", step="3")
    second = heading(at)
    at.button(key="present_prev").click().run()
    assert at.query_params["step"] == "2"
    assert heading(at) != second


def test_an_activity_without_a_place_is_a_step_that_says_so():
    steps = select(load_dataset(ROOT / "data"), ViewState()).events
    n = next(i for i, s in enumerate(steps, start=2) if s["geometry"] is None)
    at = open_page("app.py", present="1", step=str(n))
    assert any("do not state where" in i.value for i in at.info)


def test_presenter_mode_in_arabic_and_the_view_link():
    at = open_page("app.py", present="1", lang="ar", step="2")
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert any("present=1" in c and "lang=ar" in c and "step=2" in c for c in texts), texts
    assert not [c.value for c in at.code if "present=1" in c.value]  # a link, not code


def test_no_date_without_a_label_on_the_opening_step():
    at = open_page("app.py", present="1")
    # The opening step used to show today's date on its own: nothing says what it is.
    today = format_day(dt.date.today(), "en")
    texts = [c.value for c in at.caption] + [m.value for m in at.markdown]
    assert not any(today in text for text in texts), texts


def test_a_link_past_the_last_step_opens_the_last():
    at = open_page("app.py", present="1", step="999")
    assert at.query_params["step"] == "23"
    assert any(m.value == "**Step 23 of 23**" for m in at.markdown)


def test_next_pressed_while_its_button_still_holds_the_step_before_goes_on():
    """A second press that Streamlit hands to the callback drawn one step before (the first
    press's run had not drawn Next again) still goes one step on from the step shown."""
    from dataclasses import replace

    at = open_page("app.py", present="1", step="2")
    at.session_state["view"] = replace(at.session_state["view"], step=3)  # the first press
    at.button(key="present_next").click().run()  # Next as drawn at step 2
    assert at.query_params["step"] == "4"
    at.session_state["view"] = replace(at.session_state["view"], step=3)
    at.button(key="present_prev").click().run()  # Previous as drawn at step 4
    assert at.query_params["step"] == "2"


def test_show_more_pressed_again_before_it_is_drawn_again_shows_more():
    from ui.maplist import PAGE_SIZE

    at = open_page("app.py")
    key = "overview_map-more-routes"
    at.session_state[key] = 2 * PAGE_SIZE  # a first press, its run not drawn yet
    at.button(key=f"{key}-button").click().run()  # the button as drawn before it
    assert at.session_state[key] == 3 * PAGE_SIZE
