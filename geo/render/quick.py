"""The quick map: the overview's map file, shown by the front before Streamlit's page loads.

On a slow link (1 Mbit/s, 300 ms) Streamlit's own frontend is about 600 KB before its page
can ask the server for a map: the overview's map came at 13.5 s (docs/performance.md). So
the front's page for ``/`` (scripts/front_assets.py, deploy/quick.js) first shows the
overview's map file in the reader's language: the same map, popups and sources as the
dashboard's, about 80 KB gzipped, with the map's scripts (74 KB) linked as the live map
links them, so the dashboard's map then takes them from the cache. The dashboard loads
behind it and takes its place once its own map is drawn.

The app writes the files (ui/quickmap.py) with ``python -m geo map --view lang=xx --served``,
for the data it serves; this module names them and holds what the front's page says.
"""

from __future__ import annotations

from geo.i18n import LANGUAGES, N_, translator

# What the front's page says while the dashboard loads behind the quick map, and after.
STATUS = {
    "frame": N_("Overview map"),
    "opening": N_("Loading the map…"),
    "loading": N_("The map is ready. The filters and the other pages are loading…"),
    "ready": N_("The dashboard, with its filters, is ready."),
    "show": N_("Show the dashboard"),
}


def file_name(lang: str) -> str:
    """The quick map's file for ``lang``, in the app's static folder's ``quick/``.

    >>> file_name("ar")
    'overview.ar.html'
    """
    return f"overview.{lang}.html"


def status_texts() -> dict[str, dict[str, str]]:
    """:data:`STATUS` in every language, for the front's page."""
    return {lang: {k: translator(lang)(v) for k, v in STATUS.items()} for lang in LANGUAGES}
