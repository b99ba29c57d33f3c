"""The presenter's notes window, which the audience does not see.

It shows the notes of the step the shared screen shows, the next step and a clock.

The presenter's window publishes its view and step under a room (a random name in both
windows' addresses); the notes window reads it every second. Both windows must reach the
same server process: behind the replicas the front keeps a browser on one (its cookie).
A room belongs to the browser that made it: the presenter's window reloaded keeps it, and
the same address opened in another browser makes a new one.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
from dataclasses import dataclass, replace
from html import escape

import streamlit as st
import streamlit.components.v1 as components

from geo.i18n import is_rtl
from geo.view.selection import select
from geo.view.steps import step_of
from geo.view.urlstate import ViewState
from ui.context import Page, field_line, md, set_view
from ui.exports import view_url
from ui.private_api import browser_key

POLL_SECONDS = 1.0
MAX_ROOMS = 200
MINE = "notes_room"  # session: the room this presenter's window made


@dataclass
class _Room:
    view: ViewState
    step: int
    since: dt.datetime
    seen: dt.datetime  # the presenter's last step here
    browser: str | None  # whose room it is (private_api.browser_key)


@st.cache_resource(show_spinner=False)
def _rooms() -> tuple[dict[str, _Room], threading.Lock]:
    return {}, threading.Lock()


def publish(p: Page, number: int) -> None:
    """The presenter's window says which step it shows (and gets a room on its first run).

    A room is its browser's own: the presenter's window reloaded (a new session) keeps its
    room and its notes window, while an address copied with a room in it, opened in another
    browser, gets a new one, so no one else's window can drive a presenter's notes.
    """
    view = st.session_state.get("view", p.view)  # as the presenter may have just set it
    browser = browser_key()
    rooms, lock = _rooms()
    if view.room != st.session_state.get(MINE):
        with lock:
            known = rooms.get(view.room)
        if view.room and known is not None and browser and known.browser == browser:
            st.session_state[MINE] = view.room
        else:
            view = replace(view, room=secrets.token_urlsafe(9))
            st.session_state[MINE] = view.room
            set_view(view)
    now = dt.datetime.now()
    with lock:
        old = rooms.pop(view.room, None)
        since = old.since if old else now
        shown = replace(view, room="", notes=False)
        rooms[view.room] = _Room(shown, number, since, now, browser)
        # The rooms used least lately go first: a server keeps a bounded number.
        while len(rooms) > MAX_ROOMS:
            rooms.pop(next(iter(rooms)))


def notes_link(p: Page) -> None:
    """'Open the notes window', a link to this room's notes, in a new window."""
    view = st.session_state.get("view", p.view)
    url = view_url(p, replace(view, notes=True, step=0, briefing=None))
    st.link_button(p.t("Open the notes window"), url, icon=":material/speaker_notes:")


def notes_window(p: Page) -> None:
    """The notes of the presenter's current step, followed every second."""
    t = p.t
    st.title(t("Speaker notes"), anchor=False)
    st.caption(t("Keep this window to yourself: share only the presenter's window."))
    _follow(p)


@st.fragment(run_every=POLL_SECONDS)
def _follow(p: Page) -> None:
    t = p.t
    rooms, lock = _rooms()
    with lock:
        room = rooms.get(p.view.room)
    if room is None:
        st.info(
            t(
                "Waiting for the presenter's window. Open presenter mode and choose "
                "“Open the notes window” there."
            ),
            icon=":material/hourglass_empty:",
        )
        return
    sel = _selection(p, room.view)
    step = step_of(sel, room.step)
    _clocks(t("Time"), t("Presenting for"), room.since, p.lang)
    st.header(md(step.heading), anchor=False)
    with st.container(border=True, key="notes_text"):
        if step.notes:
            # Notes in any language: each paragraph takes its own direction. md() keeps < and
            # > literal, so the span is the only HTML.
            for paragraph in step.notes.split("\n"):
                if paragraph.strip():
                    text = f'### <span dir="auto">{md(paragraph)}</span>'
                    st.markdown(text, unsafe_allow_html=True)
        else:
            st.caption(t("No notes for this step."))
    if step.number < step.count:
        following = md(step_of(sel, step.number + 1).heading)
    else:
        following = t("This is the last step.")
    st.markdown(field_line(t("Next"), following))


def _clocks(now_label: str, since_label: str, since: dt.datetime, lang: str) -> None:
    """The time where the presenter is (the browser's clock) and how long since the start.

    Drawn by the browser, every second, from the start's time: the same page each run, so
    the frame is kept while the notes around it follow the presenter.
    """
    start = json.dumps(since.timestamp() * 1000)
    cell = "font:600 18px system-ui,sans-serif;color:#31333f"
    big = "font:700 40px system-ui,sans-serif;color:#31333f"
    html = (
        f'<div dir="{"rtl" if is_rtl(lang) else "ltr"}" style="display:flex;gap:48px">'
        f'<div><div style="{cell}">{escape(now_label)}</div>'
        f'<div id="now" style="{big}"></div></div>'
        f'<div><div style="{cell}">{escape(since_label)}</div>'
        f'<div id="for" style="{big}"></div></div></div><script>'
        "const now=document.getElementById('now'),run=document.getElementById('for');"
        f"const f=()=>{{now.textContent=new Date().toLocaleTimeString({json.dumps(lang)},"
        "{hour:'2-digit',minute:'2-digit'});"
        f"const s=Math.max(0,Math.floor((Date.now()-{start})/1000));"
        "run.textContent=Math.floor(s/60)+':'+String(s%60).padStart(2,'0');};"
        "f();setInterval(f,1000);</script>"
    )
    components.html(html, height=90)


def _selection(p: Page, view: ViewState):
    """The presenter's selection, worked out once per view the presenter shows."""
    kept = st.session_state.get("notes_sel")
    if kept is None or kept[0] != view:
        kept = (view, select(p.data, replace(view, lang=p.lang), p.t))
        st.session_state["notes_sel"] = kept
    return kept[1]
