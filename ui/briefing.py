"""The presenter's briefing builder: a panel beside the map, open while the presenter builds.

Add the current step or any feature of the view, move steps up and down, remove them,
write notes; save the briefing as a link and a JSON file, or open one. The briefing is
part of the view (:class:`~geo.view.urlstate.ViewState`), so the map, the share panel and
the notes window (:mod:`ui.notes`) follow every change at once.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from functools import partial

import streamlit as st

from geo.data.dataset import DATABASE_URL_ENV
from geo.data.io import records
from geo.i18n import N_, localized
from geo.render.cards import step_pages
from geo.render.files import PPTX
from geo.render.files import briefing_file as _file
from geo.render.timeplay import play_years
from geo.view.briefing import (
    Briefing,
    BriefingError,
    Cue,
    to_file,
)
from geo.view.briefing_open import open_briefing
from geo.view.steps import Step, step_of
from geo.view.urlstate import parse_view
from ui.changes import changes_of
from ui.context import Page, md, set_view
from ui.data import basemap, store_engine
from ui.exports import export_button, reason, view_url
from ui.scripts import run_script

LONG = "long_briefing"  # session: a briefing too long for a link (the URL says briefing=file)
OPENED = "briefing_opened"  # session: how many files were opened (a new uploader after each)
ERROR = "briefing_error"  # session: why the last file could not be opened
MOVED = "briefing_moved"  # session: where the focus goes after a move or removal, a number
MOVED_COUNT = "briefing_moves"  # session: how many so far (a new focus script for each)


EDITING = "briefing_editing"  # session: the builder is open


def builder(p: Page, step: Step) -> None:
    """The briefing: its title, its steps with notes, add, save and open."""
    t = p.t
    briefing = p.view.briefing
    # The briefing's own steps: not "What changed since", which since= puts before them.
    cues = briefing.cues if briefing is not None else ()
    with st.container(border=True, key="briefing_builder"):
        st.header(t("Briefing"), anchor=False)
        if briefing is None:
            st.caption(
                t(
                    "These steps walk every activity of the view. Add steps to make your own "
                    "briefing: only they are shown, in your order, with your notes."
                )
            )
        else:
            key = "brief_title"
            st.session_state[key] = briefing.title  # what the view holds, whatever changed it
            st.text_input(
                t("Title"),
                key=key,
                on_change=_retitle,
                args=(key,),
                max_chars=200,
            )
        _adders(p, step)
        if briefing is not None:
            # Its own scroll: Save and Open stay in reach of a long briefing.
            with st.container(height=min(120 + 215 * len(cues), 460), key="brief_steps"):
                for n, cue in enumerate(cues, 1):
                    _cue_row(p, n, cue, len(cues), step.number - _offset())
            st.button(
                t("Walk every activity instead"),
                icon=":material/restart_alt:",
                key="brief_reset",
                on_click=_apply,
                args=(None, 1),
            )
        _focus_after_edit()
        _save(p)
        _open(p)
        st.button(
            t("Close the builder"),
            icon=":material/close:",
            key="brief_close",
            on_click=lambda: st.session_state.update({EDITING: False}),
            width="stretch",
        )


def builder_button(p: Page) -> None:
    """Opens the builder (the shared screen stays clean until the presenter asks for it)."""
    st.button(
        p.t("Build a briefing"),
        icon=":material/edit_note:",
        key="brief_edit",
        on_click=lambda: st.session_state.update({EDITING: True}),
        disabled=bool(st.session_state.get(EDITING)),
    )


def _rev() -> int:
    """Changes when a file is opened, so the uploader is a new, empty one."""
    return st.session_state.get(OPENED, 0)


def _adders(p: Page, step: Step) -> None:
    t = p.t
    current = step.cue
    st.button(
        t("Add this step"),
        icon=":material/add:",
        key="brief_add_current",
        on_click=_add,
        args=(current,),
        disabled=current.kind == "changes",  # since= puts it first in any briefing
        help=t("Adds what the map shows now to the end of your briefing."),
        width="stretch",
    )
    choices = pick_list(p)
    chosen = st.selectbox(
        t("Add from the map"),
        range(len(choices)),
        format_func=lambda i: choices[i][1],
        key="brief_pick",
        index=None,
        placeholder=t("Choose a place, route, activity, figure or year"),
    )
    st.button(
        t("Add the chosen step"),
        icon=":material/playlist_add:",
        key="brief_add_pick",
        disabled=chosen is None,
        on_click=_add_chosen,
        args=(choices,),
        width="stretch",
    )


def pick_list(p: Page) -> list[tuple[Cue, str]]:
    """Every step the view can show, labelled by its kind, as the builder offers them."""
    t, sel, lang = p.t, p.sel, p.lang
    out = [(Cue("overview"), t("Overview"))]
    for year in play_years(p.sel):  # the years Play steps through
        out.append((Cue("year", str(year)), t("Year: {year}").format(year=year)))
    hubs = sel.layer("hubs")
    for r in sorted(records(hubs), key=lambda r: localized(r, "name", lang)):
        out.append((Cue("hub", r["id"]), t("Hub: {name}").format(name=localized(r, "name", lang))))
    routes = sel.layer("routes")
    seen = set()
    for r in records(routes):
        if r["route_id"] not in seen:
            seen.add(r["route_id"])
            name = localized(r, "route_name", lang)
            out.append((Cue("route", r["route_id"]), t("Route: {name}").format(name=name)))
    for iso3 in sorted(set(sel.layer("coverage")["iso3"])):
        name = sel.country_names.get(iso3, iso3)
        out.append((Cue("country", iso3), t("Country: {name}").format(name=name)))
    for e in sel.events:
        name = localized(e, "name", lang)
        out.append((Cue("activity", e["id"]), t("Activity: {name}").format(name=name)))
    for f in sel.source_figures:
        label = t("Figure: {value}, {what}").format(value=f.value, what=f.what)
        out.append((Cue("figure", f.id), label))
    return out


def _cue_row(p: Page, n: int, cue: Cue, count: int, current: int) -> None:
    t = p.t
    step = step_of(p.sel, n + _offset())
    with st.container(border=True, key=f"brief_step_{n}"):
        label = f"{n}. {md(step.title)}"
        st.markdown(f"**{label}**" + (" · " + t("(current step)") if n == current else ""))
        # One box per place in the list, holding the notes of the step now there: a step
        # moved takes its notes along, and no box of the list before lingers.
        key = f"brief_notes_{n}"
        st.session_state[key] = cue.notes
        st.text_area(
            t("Notes for step {step}").format(step=n),
            key=key,
            on_change=_renote,
            args=(n, key),
            max_chars=4000,
            height=80,
            placeholder=t("What to say at this step (only you see it)"),
        )
        # (word, icon, key, its tooltip, disabled, callback, arguments)
        buttons = (
            (t("Up"), "arrow_upward", "up", t("Move step {step} up"), n == 1, _move, (n, -1)),
            (
                t("Down"),
                "arrow_downward",
                "down",
                t("Move step {step} down"),
                n == count,
                _move,
                (n, 1),
            ),
            (t("Show"), "visibility", "go", t("Show step {step}"), n == current, _go, (n,)),
            (t("Remove"), "delete", "drop", t("Remove step {step}"), False, _drop, (n,)),
        )
        for column, (word, icon, key, tip, disabled, action, args) in zip(
            st.columns(4), buttons, strict=True
        ):
            column.button(
                word,
                icon=f":material/{icon}:",
                key=f"brief_{key}_{n}",
                help=tip.format(step=n),
                disabled=disabled,
                on_click=action,
                args=args,
            )


def _save(p: Page) -> None:
    t, view = p.t, p.view
    if view.briefing is None:
        return
    st.subheader(t("Save"), anchor=False)
    if view.briefing_fits:
        url = view_url(p, replace(view.shared(), step=1))
        href = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        label = t("Link to this briefing")
        st.markdown(f"[{label}]({href})")
    else:
        st.caption(t("This briefing is too long for a link: save it as a file to share it."))
    body = json.dumps(
        to_file(view.briefing, view.shared().to_query_params()), ensure_ascii=False, indent=2
    )
    _exports(p)
    st.download_button(
        t("Save as a file (JSON)"),
        body.encode(),
        file_name=f"briefing-{_slug(view.briefing.title)}.json",
        mime="application/json",
        icon=":material/save:",
        key="brief_save_json",
        on_click="ignore",
        width="stretch",
    )


BRIEFING_FILES = (
    (N_("Slideshow (HTML, opens offline)"), "slides", "html", "text/html", "slideshow"),
    (N_("Deck (PowerPoint)"), "deck", "pptx", PPTX, "co_present"),
    (N_("Handout (PDF)"), "handout", "pdf", "application/pdf", "article"),
)


def _exports(p: Page) -> None:
    """The briefing as a slideshow, a deck and a handout, each made on click."""
    t, view = p.t, p.view
    changes = changes_of(p) if view.since else None  # once for the three files
    for label, stem, ext, mime, icon in BRIEFING_FILES:
        export_button(
            p,
            t(label),
            partial(briefing_file, p, ext, changes),
            f"brief_{stem}",
            ("briefing", view.shared()),
            file_name=f"briefing-{_slug(view.briefing.title)}-{p.lang}.{ext}",
            mime=mime,
            icon=f":material/{icon}:",
            width="stretch",
        )


def _open(p: Page) -> None:
    t = p.t
    st.subheader(t("Open"), anchor=False)
    error = st.session_state.get(ERROR)
    if error:
        st.error(
            t("Could not open {file}: {why}. Your briefing is unchanged.").format(
                file=md(error[0]), why=md(error[1])
            ),
            icon=":material/error:",
        )
    _open_saved(p)
    st.file_uploader(
        t("Open a briefing file (JSON)"),
        type=["json"],
        key=f"brief_open_{_rev()}",
        on_change=_opened,
        args=(p, f"brief_open_{_rev()}"),
    )


def _open_saved(p: Page) -> None:
    """With the store: a briefing saved there (``briefing save``), opened by name."""
    url = os.environ.get(DATABASE_URL_ENV)
    if not url:
        return
    t = p.t
    from geo.store.briefings import saved
    from geo.store.connect import snapshot

    try:
        with snapshot(store_engine(url)) as conn:
            kept = saved(conn)
    except Exception as exc:  # a store that does not answer: the file still opens
        st.caption(t("The saved briefings cannot be read now: {why}").format(why=md(reason(exc))))
        return
    if not kept:
        st.caption(t("No briefing is saved in the store yet (python -m geo briefing save)."))
        return
    labels = {r["name"]: t("{name} (version {version}, {steps} steps)").format(**r) for r in kept}
    name = st.selectbox(
        t("Saved briefings"), list(labels), format_func=labels.__getitem__, key="brief_saved"
    )
    st.button(
        t("Open the saved briefing"),
        icon=":material/folder_open:",
        key="brief_open_saved",
        on_click=_opened_saved,
        args=(p, url, name),
        width="stretch",
    )


def _opened_saved(p: Page, url: str, name: str) -> None:
    from geo.store.briefings import body_of
    from geo.store.connect import snapshot

    try:
        with snapshot(store_engine(url)) as conn:
            found = body_of(conn, name)
    except Exception as exc:  # the store out of reach: said where the file would be
        st.session_state[ERROR] = (name, reason(exc))
        return
    if found is None:
        st.session_state[ERROR] = (name, "no longer in the store")
        return
    version, body = found
    _open_body(p, json.dumps(body), f"{name} (version {version})")


def _opened(p: Page, key: str) -> None:
    upload = st.session_state.get(key)
    if upload is None:
        return
    _open_body(p, upload.getvalue(), upload.name)


def _open_body(p: Page, raw: bytes | str, where: str) -> None:
    """Open a briefing's JSON (named ``where`` in an error); a bad one leaves all as it was."""
    try:
        briefing, params = open_briefing(raw, p.data)
    except BriefingError as err:
        st.session_state[ERROR] = (where, str(err))
        return
    st.session_state.pop(ERROR, None)
    view, _ = parse_view(params, list(p.data.projects["id"]))
    current = st.session_state["view"]
    # Opened where it was made: its filters, layers, language and base map; still presenting.
    opened = replace(view, present=True, step=1, briefing=briefing, room=current.room)
    st.session_state[OPENED] = _rev() + 1
    _set(opened)


def briefing_file(p: Page, ext: str, changes=None) -> bytes:
    """The page's briefing as a slideshow (html), a deck (pptx) or a handout (pdf).

    ``changes``: what changed since the view's ``since=``, as the presenter shows it.
    """
    return _file(p.sel, basemap(), step_pages(p.data, p.sel, changes), ext)


def _slug(title: str) -> str:
    """A file name's part from a title, in any script.

    >>> _slug("Libya, north to south"), _slug("ليبيا من الشمال"), _slug("")
    ('libya-north-to-south', 'ليبيا-من-الشمال', 'untitled')
    """
    return re.sub(r"[\W_]+", "-", title.lower()).strip("-")[:40] or "untitled"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # a file refuses them: so does the builder


def _offset() -> int:
    """Steps before the briefing's own: "What changed since" when since= is set."""
    return 1 if st.session_state["view"].since else 0


# --- changes, as callbacks ---------------------------------------------------------------


def _current() -> tuple[Briefing, list[Cue]]:
    view = st.session_state["view"]
    briefing = view.briefing or Briefing()
    return briefing, list(briefing.cues)


def _set(view) -> None:
    if not view.briefing_fits:
        st.session_state[LONG] = view.briefing
    set_view(view)


def _apply(briefing: Briefing | None, step: int) -> None:
    view = st.session_state["view"]
    if briefing is not None and not briefing.cues:
        briefing = None
    _set(replace(view, briefing=briefing, step=step))


def _add(cue: Cue) -> None:
    briefing, cues = _current()
    cues.append(Cue(cue.kind, cue.ref))
    _apply(replace(briefing, cues=tuple(cues)), len(cues) + _offset())


def _add_chosen(choices: list[tuple[Cue, str]]) -> None:
    index = st.session_state.get("brief_pick")
    if index is not None:
        _add(choices[index][0])
        st.session_state["brief_pick"] = None


def _retitle(key: str) -> None:
    briefing, cues = _current()
    title = _CONTROL.sub("", str(st.session_state.get(key) or ""))[:200]
    _apply(replace(briefing, title=title), st.session_state["view"].step or 1)


def _renote(n: int, key: str) -> None:
    briefing, cues = _current()
    notes = _CONTROL.sub("", str(st.session_state.get(key) or ""))[:4000]
    cues[n - 1] = replace(cues[n - 1], notes=notes)
    _apply(replace(briefing, cues=tuple(cues)), st.session_state["view"].step or 1)


def _focus_after_edit() -> None:
    """Keyboard focus where the last Up, Down or Remove sends it (:func:`_focus_to`).

    Taken from the session once drawn: a run stopped before it leaves it to the next.
    """
    moved = st.session_state.get(MOVED)
    if moved is not None:
        key, pressed, number = moved
        run_script("focus_key", key=f"focus_to__{key}__from__{pressed}__{number}")
        forget_focus()


def forget_focus() -> None:
    """No focus to move: the builder closed before it was drawn again."""
    st.session_state.pop(MOVED, None)


def _focus_to(key: str, pressed: str) -> None:
    """After this run, keyboard focus to the element ``key`` from the button ``pressed``.

    Left where it was, the focus would be on the button now at that place, another step's:
    the next press would move or remove that one.
    """
    number = st.session_state.get(MOVED_COUNT, 0) + 1
    st.session_state[MOVED], st.session_state[MOVED_COUNT] = (key, pressed, number), number


def _move(n: int, by: int) -> None:
    briefing, cues = _current()
    cues[n - 1], cues[n - 1 + by] = cues[n - 1 + by], cues[n - 1]
    to = n + by
    # The same button again, to move it on; at the end of the list, the other way.
    way = ("up" if to > 1 else "down") if by < 0 else ("down" if to < len(cues) else "up")
    _focus_to(f"brief_{way}_{to}", f"brief_{'up' if by < 0 else 'down'}_{n}")
    off = _offset()
    step = st.session_state["view"].step or 1
    # The step on screen stays on screen.
    if step == n + off:
        step = n + by + off
    elif step == n + by + off:
        step = n + off
    _apply(replace(briefing, cues=tuple(cues)), step)


def _drop(n: int) -> None:
    briefing, cues = _current()
    del cues[n - 1]
    # The notes of the step now at that place (it says which), never its Remove button: a
    # second Enter would remove it too. With no step left, the list to add one from.
    _focus_to(f"brief_notes_{min(n, len(cues))}" if cues else "brief_pick", f"brief_drop_{n}")
    step = st.session_state["view"].step or 1
    _apply(replace(briefing, cues=tuple(cues)), max(1, step - (step > n + _offset())))


def _go(n: int) -> None:
    set_view(replace(st.session_state["view"], step=n + _offset()))
