"""Briefing exports of the current view: a PNG map and a one-page A4 PDF sheet.

Both are drawn with Matplotlib's object-oriented API: each call builds its own
:class:`matplotlib.figure.Figure` on its own Agg canvas and never touches ``pyplot``
or ``rcParams``, so a server can render several briefings at once.

The page is laid out in points from its top corner on the reading side (top left, or
top right for a right-to-left language); :class:`_Sheet` turns those into figure
coordinates, mirrors them for Arabic and routes every string through :func:`_shape`.
Matplotlib 3.11 shapes Arabic itself (libraqm is built into its wheels), so
:func:`_shape` only sets the right-to-left paragraph direction.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure

from geo.briefing.layout import _pdf_layout, _png_layout
from geo.briefing.sheet import (
    _PT,
    A4_LANDSCAPE_IN,
    CREDIT,
    Translate,
    _new_figure,
    _raster_measure,
    _Sheet,
)

__all__ = ["render_pdf", "render_png"]


def render_png(
    layers: Mapping[str, gpd.GeoDataFrame],
    basemap: gpd.GeoDataFrame,
    projects: pd.DataFrame,
    *,
    title: str,
    description: str,
    lang: str = "en",
    translate: Translate = lambda s: s,
    width: int = 1920,
    height: int = 1080,
) -> bytes:
    """Draw the layers the app shows as a PNG map image.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        ``coverage``, ``routes``, ``hubs`` and ``events``, already filtered; a missing
        name counts as empty. Events with no geometry are left off the map.
    basemap : GeoDataFrame
        Country polygons, e.g. :func:`geo.maps.display_basemap` of the dataset's basemap.
    projects : DataFrame
        The projects table; pass the whole table, as to :func:`geo.maps.build_map`, so
        that each project keeps its colour whatever the filters.
    title : str
        Heading of the image.
    description : str
        The filters in words, e.g. :meth:`geo.Filters.describe`.
    lang : str, optional
        ``en``, ``fr`` or ``ar``: names are taken in this language, and ``ar`` lays the
        image out right to left.
    translate : callable, optional
        Translates the fixed interface strings (legend, credit...).
    width, height : int, optional
        Size of the image in pixels; text scales with the image, in proportion
        to the square root of its area (1 at 1920 x 1080).

    Returns
    -------
    bytes
        A PNG image of exactly ``width`` x ``height`` pixels.
    """
    fig = _png_figure(layers, basemap, projects, title, description, lang, translate, width, height)
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=fig.dpi,
        metadata={"Title": title, "Description": description, "Source": CREDIT},
    )
    return buffer.getvalue()


def render_pdf(
    layers: Mapping[str, gpd.GeoDataFrame],
    basemap: gpd.GeoDataFrame,
    projects: pd.DataFrame,
    *,
    title: str,
    description: str,
    figures: Mapping,
    sources: Sequence[str],
    disclaimer: str,
    lang: str = "en",
    translate: Translate = lambda s: s,
) -> bytes:
    """Lay out a one-page A4 landscape briefing sheet as a PDF.

    The sheet holds the map (drawn as by :func:`render_png`), the filters in words, the
    key figures, the activities in date order, the sources and the disclaimer. What does
    not fit is counted in an "and N more" line; no text leaves the page.

    Parameters
    ----------
    layers, basemap, projects, title, description, lang, translate
        As for :func:`render_png`.
    figures : mapping
        :func:`geo.summary.key_figures` of the same layers and the selected projects:
        ``projects``, ``countries``, ``hubs``, ``events``, ``events_unplaced``,
        ``budgets`` (``{currency: amount}``) and, optionally, ``budget_unknown``.
    sources : sequence of str
        The documents the data shown comes from.
    disclaimer : str
        The boundary disclaimer, e.g. :data:`geo.export.DISCLAIMER`.

    Returns
    -------
    bytes
        A one-page PDF whose metadata title is ``title``.
    """
    fig = _pdf_figure(
        layers, basemap, projects, title, description, figures, sources, disclaimer, lang, translate
    )
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="pdf",
        metadata={"Title": title, "Subject": description, "Creator": "geo.briefing"},
    )
    return buffer.getvalue()


def _png_figure(
    layers, basemap, projects, title, description, lang, translate, width, height
) -> Figure:
    """The figure :func:`render_png` saves."""
    if width < 200 or height < 150:
        raise ValueError(f"image too small: {width}x{height} (at least 200x150 pixels)")
    # Type and symbols grow with the image (100 dpi at 1920 x 1080), but never so much
    # that the page gets narrower than 900 points or lower than 560 points.
    area = math.sqrt(width * height / (1920 * 1080))
    dpi = min(100.0 * area, _PT * width / 900, _PT * height / 560)
    # A quarter pixel more than asked, since Agg truncates the figure size to whole pixels.
    fig = _new_figure(((width + 0.25) / dpi, (height + 0.25) / dpi), dpi)
    sheet = _Sheet(fig, lang, translate, _raster_measure(fig))
    _png_layout(sheet, layers, basemap, projects, title, description)
    return fig


def _pdf_figure(
    layers, basemap, projects, title, description, figures, sources, disclaimer, lang, translate
) -> Figure:
    """The figure :func:`render_pdf` saves."""
    fig = _new_figure(A4_LANDSCAPE_IN, _PT)
    _pdf_layout(
        _Sheet(fig, lang, translate),
        layers,
        basemap,
        projects,
        title,
        description,
        figures,
        sources,
        disclaimer,
    )
    return fig
