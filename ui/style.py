"""Page-wide CSS: phones, right-to-left for Arabic, and the presenter's clean, large look.

Only our own constant CSS goes through ``st.html``; nothing from data does.
"""

from __future__ import annotations

import streamlit as st

from geo.view.urlstate import ViewState

_RTL = """
[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stMainBlockContainer"] {
  direction: rtl; text-align: right;
}
[data-testid="stSidebar"] { right: 0; left: auto; }
/* The map keeps Leaflet's own left-to-right controls; its popups and legend are RTL inside. */
iframe { direction: ltr; }
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


def apply(view: ViewState, rtl: bool) -> None:
    """Inject the CSS the view needs: phone layout, right to left, presenter mode."""
    css = _PHONE + (_RTL if rtl else "") + (_PRESENT if view.present else "")
    st.html(f"<style>{css}</style>")
