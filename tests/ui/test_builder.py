"""The briefing builder edits the briefing's own steps, also when since= puts a step first."""

from streamlit.testing.v1 import AppTest

from geo.view.briefing import Briefing, Cue, encode
from tests import ROOT
from tests.apptest import TIMEOUT

TOUR = Briefing("T", (Cue("hub", "hub-kufra", "first"), Cue("country", "LBY")))


def _builder(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in {"present": "1", "briefing": encode(TOUR), **params}.items():
        at.query_params[key] = value
    at.session_state["briefing_editing"] = True  # "Build a briefing" pressed
    return at.run()


def test_with_since_the_rows_are_the_briefings_steps():
    at = _builder(since="2023-01-01")
    assert not at.exception, [e.value for e in at.exception]
    # Step 1 is "What changed since": not a row, and not a step to add to the briefing.
    assert at.button(key="brief_add_current").disabled
    assert at.text_area(key="brief_notes_1").value == "first"
    at.text_area(key="brief_notes_2").input("second\x0b line").run()  # a pasted control char
    briefing = at.session_state["view"].briefing
    assert [c.notes for c in briefing.cues] == ["first", "second line"]
    at.button(key="brief_go_2").click().run()
    assert at.session_state["view"].step == 3  # after "What changed since" and Kufra
    at.button(key="brief_drop_1").click().run()
    assert not at.exception, [e.value for e in at.exception]
    view = at.session_state["view"]
    assert view.briefing.cues == (Cue("country", "LBY", "second line"),)
    assert view.step == 2  # Libya, still on screen
    # One step left: nowhere to move it.
    assert at.button(key="brief_up_1").disabled and at.button(key="brief_down_1").disabled


def test_without_since_moving_keeps_the_step_on_screen():
    at = _builder(step="2")
    at.button(key="brief_up_2").click().run()
    view = at.session_state["view"]
    assert [c.ref for c in view.briefing.cues] == ["LBY", "hub-kufra"]
    assert view.step == 1  # Libya moved up, and the screen went with it


def _keys(node) -> list[str]:
    children = getattr(node, "children", None) or {}
    out = []
    for child in children.values() if isinstance(children, dict) else children:
        out.append(str(getattr(child, "key", None)))
        out.extend(_keys(child))
    return out


def test_a_moved_step_takes_the_focus_to_its_button_at_its_new_place():
    at = _builder(step="2")
    at.button(key="brief_down_1").click().run()  # Kufra down to 2: its Down is at the end
    assert not at.exception, [e.value for e in at.exception]
    assert "focus_to__brief_up_2__from__brief_down_1__1" in _keys(
        at._tree
    )  # at the end, the other way
    at.button(key="brief_up_2").click().run()
    assert "focus_to__brief_down_1__from__brief_up_2__2" in _keys(at._tree)
    at.text_area(key="brief_notes_1").input("typed").run()  # no move: no focus moved
    assert not [k for k in _keys(at._tree) if k.startswith("focus_to__")]


def test_a_removed_step_leaves_the_focus_on_the_notes_of_the_step_now_there():
    at = _builder(step="1")
    at.button(key="brief_drop_1").click().run()  # Kufra: Libya is step 1 now
    assert not at.exception, [e.value for e in at.exception]
    assert "focus_to__brief_notes_1__from__brief_drop_1__1" in _keys(
        at._tree
    )  # not Libya's Remove button
    at.button(key="brief_drop_1").click().run()  # the last step: the briefing is gone
    assert at.session_state["view"].briefing is None
    assert "focus_to__brief_pick__from__brief_drop_1__2" in _keys(at._tree)
