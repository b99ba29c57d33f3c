"""A briefing's three files, made the same way by the app's buttons and the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import geopandas as gpd

from geo.i18n import format_day
from geo.render.cards import StepPage, briefing_title
from geo.render.deck import deck_pptx
from geo.render.handout import handout_pdf
from geo.render.slideshow import slideshow_html
from geo.view.selection import Selection

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
EXTENSIONS = ("html", "pptx", "pdf")


def briefing_file(
    sel: Selection,
    basemap: gpd.GeoDataFrame,
    pages: list[StepPage],
    ext: str,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> bytes:
    """The briefing of ``sel``'s view as ``ext``: html (slideshow), pptx (deck), pdf (handout).

    ``pages``: its steps (:func:`geo.render.cards.step_pages`); ``basemap`` as
    :func:`geo.render.basemap.display_basemap` makes it; ``progress(done, total)`` after
    each step of a deck or handout (a map image each).
    """
    if ext == "html":
        exported = format_day(dt.date.today(), sel.lang)
        return slideshow_html(sel, basemap, pages, exported).encode("utf-8")
    if ext == "pptx":
        return deck_pptx(sel, basemap, pages, briefing_title(sel), progress)
    if ext == "pdf":
        return handout_pdf(sel, basemap, pages, briefing_title(sel), progress)
    raise ValueError(f"a briefing is written as {', '.join(EXTENSIONS)}, not {ext}")
