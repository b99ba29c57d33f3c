"""The page's own scripts, in ui/js/ (each one's reason at its head), read once a process.

``st.html`` runs them in the page itself, when the element holding them is first drawn.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import streamlit as st

_JS = Path(__file__).resolve().parent / "js"


@cache
def _element(name: str) -> str:
    script = (_JS / f"{name}.js").read_text(encoding="utf-8")
    # Streamlit's frontend sanitizes st.html with DOMPurify, which drops a whole element
    # whose text holds a "<" before a letter or "/" (its mutation-XSS guard): the script
    # would silently not run.
    if re.search(r"<[/\w!]", script):
        raise ValueError(f"ui/js/{name}.js holds '<' before a letter: write it otherwise")
    return f"<script>{script}</script>"


def run_script(name: str, key: str) -> None:
    """Run ui/js/``name``.js in the page, in a hidden container ``key`` (ui/css/page.css).

    The script runs when that container is new to the page: a key kept from run to run
    runs it once, a new key runs it again.
    """
    with st.container(key=key):
        st.html(_element(name), unsafe_allow_javascript=True)
