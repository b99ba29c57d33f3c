"""Page-wide CSS (ui/css/): phones, right-to-left for Arabic, the presenter's clean, large look.

Only our own constant CSS and script go through ``st.html``; nothing from data does.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import streamlit as st

from geo.view.urlstate import ViewState
from ui.scripts import run_script

# The page's own CSS, in ui/css/ (each rule's reason beside it).
_CSS = Path(__file__).resolve().parent / "css"


@cache
def rules(name: str) -> str:
    """The rules of ui/css/``name``.css, read once: their comments stay in the file."""
    text = (_CSS / f"{name}.css").read_text(encoding="utf-8")
    return re.sub(r"/\*.*?\*/\s*", "", text, flags=re.S)


def css(name: str) -> str:
    """ui/css/``name``.css as a style element, for ``st.html``."""
    return f"<style>{rules(name)}</style>"


def apply(view: ViewState, rtl: bool) -> None:
    """Inject the CSS the view needs: phone layout, right to left, presenter mode."""
    names = ["page"] + (["rtl"] if rtl else []) + (["present"] if view.present else [])
    st.html(f"<style>{''.join(rules(name) for name in names)}</style>")


def document_language(lang: str, rtl: bool) -> None:
    """Declare the interface language and direction on the whole document (WCAG 3.1.1).

    Streamlit serves ``<html lang="en">`` whatever the app says; screen readers read the
    page in the voice of ``lang``. ``st.html`` runs the script in the page itself (no
    iframe) and again whenever the language changes; its container is hidden, so it
    takes no room.
    """
    # Every run shares the page's global scope: no top-level declaration, or the second
    # run would fail on it ("already declared").
    html = "document.documentElement"
    script = (
        f"<script>{html}.lang = {json.dumps(lang)};"
        f"{html}.dir = {json.dumps('rtl' if rtl else 'ltr')};</script>"
    )
    # A key per language: a new element, whose script runs, when the language changes.
    with st.container(key=f"document_language_{lang}"):
        st.html(script, unsafe_allow_javascript=True)


def markup_repairs() -> None:
    """Mend Streamlit's own markup in the page: ui/js/markup.js says what, and why."""
    run_script("markup", key="markup_repairs")
