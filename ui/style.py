"""Page-wide CSS: phones, right-to-left for Arabic, and the presenter's clean, large look.

Only our own constant CSS and script go through ``st.html``; nothing from data does.
"""

from __future__ import annotations

import json

import streamlit as st

from geo.view.urlstate import ViewState

_RTL = """
[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stMainBlockContainer"] {
  direction: rtl; text-align: right;
}
[data-testid="stSidebar"] { right: 0; left: auto; }
/* Closed, Streamlit slides the sidebar off to the left: with the document right to left
   that lands it on the page, squeezed; not displayed, it neither shows nor takes the focus
   (hidden alone is not enough: Streamlit makes widget labels visible one by one). */
[data-testid="stSidebar"][data-collapsed="true"] { display: none; }
/* The map keeps Leaflet's own left-to-right controls; its popups and legend are RTL inside. */
iframe { direction: ltr; }
/* The timeline draws on a canvas, which takes the page's direction: right to left, Vega's
   right-aligned row labels ran into the plot, over the first dots. Its axes stay as drawn. */
[data-testid="stVegaLiteChart"] { direction: ltr; }
"""

_PRESENT = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stMainMenu"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem 1rem 2rem; max-width: 100%; }
[data-testid="stMain"] { font-size: 1.35rem; color: #000; background: #fff; }
[data-testid="stMain"] h1 { font-size: 2.4rem; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 1.9rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.35rem; line-height: 1.5; }
[data-testid="stMain"] button p { font-size: 1.3rem; font-weight: 600; }
/* Previous and Next carry their arrow already; Streamlit's key hint beside it read as a
   second arrow. The opening step says the arrow keys step too. */
.st-key-present_prev kbd, .st-key-present_next kbd { display: none; }
"""


# On a phone: a smaller title and the key figures three to a row, so the map comes sooner.
_PHONE = """
@media (max-width: 640px) {
  [data-testid="stMain"] h1 { font-size: 1.7rem; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) {
    flex-flow: row wrap; gap: 0.25rem 0.75rem;
  }
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {
    min-width: calc(33% - 0.75rem); flex: 1 1 calc(33% - 0.75rem);
  }
  [data-testid="stMetricValue"] { font-size: 1.6rem; }
}
"""


# The containers of :func:`document_language`'s script and of the sidebar's closer.
_HIDDEN = (
    '[class*="st-key-document_language_"], [class*="st-key-sidebar_closer_"] { display: none; }'
)

# Streamlit fades captions to 60% opacity: #828180 on white, 3.9:1, under WCAG's 4.5:1 for
# text (axe's color-contrast). Opaque, in this warm grey, they stay quieter than the text
# at 6.9:1 on white and 6.1:1 on the sidebar's #f0f2f6.
_CONTRAST = '[data-testid="stCaptionContainer"] { color: #5b5a58; opacity: 1; }'
# A code block wider than the page (the French citation) scrolled sideways, and a region
# that scrolls must take the keyboard's focus (axe's scrollable-region-focusable): wrapped,
# it never scrolls.
_WRAP = '[data-testid="stMain"] pre, [data-testid="stMain"] pre code { white-space: pre-wrap; }'

# The map on the first screen (at 1366x768, 60% of the overview's map): Streamlit's 6rem
# above the title is cut to 4rem, still clear of its header bar (3.75rem), and the title
# is a little smaller on a laptop.
_FIRST_SCREEN = """
[data-testid="stMainBlockContainer"] { padding-top: 4rem; }
[data-testid="stMain"] h1 { font-size: clamp(2rem, 2.4vw, 2.75rem); }
"""


# Under the page's h1 its sections are h2 (a screen reader lists a page by its headings, and
# no level may be skipped: WCAG 1.3.1), drawn as Streamlit draws an h3, as they were.
_SECTIONS = '[data-testid="stMain"] h2 { font-size: 1.75rem; padding: 0.75rem 0 1rem; }'


# Plain tables (ui.tables): every row shown and long text wrapped; sideways, the container
# scrolls when the table is wider than the page. The caption names the table for screen
# readers; on screen the heading above it says the same. Cells start at the page's start
# (the right in Arabic); each cell's text keeps its own direction (<bdi>).
_TABLES = """
.geo-table { overflow-x: auto; max-width: 100%; margin-bottom: 0.5rem; }
.geo-table:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.geo-table table { width: 100%; border-collapse: collapse; font-size: 0.875rem; line-height: 1.4; }
.geo-table caption {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap;
}
.geo-table th, .geo-table td {
  border: 1px solid #d5d8de; padding: 0.3rem 0.5rem; text-align: start; vertical-align: top;
  min-width: 5rem; max-width: 26rem; white-space: normal; overflow-wrap: anywhere;
}
.geo-table .geo-short { white-space: nowrap; min-width: 0; }
.geo-table .geo-long { min-width: 15rem; }
.geo-table th { background: #f0f2f6; font-weight: 600; }
.geo-table tbody tr:nth-child(even) { background: #fafbfc; }
.geo-table a { color: #0b57d0; }
"""

# The chosen feature's details beside the map (ui.mapview) grow with their text; their
# least height keeps the list below in place while short details come and go.
_DETAILS = '[class*="-details-panel"] { min-height: 300px; }'


def apply(view: ViewState, rtl: bool) -> None:
    """Inject the CSS the view needs: phone layout, right to left, presenter mode."""
    css = _HIDDEN + _CONTRAST + _WRAP + _FIRST_SCREEN + _SECTIONS + _TABLES + _DETAILS + _PHONE
    css += (_RTL if rtl else "") + (_PRESENT if view.present else "")
    st.html(f"<style>{css}</style>")


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
