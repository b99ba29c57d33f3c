"""What changed since a day or a loaded version: the Data page's section, the first step.

From files, what the data dates since the day; with the store, what the loads since a
version added, changed (field by field) or removed, read with the app's read-only role.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

import streamlit as st

from geo.data.dataset import DATABASE_URL_ENV
from geo.render.cards import HOW, TABLE_TITLES, files_changes
from geo.view.changes import Change, from_diff, from_export
from geo.view.urlstate import parse_since
from ui.context import Page, md, set_view
from ui.exports import reason
from ui.tables import show_table


def changes_of(p: Page) -> list[Change] | str:
    """The changes since the view's ``since``, or why they cannot be told."""
    t = p.t
    since = parse_since(p.view.since)
    url = os.environ.get(DATABASE_URL_ENV)
    if isinstance(since, dt.date) or not url:  # from files: what they date since the day
        return files_changes(p.data, p.sel)
    from geo.store.connect import snapshot
    from geo.store.versions import current_version, diff
    from ui.data import store_engine

    try:
        with snapshot(store_engine(url)) as conn:
            found = diff(conn, since, current_version(conn) or 0)
    except Exception as exc:  # the store out of reach: said, and the page goes on
        return t("The store cannot tell what changed now: {why}").format(why=reason(exc))
    return from_diff(found, p.data, p.lang)


def changes_section(p: Page) -> None:
    """The Data page's section: a day to compare with, and what changed since."""
    t = p.t
    st.header(t("What changed since"), anchor=False)
    st.caption(
        t(
            "Pick a day: the activities, figures, route legs and sources the data dates from "
            "that day on. With the store, since=v3 in the address compares loaded versions."
        )
    )
    current = p.view.since
    day = parse_since(current) if current else None
    day = day if isinstance(day, dt.date) else None
    # Any day a link names stays choosable: the picker's bounds widen to it.
    first, last = dt.date(2000, 1, 1), dt.date.today()
    chosen = st.date_input(
        t("Since"),
        value=day,
        min_value=min(first, day) if day else first,
        max_value=max(last, day) if day else last,
        format="YYYY-MM-DD",
    )
    wanted = chosen.isoformat() if isinstance(chosen, dt.date) else ""
    if wanted != (current if day else ""):
        set_view(replace(p.view, since=wanted))
        st.rerun()
    if current:
        found = changes_of(p)
        if isinstance(found, str):
            st.info(md(found))
        else:
            _table(p, found, t("What changed since {since}").format(since=current))
    upload = st.file_uploader(
        t("Or compare with an earlier download of this page (its ZIP)"),
        type=["zip"],
        key="w_since_zip",
        help=t(
            "Each activity, hub, route leg and country of that download beside today's, under "
            "the filters it was made with: added, removed, or changed field by field."
        ),
    )
    if upload is not None:
        try:
            found, made = from_export(upload.getvalue(), p.data, p.lang)
        except ValueError as err:
            st.error(
                t("Could not compare with {file}: {why}").format(
                    file=md(upload.name), why=md(str(err))
                ),
                icon=":material/error:",
            )
            return
        _table(p, found, t("What changed since the download of {date}").format(date=made[:10]))


def _table(p: Page, found: list[Change], caption: str) -> None:
    t = p.t
    if not found:
        st.info(t("Nothing changed since then."))
        return
    rows = [
        {
            t("Table"): t(TABLE_TITLES.get(c.table, c.table)),
            t("How"): t(HOW[c.how]),
            t("Name"): c.title,
            t("Date"): c.date,
            t("Fields changed"): "; ".join(f"{f}: {a} → {b}" for f, a, b in c.fields),
            "id": c.id,
        }
        for c in found
    ]
    show_table(rows, caption)
