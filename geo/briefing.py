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

import datetime as dt
import io
import itertools
import math
import textwrap
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.patheffects import withStroke
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D
from shapely.geometry.polygon import orient

from geo import dates, popups, style
from geo.export import DISCLAIMER
from geo.maps import DEFAULT_BOUNDS, coverage_by_country

Translate = Callable[[str], str]
_Measure = Callable[[str, float, bool], float]  # (text, size, bold) -> width in points

CREDIT = "Basemap: Natural Earth"
A4_LANDSCAPE_IN = (297 / 25.4, 210 / 25.4)
_PT = 72.0  # points per inch
_RLM = "\u200f"  # RIGHT-TO-LEFT MARK: makes the paragraph direction right-to-left
_RTL = ("ar",)

_INK, _MUTED, _RULE, _ACCENT = "#1f2933", "#52606d", "#cbd2d9", "#1d3557"
_ZEBRA, _HEAD_FILL = "#f3f5f7", "#e4e7eb"
_COVERAGE_EDGE, _WHITE = "#41704a", "#ffffff"
_GRID = "#7b8794"
_INDICATIVE = (0, (4.0, 3.0))
_ARROW = Path([(-1.0, -0.85), (1.0, 0.0), (-1.0, 0.85), (-0.45, 0.0), (-1.0, -0.85)], closed=True)
_NICE_STEPS = (1, 2, 5, 10, 15, 20, 30, 45)
_TEXT_PATH = TextToPath()


# --------------------------------------------------------------------------- public API


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


# --------------------------------------------------------------------------- text and page


def _shape(text: str, lang: str) -> str:
    """Prepare ``text`` for drawing in ``lang``: every string drawn goes through here.

    Matplotlib 3.11 shapes and reorders Arabic by itself (libraqm); what it cannot know
    is the paragraph direction, which it takes from the first strong letter. In a
    right-to-left language a leading RLM makes any text holding right-to-left letters
    read right to left ("XAMT14 مشروع" starts at the right); text with none, such as a
    number or an untranslated English label, stays left to right.

    >>> _shape("Kufra", "ar"), _shape("الكفرة", "en"), _shape("XAMT14 مشروع", "ar")[0]
    ('Kufra', 'الكفرة', '\u200f')
    """
    text = "" if text is None else str(text)
    if lang in _RTL and any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return _RLM + text
    return text


@lru_cache(maxsize=8)
def _font(size: float, bold: bool = False) -> FontProperties:
    return FontProperties(family="DejaVu Sans", size=size, weight="bold" if bold else "normal")


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of ``text`` in points, as the PDF backend lays it out."""
    if not text:
        return 0.0
    width, _, _ = _TEXT_PATH.get_text_width_height_descent(text, _font(size, bold), ismath=False)
    return width


def _wrap(
    text: str, width_pt: float, size: float, bold: bool = False, measure: _Measure = _text_width
) -> list[str]:
    """``text`` wrapped into lines no wider than ``width_pt`` (a word too long is cut).

    >>> _wrap("one two three", 40, 10)
    ['one', 'two', 'three']
    """
    text = " ".join(str(text).split())
    if not text:
        return [""]
    chars = max(1, int(width_pt / (0.5 * size)))
    while True:
        lines = textwrap.wrap(text, chars, break_on_hyphens=False)
        if chars == 1 or all(measure(line, size, bold) <= width_pt for line in lines):
            return lines
        chars -= max(1, chars // 12)


def _fit(
    text: str, width_pt: float, size: float, bold: bool = False, measure: _Measure = _text_width
) -> str:
    """``text`` on one line, cut short with an ellipsis when wider than ``width_pt``."""
    text = " ".join(str(text).split())
    if measure(text, size, bold) <= width_pt:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if measure(text[:mid].rstrip() + "…", size, bold) <= width_pt:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def _raster_measure(fig: Figure) -> _Measure:
    """Text width in points as this figure's Agg canvas draws it (hinting included)."""
    renderer = fig.canvas.get_renderer()
    to_points = _PT / fig.dpi

    def measure(text: str, size: float, bold: bool = False) -> float:
        if not text:
            return 0.0
        width, _, _ = renderer.get_text_width_height_descent(text, _font(size, bold), False)
        return width * to_points

    return measure


def _new_figure(size_in: tuple[float, float], dpi: float) -> Figure:
    fig = Figure(figsize=size_in, dpi=dpi, facecolor=_WHITE)
    FigureCanvasAgg(fig)
    return fig


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Sheet:
    """A figure laid out in points from the top corner where reading starts.

    ``x`` grows in reading direction (to the left for Arabic) and ``y`` grows down;
    ``align`` is ``start``, ``end`` or ``center`` in reading direction.
    """

    def __init__(
        self, fig: Figure, lang: str, translate: Translate, measure: _Measure = _text_width
    ):
        self.fig, self.lang, self.translate, self.measure = fig, lang, translate, measure
        self.rtl = lang in _RTL
        self.width, self.height = (v * _PT for v in fig.get_size_inches())

    def width_of(self, text: str, size: float, bold: bool = False) -> float:
        """Width of one line of ``text`` in points, as this sheet draws it."""
        return self.measure(text, size, bold)

    def wrap(self, text: str, width: float, size: float, bold: bool = False, most: int = 99):
        """``text`` in lines no wider than ``width``, at most ``most`` (the last cut short)."""
        return _wrap_lines(text, width, size, most, bold, self.measure)

    def fit(self, text: str, width: float, size: float, bold: bool = False) -> str:
        """``text`` on one line no wider than ``width``, cut short with "…" if need be."""
        return _fit(text, width, size, bold, self.measure)

    def t(self, text: str) -> str:
        """An interface string, translated."""
        return self.translate(text)

    def fx(self, x: float) -> float:
        """Figure fraction of the reading-side offset ``x`` (points)."""
        return 1 - x / self.width if self.rtl else x / self.width

    def fy(self, y: float) -> float:
        """Figure fraction of the offset ``y`` (points) from the top."""
        return 1 - y / self.height

    def ha(self, align: str) -> str:
        """Matplotlib's horizontal alignment for ``align`` in reading direction."""
        if align == "center":
            return "center"
        return "right" if (align == "start") == self.rtl else "left"

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        italic: bool = False,
        color: str = _INK,
        align: str = "start",
        va: str = "top",
    ):
        """Draw one line of text at (``x``, ``y``) points."""
        return self.fig.text(
            self.fx(x),
            self.fy(y),
            _shape(text, self.lang),
            fontproperties=_font(size, bold),
            fontstyle="italic" if italic else "normal",
            color=color,
            ha=self.ha(align),
            va=va,
            parse_math=False,
            language=self.lang if self.rtl else None,
        )

    def lines(self, x, y, lines: Sequence[str], size: float, leading: float, **kw) -> float:
        """Draw ``lines`` one under another; return the ``y`` below the last one."""
        for line in lines:
            self.text(x, y, line, size, **kw)
            y += leading
        return y

    def rect(self, x: float, y: float, w: float, h: float, **kw) -> None:
        """A rectangle whose top reading-side corner is at (``x``, ``y``) points."""
        left = self.width - x - w if self.rtl else x
        self.fig.add_artist(
            Rectangle(
                (left / self.width, 1 - (y + h) / self.height),
                w / self.width,
                h / self.height,
                transform=self.fig.transFigure,
                **kw,
            )
        )

    def rule(self, x: float, y: float, w: float, color: str = _RULE, lw: float = 0.8) -> None:
        """A horizontal line ``w`` points long."""
        self.fig.add_artist(
            Line2D(
                [self.fx(x), self.fx(x + w)],
                [self.fy(y)] * 2,
                transform=self.fig.transFigure,
                color=color,
                lw=lw,
            )
        )

    def symbol(self, x: float, y: float, kind: str, colour: str, size: float) -> None:
        """A legend symbol ``size`` points wide centred at (``x + size / 2``, ``y``)."""
        cx = x + size / 2
        if kind == "swatch":
            self.rect(
                x,
                y - size * 0.35,
                size,
                size * 0.7,
                facecolor=colour,
                edgecolor=_COVERAGE_EDGE,
                lw=0.6,
            )
            return
        if kind in ("line", "dashed"):
            xs = [self.fx(x), self.fx(x + size)]
            ls = _INDICATIVE if kind == "dashed" else "-"
            self.fig.add_artist(
                Line2D(
                    xs,
                    [self.fy(y)] * 2,
                    transform=self.fig.transFigure,
                    color=colour,
                    lw=size / 10,
                    ls=ls,
                )
            )
            return
        marker: str | MarkerStyle = "o"
        if kind == "arrow":
            marker = _arrow_marker(180.0 if self.rtl else 0.0)
        self.fig.add_artist(
            Line2D(
                [self.fx(cx)],
                [self.fy(y)],
                transform=self.fig.transFigure,
                marker=marker,
                markersize=size * 0.5,
                markerfacecolor=colour,
                markeredgecolor=_WHITE,
                markeredgewidth=0.8,
                ls="none",
            )
        )

    def axes(self, x: float, y: float, w: float, h: float) -> Axes:
        """Axes filling the box whose top reading-side corner is at (``x``, ``y``)."""
        left = self.width - x - w if self.rtl else x
        return self.fig.add_axes(
            (left / self.width, 1 - (y + h) / self.height, w / self.width, h / self.height)
        )

    def box_of(self, ax: Axes) -> tuple[float, float, float, float]:
        """Where ``ax`` ended up, as (``x``, ``y``, ``w``, ``h``) in sheet points."""
        ax.apply_aspect()
        pos = ax.get_position()
        w, h = pos.width * self.width, pos.height * self.height
        x = (1 - pos.x1) * self.width if self.rtl else pos.x0 * self.width
        return x, (1 - pos.y1) * self.height, w, h


# --------------------------------------------------------------------------- the map


@dataclass(frozen=True)
class _MapLook:
    """Sizes of the map symbols (points), scaled for the PNG or the PDF."""

    scale: float = 1.0

    @property
    def line(self) -> float:
        """Width of a route."""
        return 2.4 * self.scale

    @property
    def arrow(self) -> float:
        """Size of a direction arrow."""
        return 11.0 * self.scale

    @property
    def hub(self) -> float:
        """Diameter of a hub."""
        return 13.0 * self.scale

    @property
    def event(self) -> float:
        """Diameter of an activity."""
        return 11.0 * self.scale

    @property
    def label(self) -> float:
        """Size of a hub label."""
        return 12.5 * self.scale

    @property
    def ticks(self) -> float:
        """Size of the graticule labels."""
        return 10.0 * self.scale


def _placed(gdf: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    """The features of ``gdf`` that have a geometry, or ``None`` when there are none."""
    if gdf is None or gdf.empty:
        return None
    kept = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    return None if kept.empty else kept


def _shown(layers: Mapping[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    """The layers with something to draw, in drawing order."""
    out = {}
    for name in ("coverage", "routes", "hubs", "events"):
        placed = _placed(layers.get(name))
        if placed is not None:
            out[name] = placed
    return out


def _extent(
    shown: Mapping[str, gpd.GeoDataFrame], basemap: gpd.GeoDataFrame, box_ratio: float
) -> tuple[tuple[float, float, float, float], float]:
    """The lon/lat window to show and its aspect (``1 / cos`` of the mean latitude).

    The window holds every feature with a margin, grown to the shape of the map box but
    not past the basemap (the box shrinks instead).
    """
    if shown:
        minx, miny, maxx, maxy = pd.concat([g.geometry for g in shown.values()]).total_bounds
    else:
        (miny, minx), (maxy, maxx) = DEFAULT_BOUNDS
    pad_x = max((maxx - minx) * 0.06, 1.5)
    pad_y = max((maxy - miny) * 0.08, 1.5)
    if basemap is not None and not basemap.empty:
        lx0, ly0, lx1, ly1 = basemap.total_bounds
    else:
        lx0, ly0, lx1, ly1 = -180.0, -85.0, 180.0, 85.0
    # Never past the basemap, unless a feature lies outside it.
    lx0, lx1 = min(lx0, minx), max(lx1, maxx)
    ly0, ly1 = max(min(ly0, miny), -85.0), min(max(ly1, maxy), 85.0)
    minx, maxx = max(minx - pad_x, lx0), min(maxx + pad_x, lx1)
    miny, maxy = max(miny - pad_y, ly0), min(maxy + pad_y, ly1)
    for _ in range(2):  # the aspect depends on the latitudes shown: settle it twice
        aspect = 1 / math.cos(math.radians((miny + maxy) / 2))
        span_x, span_y = maxx - minx, (maxy - miny) * aspect
        if span_x / span_y < box_ratio:
            minx, maxx = _grow(minx, maxx, span_y * box_ratio, lx0, lx1)
        else:
            miny, maxy = _grow(miny, maxy, span_x / box_ratio / aspect, ly0, ly1)
    aspect = 1 / math.cos(math.radians((miny + maxy) / 2))
    return (minx, maxx, miny, maxy), aspect


def _grow(low: float, high: float, span: float, limit_low: float, limit_high: float):
    """Widen ``[low, high]`` to ``span`` around its centre, kept within the limits.

    >>> _grow(0, 10, 20, -100, 100), _grow(0, 10, 20, -2, 100), _grow(0, 10, 50, -5, 15)
    ((-5.0, 15.0), (-2, 18), (-5, 15))
    """
    if span >= limit_high - limit_low:
        return limit_low, limit_high
    centre = (low + high) / 2
    low, high = centre - span / 2, centre + span / 2
    if low < limit_low:
        return limit_low, limit_low + span
    if high > limit_high:
        return limit_high - span, limit_high
    return low, high


def _polygon_paths(geometries) -> list[Path]:
    """One compound path per (multi)polygon, holes wound the other way round."""
    paths = []
    for geom in geometries:
        rings = []
        for polygon in getattr(geom, "geoms", [geom]):
            if polygon.geom_type != "Polygon" or polygon.is_empty:
                continue
            polygon = orient(polygon, 1.0)
            rings.append(Path(np.asarray(polygon.exterior.coords)[:, :2], closed=True))
            rings += [Path(np.asarray(r.coords)[:, :2], closed=True) for r in polygon.interiors]
        if rings:
            paths.append(Path.make_compound_path(*rings))
    return paths


def _line_parts(geom) -> list[np.ndarray]:
    return [np.asarray(part.coords)[:, :2] for part in getattr(geom, "geoms", [geom])]


def _arrow_marker(angle: float) -> MarkerStyle:
    return MarkerStyle(_ARROW, transform=Affine2D().rotate_deg(angle))


def _leg_middle(geom, aspect: float) -> tuple[float, float, float]:
    """Middle of the longest part of a leg and the screen angle of travel there."""
    longest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.length)
    at = longest.length / 2
    back = longest.interpolate(max(0.0, at - 1e-3 * max(longest.length, 1e-9)))
    ahead = longest.interpolate(min(longest.length, at + 1e-3 * max(longest.length, 1e-9)))
    mid = longest.interpolate(at)
    angle = math.degrees(math.atan2((ahead.y - back.y) * aspect, ahead.x - back.x))
    return mid.x, mid.y, angle


def _nice(value: float, steps: Sequence[float] = (1, 2, 5)) -> float:
    """The largest 1, 2 or 5 times a power of ten not above ``value``.

    >>> _nice(730), _nice(0.3)
    (500, 0.2)
    """
    exponent = math.floor(math.log10(value))
    best = steps[0] * 10**exponent
    for step in steps:
        if step * 10**exponent <= value:
            best = step * 10**exponent
    return round(best, 10) if best < 1 else int(best)


def _degrees(value: float, axis: str) -> str:
    """A graticule label: ``20°E``, ``15°N``, ``0°``.

    >>> _degrees(-10, "x"), _degrees(30, "y"), _degrees(0, "x")
    ('10°W', '30°N', '0°')
    """
    if abs(value) < 1e-9:
        return "0°"
    hemisphere = ("E", "W") if axis == "x" else ("N", "S")
    return f"{abs(value):g}°{hemisphere[0] if value > 0 else hemisphere[1]}"


def _graticule(ax: Axes, sheet: _Sheet, window, look: _MapLook) -> None:
    minx, maxx, miny, maxy = window
    step = next((s for s in _NICE_STEPS if (maxx - minx) / s <= 9), 60)
    xs = np.arange(math.ceil(minx / step) * step, maxx + 1e-9, step)
    ys = np.arange(math.ceil(miny / step) * step, maxy + 1e-9, step)
    ax.set_xticks(xs, [_shape(_degrees(v, "x"), sheet.lang) for v in xs])
    ax.set_yticks(ys, [_shape(_degrees(v, "y"), sheet.lang) for v in ys])
    ax.tick_params(labelsize=look.ticks, colors=_MUTED, length=0, pad=3)
    if sheet.rtl:
        ax.yaxis.tick_right()
    ax.set_axisbelow("line")
    ax.grid(True, color=_GRID, lw=0.5 * max(look.scale, 0.6), alpha=0.45)
    for spine in ax.spines.values():
        spine.set(color=_MUTED, lw=0.8)


def _scale_bar(ax: Axes, sheet: _Sheet, window, look: _MapLook) -> None:
    """A bar of a round number of km, true at the mean latitude, in the lower corner."""
    minx, maxx, miny, maxy = window
    mid_lat = (miny + maxy) / 2
    km_per_degree = 111.32 * math.cos(math.radians(mid_lat))
    km = _nice((maxx - minx) * km_per_degree * 0.18)
    length = km / km_per_degree
    x0 = minx + (maxx - minx) * 0.03 if not sheet.rtl else maxx - (maxx - minx) * 0.03 - length
    y0 = miny + (maxy - miny) * 0.05
    ax.add_patch(
        Rectangle(
            (x0 - length * 0.08, y0 - (maxy - miny) * 0.025),
            length * 1.16,
            (maxy - miny) * 0.085,
            facecolor=_WHITE,
            alpha=0.8,
            edgecolor="none",
            zorder=6,
        )
    )
    ax.plot(
        [x0, x0 + length],
        [y0, y0],
        color=_INK,
        lw=2.2 * look.scale,
        solid_capstyle="butt",
        zorder=7,
    )
    for x in (x0, x0 + length):
        ax.plot([x, x], [y0, y0 + (maxy - miny) * 0.012], color=_INK, lw=1.2 * look.scale, zorder=7)
    ax.text(
        x0 + length / 2,
        y0 + (maxy - miny) * 0.018,
        _shape(f"{km:,} km", sheet.lang),
        ha="center",
        va="bottom",
        fontproperties=_font(look.ticks),
        color=_INK,
        zorder=7,
        parse_math=False,
    )


def _draw_basemap(ax: Axes, basemap: gpd.GeoDataFrame, look: _MapLook) -> None:
    if basemap is None or basemap.empty:
        return
    ax.add_collection(
        PathCollection(
            _polygon_paths(basemap.geometry),
            facecolors=style.BASEMAP_FILL,
            edgecolors=style.BASEMAP_LINE,
            linewidths=0.6 * max(look.scale, 0.7),
            zorder=1,
        ),
        autolim=False,
    )


def _draw_coverage(ax: Axes, coverage: gpd.GeoDataFrame, names: Mapping[str, str], look) -> None:
    countries = coverage_by_country(coverage, names)
    ax.add_collection(
        PathCollection(
            _polygon_paths(countries.geometry),
            facecolors=[style.coverage_colour(int(n)) for n in countries["n_projects"]],
            edgecolors=_COVERAGE_EDGE,
            linewidths=0.8 * max(look.scale, 0.7),
            alpha=0.85,
            zorder=1.2,
        ),
        autolim=False,
    )


def _draw_routes(ax: Axes, routes: gpd.GeoDataFrame, aspect: float, look: _MapLook) -> None:
    for dashed in (False, True):
        legs = routes[(routes["confidence"] == "indicative") == dashed]
        segments, colours = [], []
        for geom, mode in zip(legs.geometry, legs["mode"], strict=True):
            parts = _line_parts(geom)
            segments += parts
            colours += [style.MODE_COLOURS.get(mode, _INK)] * len(parts)
        if segments:
            ax.add_collection(
                LineCollection(
                    segments,
                    colors=colours,
                    linewidths=look.line,
                    linestyles=_INDICATIVE if dashed else "solid",
                    capstyle="round",
                    joinstyle="round",
                    alpha=0.9,
                    zorder=2,
                ),
                autolim=False,
            )
    for geom, mode in zip(routes.geometry, routes["mode"], strict=True):
        x, y, angle = _leg_middle(geom, aspect)
        ax.plot(
            [x],
            [y],
            marker=_arrow_marker(angle),
            markersize=look.arrow,
            ls="none",
            markerfacecolor=style.MODE_COLOURS.get(mode, _INK),
            markeredgecolor=_WHITE,
            markeredgewidth=0.7 * look.scale,
            zorder=2.5,
        )


def _draw_events(ax: Axes, events: gpd.GeoDataFrame, colours: Mapping[str, str], look) -> None:
    """One dot per place and project colour, with the count when several share it."""
    groups: dict[tuple[float, float, str], int] = {}
    for geom, ids in zip(events.geometry, events["project_ids"], strict=True):
        colour = colours.get(ids[0], "#444444") if ids else "#444444"
        for point in getattr(geom, "geoms", [geom]):
            key = (round(point.x, 3), round(point.y, 3), colour)
            groups[key] = groups.get(key, 0) + 1
    for (x, y, colour), count in sorted(groups.items(), key=lambda item: item[1]):
        size = look.event * (1.6 if count > 1 else 1.0)
        ax.scatter(
            [x], [y], s=size**2, c=colour, edgecolors=_WHITE, linewidths=1.1 * look.scale, zorder=3
        )
        if count > 1:
            ax.text(
                x,
                y,
                str(count),
                ha="center",
                va="center",
                color=_WHITE,
                zorder=3.1,
                fontproperties=_font(look.event * 0.85, True),
                parse_math=False,
            )


# Label positions around a point: (dx, dy) in radii, horizontal and vertical alignment.
_LABEL_SPOTS = {
    "E": (1.0, 0.0, "left", "center"),
    "W": (-1.0, 0.0, "right", "center"),
    "NE": (0.75, 0.75, "left", "bottom"),
    "NW": (-0.75, 0.75, "right", "bottom"),
    "SE": (0.75, -0.75, "left", "top"),
    "SW": (-0.75, -0.75, "right", "top"),
    "N": (0.0, 1.0, "center", "bottom"),
    "S": (0.0, -1.0, "center", "top"),
}


def _label_box(x, y, w, h, dx, dy, ha, va):
    """Bounds (x0, y0, x1, y1) of a ``w`` x ``h`` label anchored at (x + dx, y + dy)."""
    x0 = {"left": 0.0, "center": -w / 2, "right": -w}[ha] + x + dx
    y0 = {"bottom": 0.0, "center": -h / 2, "top": -h}[va] + y + dy
    return x0, y0, x0 + w, y0 + h


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_labels(points, sizes, radius, frame, order):
    """A free spot for each label, greedily, among ``_LABEL_SPOTS`` in ``order``.

    ``points`` are label anchors in points, ``sizes`` the (w, h) of each label,
    ``frame`` the bounds labels must stay within. Points themselves are obstacles.
    """
    taken = [(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    chosen = []
    for (x, y), (w, h) in zip(points, sizes, strict=True):
        best = order[0]
        for spot in order:
            dx, dy, ha, va = _LABEL_SPOTS[spot]
            box = _label_box(x, y, w, h, dx * radius, dy * radius, ha, va)
            inside = frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1]
            if inside and box[3] <= frame[3] and not any(_overlaps(box, o) for o in taken):
                best = spot
                break
        dx, dy, ha, va = _LABEL_SPOTS[best]
        taken.append(_label_box(x, y, w, h, dx * radius, dy * radius, ha, va))
        chosen.append(best)
    return chosen


def _draw_hubs(ax: Axes, hubs: gpd.GeoDataFrame, sheet: _Sheet, look: _MapLook) -> None:
    xs, ys = hubs.geometry.x.to_numpy(), hubs.geometry.y.to_numpy()
    ax.scatter(
        xs,
        ys,
        s=look.hub**2,
        c=style.HUB_COLOUR,
        edgecolors=_WHITE,
        linewidths=1.6 * look.scale,
        zorder=4,
    )
    labels = [popups.localized(row, "name", sheet.lang) for row in hubs.to_dict("records")]
    ax.apply_aspect()
    to_points = 72.0 / sheet.fig.dpi
    anchors = [tuple(p * to_points) for p in ax.transData.transform(np.column_stack([xs, ys]))]
    frame = tuple(v * to_points for v in ax.get_window_extent().extents)
    size = look.label
    sizes = [(sheet.width_of(label, size, True) + 4, size * 1.25) for label in labels]
    radius = look.hub * 0.75
    order = ["W", "E", "NW", "NE", "SW", "SE", "N", "S"] if sheet.rtl else list(_LABEL_SPOTS)
    for x, y, label, spot in zip(
        xs, ys, labels, _place_labels(anchors, sizes, radius, frame, order), strict=True
    ):
        dx, dy, ha, va = _LABEL_SPOTS[spot]
        ax.annotate(
            _shape(label, sheet.lang),
            (x, y),
            xytext=(dx * radius, dy * radius),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontproperties=_font(size, True),
            color=_INK,
            zorder=5,
            parse_math=False,
            language=sheet.lang if sheet.rtl else None,
            path_effects=[withStroke(linewidth=3 * look.scale, foreground=_WHITE)],
        )


def _draw_map(
    sheet: _Sheet,
    box: tuple[float, float, float, float],
    layers: Mapping[str, gpd.GeoDataFrame],
    basemap: gpd.GeoDataFrame,
    projects: pd.DataFrame,
    look: _MapLook,
    anchor: str = "C",
) -> tuple[float, float, float, float]:
    """The map in ``box`` (sheet points), shrunk to its shape; returns the box it takes."""
    x, y, w, h = box
    ax = sheet.axes(x, y, w, h)
    shown = _shown(layers)
    window, aspect = _extent(shown, basemap, w / h)
    ax.set_facecolor(style.SEA)
    ax.set_xlim(window[0], window[1])
    ax.set_ylim(window[2], window[3])
    ax.set_aspect(aspect, adjustable="box", anchor=anchor)
    names = dict(zip(projects["id"], projects["short_name"], strict=True))
    colours = style.project_colours(list(projects["id"]))
    _draw_basemap(ax, basemap, look)
    if "coverage" in shown:
        _draw_coverage(ax, shown["coverage"], names, look)
    if "routes" in shown:
        _draw_routes(ax, shown["routes"], aspect, look)
    if "events" in shown:
        _draw_events(ax, shown["events"], colours, look)
    if "hubs" in shown:
        _draw_hubs(ax, shown["hubs"], sheet, look)
    _graticule(ax, sheet, window, look)
    _scale_bar(ax, sheet, window, look)
    if not shown:
        if any(len(g) for g in layers.values()):
            nothing = sheet.t("Nothing to map: no place is stated")
        else:
            nothing = sheet.t("Nothing matches these filters")
        size = 22 * look.scale
        lines = sheet.wrap(nothing, sheet.box_of(ax)[2] * 0.8, size, True, most=3)
        ax.text(
            0.5,
            0.5,
            "\n".join(_shape(line, sheet.lang) for line in lines),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=_INK,
            fontproperties=_font(size, True),
            parse_math=False,
            language=sheet.lang if sheet.rtl else None,
            zorder=8,
            bbox={"boxstyle": "round,pad=0.6", "facecolor": _WHITE, "edgecolor": _RULE},
        )
    return sheet.box_of(ax)


# --------------------------------------------------------------------------- the legend


def _legend_sections(
    layers: Mapping[str, gpd.GeoDataFrame], projects: pd.DataFrame, t: Translate
) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Legend sections as (heading, [(symbol kind, colour, label)]) for the layers shown."""
    shown = _shown(layers)
    sections = []
    if "coverage" in shown:
        items = []
        for n, colour in enumerate(style.COVERAGE_COLOURS, start=1):
            label = f"{n}+" if n == len(style.COVERAGE_COLOURS) else str(n)
            items.append(("swatch", colour, label))
        sections.append((t("Active projects in the country"), items))
    if "routes" in shown:
        modes = set(shown["routes"]["mode"])
        items = [("line", c, _capital(t(m))) for m, c in style.MODE_COLOURS.items() if m in modes]
        if (shown["routes"]["confidence"] == "indicative").any():
            items.append(("dashed", _MUTED, _capital(t("indicative"))))
        items.append(("arrow", _MUTED, t("Direction of travel")))
        sections.append((t("Smuggling routes"), items))
    if "hubs" in shown:
        sections.append((t("Key hub cities"), [("dot", style.HUB_COLOUR, t("Key hub city"))]))
    if "events" in shown:
        colours = style.project_colours(list(projects["id"]))
        used = {ids[0] for ids in shown["events"]["project_ids"] if ids}
        items = [
            ("dot", colours[row.id], str(row.short_name))
            for row in projects.itertuples()
            if row.id in used
        ]
        sections.append((t("Activities, by project"), items))
    return sections


def _section_height(items, size: float) -> float:
    return size * (1.25 + 1.55 * len(items) + 0.7)


def _partition(heights: Sequence[float], columns: int) -> list[list[int]]:
    """Split sections of ``heights``, in order, into columns of the least tallest height.

    >>> _partition([6.6, 9.7, 3.5, 5.05], 2)
    [[0, 1], [2, 3]]
    """
    n = len(heights)
    best: list[list[int]] = [list(range(n))]
    best_height = sum(heights)
    for k in range(1, min(columns, n)):
        for cuts in itertools.combinations(range(1, n), k):
            bounds = (0, *cuts, n)
            groups = [list(range(a, b)) for a, b in itertools.pairwise(bounds)]
            tallest = max(sum(heights[i] for i in g) for g in groups)
            if tallest < best_height - 1e-9:
                best, best_height = groups, tallest
    return best


def _legend_height(sections, size: float, columns: int = 1) -> float:
    """Height in points of the legend drawn by :func:`_draw_legend`."""
    heights = [_section_height(items, size) for _, items in sections]
    return max((sum(heights[i] for i in g) for g in _partition(heights, columns)), default=0.0)


def _draw_legend(
    sheet: _Sheet, x: float, y: float, w: float, sections, size: float, columns: int = 1
) -> float:
    """Draw the sections in ``columns`` from (``x``, ``y``); return the ``y`` below them."""
    lead = size * 1.55
    col_w = w / columns
    heights = [_section_height(items, size) for _, items in sections]
    bottom = y
    for column, group in enumerate(_partition(heights, columns)):
        cx, cy = x + column * col_w, y
        for heading, items in (sections[i] for i in group):
            sheet.text(cx, cy, sheet.fit(heading, col_w - 6, size, True), size, bold=True)
            cy += size * 1.25
            for kind, colour, label in items:
                centre = cy + lead / 2
                sheet.symbol(cx, centre, kind, colour, size * 2.0)
                sheet.text(
                    cx + size * 2.6,
                    centre,
                    sheet.fit(label, col_w - size * 3.0, size),
                    size,
                    va="center_baseline",
                )
                cy += lead
            cy += size * 0.7
        bottom = max(bottom, cy)
    return bottom


# --------------------------------------------------------------------------- the PNG


def _png_layout(sheet: _Sheet, layers, basemap, projects, title: str, description: str) -> None:
    """Header, map, legend (beside the map, or under it on a tall image) and footer."""
    m = 22.0
    W, H = sheet.width, sheet.height
    t = sheet.t
    sheet.rect(0, 0, W, 6, facecolor=_ACCENT, lw=0)
    y = sheet.lines(
        m, m, sheet.wrap(title, W - 2 * m, 26, True, most=2), 26, 32, bold=True, color=_ACCENT
    )
    y = sheet.lines(m, y + 2, sheet.wrap(description, W - 2 * m, 15, most=2), 15, 20, color=_MUTED)
    sheet.rule(m, y + 6, W - 2 * m)
    top = y + 20
    disclaimer = sheet.wrap(t(DISCLAIMER), W - 2 * m, 9.5, most=2)
    footer = H - m - 16 - 12 * len(disclaimer)
    sheet.rule(m, footer - 8, W - 2 * m)
    date = dt.date.today().isoformat()
    credit = f"{t('Basemap: Natural Earth')} · {t('Exported {date}').format(date=date)}"
    sheet.text(m, footer, credit, 11)
    sheet.lines(m, footer + 16, disclaimer, 9.5, 12, italic=True, color=_MUTED)
    sections = _legend_sections(layers, projects, t)
    unplaced = _count_unplaced(layers)
    note = t("{n} activities without a stated place are not mapped").format(n=unplaced)
    bottom = footer - 22
    if W >= 1.25 * H:  # wide: the legend in a panel beside the map
        panel = 250.0
        box = (m + 34, top, W - 2 * m - panel - 34 - 24, bottom - top - 16)
        _, my, _, _ = _draw_map(sheet, box, layers, basemap, projects, _MapLook(1.0))
        lx, lw, columns = W - m - panel, panel, 1
    else:  # tall: the legend in columns under the map
        lx, lw, columns = m, W - 2 * m, 3 if W > 700 else 2
        room = _legend_height(sections, 11, columns) + (11 * 2.4 if sections else 0) + 50
        box = (m + 34, top, W - 2 * m - 34, bottom - top - 16 - room)
        _, map_y, _, map_h = _draw_map(sheet, box, layers, basemap, projects, _MapLook(1.0), "N")
        my = map_y + map_h + 26
    size = 12.0
    while size > 8 and my + size * 2.4 + _legend_height(sections, size, columns) > bottom - 30:
        size -= 0.5
    y = my
    if sections:
        sheet.text(lx, my, t("Legend"), size * 1.25, bold=True, color=_ACCENT)
        y = _draw_legend(sheet, lx, my + size * 2.4, lw, sections, size, columns)
    if unplaced:
        sheet.lines(
            lx,
            y,
            sheet.wrap(note, lw, size * 0.9, most=3),
            size * 0.9,
            size * 1.25,
            color=_MUTED,
            italic=True,
        )


def _count_unplaced(layers: Mapping[str, gpd.GeoDataFrame]) -> int:
    events = layers.get("events")
    if events is None or events.empty:
        return 0
    return int((events.geometry.isna() | events.geometry.is_empty).sum())


# --------------------------------------------------------------------------- the PDF


def _pdf_layout(
    sheet: _Sheet, layers, basemap, projects, title, description, figures, sources, disclaimer
) -> None:
    m = 28.0
    W, H = sheet.width, sheet.height
    t = sheet.t
    sheet.rect(0, 0, W, 5, facecolor=_ACCENT, lw=0)
    date_text = t("Exported {date}").format(date=dt.date.today().isoformat())
    date_w = sheet.width_of(date_text, 8.5) + 12
    y = sheet.lines(
        m,
        m - 4,
        sheet.wrap(title, W - 2 * m - date_w, 18, True, most=2),
        18,
        22,
        bold=True,
        color=_ACCENT,
    )
    sheet.text(W - m, m, date_text, 8.5, color=_MUTED, align="end")
    filters = f"{t('Filters')}: {description}"
    y = sheet.lines(
        m, y + 1, sheet.wrap(filters, W - 2 * m, 10.5, most=2), 10.5, 13.5, color=_MUTED
    )
    sheet.rule(m, y + 3, W - 2 * m)
    top = y + 12

    # Footer, from the bottom up: the disclaimer, then the sources.
    disclaimer_lines = sheet.wrap(disclaimer, W - 2 * m, 7.5, most=3)
    disclaimer_y = H - m - 9.5 * len(disclaimer_lines) + 4
    sheet.lines(m, disclaimer_y, disclaimer_lines, 7.5, 9.5, italic=True, color=_MUTED)
    source_rows = 4
    sources_top = disclaimer_y - 8 - 12 - source_rows * 9.0
    sheet.rule(m, sources_top - 6, W - 2 * m)
    _draw_sources(sheet, m, sources_top, W - 2 * m, list(sources), source_rows)
    body_bottom = sources_top - 9

    # Left: key figures, the map and its legend. Right: the activities.
    gap = 20.0
    left_w = (W - 2 * m - gap) * 0.47
    right_x, right_w = m + left_w + gap, W - 2 * m - left_w - gap
    y = _draw_figures(sheet, m, top, left_w, figures) + 8
    sections = _legend_sections(layers, projects, t)
    legend_size = 7.5
    legend_h = _legend_height(sections, legend_size, columns=2)
    box = (m + 24, y, left_w - 24, body_bottom - y - legend_h - 16)
    _, my, _, mh = _draw_map(sheet, box, layers, basemap, projects, _MapLook(0.55), "N")
    sheet.text(m + left_w, my + mh + 10, t("Basemap: Natural Earth"), 7, color=_MUTED, align="end")
    if sections:
        _draw_legend(sheet, m, my + mh + 12, left_w - 70, sections, legend_size, columns=2)
    _draw_events_table(sheet, right_x, top, right_w, body_bottom, layers.get("events"), projects)


def _draw_figures(sheet: _Sheet, x: float, y: float, w: float, figures: Mapping) -> float:
    """Key-figure tiles and the budgets line; return the ``y`` below them."""
    t = sheet.t
    tiles = [
        (figures.get("projects", 0), t("Projects")),
        (figures.get("countries", 0), t("Countries covered")),
        (figures.get("hubs", 0), t("Key hub cities")),
        (figures.get("events", 0), t("Activities")),
    ]
    tile_w = (w - 3 * 6) / 4
    for i, (value, label) in enumerate(tiles):
        tx = x + i * (tile_w + 6)
        sheet.rect(tx, y, tile_w, 40, facecolor=_ZEBRA, edgecolor="none")
        sheet.rect(tx, y, 3, 40, facecolor=_ACCENT, edgecolor="none")
        sheet.text(tx + 9, y + 4, f"{value:,}", 17, bold=True, color=_ACCENT)
        sheet.text(tx + 9, y + 26, sheet.fit(label, tile_w - 12, 7.5), 7.5, color=_MUTED)
    y += 48
    budgets = figures.get("budgets") or {}
    money = "; ".join(f"{cur} {amount:,.0f}" for cur, amount in sorted(budgets.items()))
    line = f"{t('Budgets')}: {money or t('none stated')}"
    unknown = figures.get("budget_unknown") or 0
    if unknown:
        line += " " + t("({n} project(s) state no budget)").format(n=unknown)
    y = sheet.lines(x, y, sheet.wrap(line, w, 8, most=2), 8, 10.5)
    unplaced = figures.get("events_unplaced") or 0
    if unplaced:
        note = t("Activities without a stated place: {n} (listed, not mapped)").format(n=unplaced)
        y = sheet.lines(x, y, sheet.wrap(note, w, 8, most=2), 8, 10.5, color=_MUTED)
    return y


def _sort_key(row: Mapping) -> tuple:
    try:
        return dates.first_day(row["start_date"]), dates.last_day(row["end_date"]), row["id"]
    except (TypeError, ValueError):
        return dt.date.max, dt.date.max, str(row.get("id"))


def _event_rows(events, projects: pd.DataFrame, lang: str, t: Translate) -> list[list[str]]:
    """Date, title, place and projects of every event, in date order."""
    if events is None or events.empty:
        return []
    names = dict(zip(projects["id"], projects["short_name"], strict=True))
    rows = sorted(events.drop(columns=events.geometry.name).to_dict("records"), key=_sort_key)
    return [
        [
            popups.date_range(r.get("start_date"), r.get("end_date")),
            popups.localized(r, "name", lang),
            popups.localized(r, "place", lang) or t("not stated"),
            ", ".join(names.get(p, p) for p in (r.get("project_ids") or [])),
        ]
        for r in rows
    ]


def _column_widths(
    rows: list[list[str]], w: float, size: float, pad: float, measure: _Measure
) -> list[float]:
    """Widths of the date, activity, place and projects columns of the events table.

    Date, place and projects get what their longest word group needs (a date range
    breaks after its dash, a project list after each comma), within a cap; the
    activity title takes the rest.
    """

    def need(parts, cap):
        widest = max((measure(p, size, False) for p in parts), default=0.0)
        return min(widest + 2 * pad, cap * w)

    date = need([p for r in rows for p in r[0].replace(" – ", " –\n").split("\n")], 0.2)
    place = need([r[2] for r in rows], 0.16)
    projects = need([p for r in rows for p in r[3].replace(", ", ",\n").split("\n")], 0.3)
    return [date, w - date - place - projects, place, projects]


def _wrap_lines(
    text: str,
    width: float,
    size: float,
    most: int,
    bold: bool = False,
    measure: _Measure = _text_width,
) -> list[str]:
    """``text`` wrapped to ``width`` in at most ``most`` lines, the last cut with "…".

    >>> _wrap_lines("one two three four", 45, 10, 2)
    ['one two', 'three f…']
    """
    lines = _wrap(text, width, size, bold, measure)
    if len(lines) <= most:
        return lines
    return lines[: most - 1] + [_fit(" ".join(lines[most - 1 :]), width, size, bold, measure)]


def _draw_events_table(
    sheet: _Sheet, x: float, y: float, w: float, bottom: float, events, projects: pd.DataFrame
) -> None:
    """The activities in date order down to ``bottom``, then an "and N more" row."""
    t = sheet.t
    size, lead, pad, inset = 7.0, 8.3, 1.75, 3.0
    sheet.text(x, y, t("Activities, in date order"), 10, bold=True, color=_ACCENT)
    y += 15
    rows = _event_rows(events, projects, sheet.lang, t)
    if not rows:
        sheet.text(x, y, t("No activity matches these filters."), 8.5, color=_MUTED)
        return
    widths = _column_widths(rows, w, size, inset, sheet.measure)
    starts = [x + sum(widths[:i]) for i in range(len(widths))]
    sheet.rect(x, y, w, lead + 2 * pad, facecolor=_HEAD_FILL, edgecolor="none")
    headings = (t("Date"), t("Activity"), t("Place"), t("Projects"))
    for name, cx, cw in zip(headings, starts, widths, strict=True):
        sheet.text(
            cx + inset, y + pad, sheet.fit(name, cw - 2 * inset, size, True), size, bold=True
        )
    y += lead + 2 * pad
    wrapped = [
        [
            sheet.wrap(cell, cw - 2 * inset, size, most=3)
            for cell, cw in zip(row, widths, strict=True)
        ]
        for row in rows
    ]
    more_h = lead + 2 * pad
    for i, cells in enumerate(wrapped):
        height = max(len(c) for c in cells) * lead + 2 * pad
        last = i == len(wrapped) - 1
        if y + height > bottom - (0 if last else more_h):
            more = t("and {n} more").format(n=len(wrapped) - i)
            sheet.text(x + inset, y + pad, more, size, italic=True, color=_MUTED)
            return
        if i % 2:
            sheet.rect(x, y, w, height, facecolor=_ZEBRA, edgecolor="none")
        for lines, cx in zip(cells, starts, strict=True):
            sheet.lines(cx + inset, y + pad, lines, size, lead)
        y += height
    sheet.rule(x, y, w)


def _draw_sources(
    sheet: _Sheet, x: float, y: float, w: float, sources: list[str], rows: int
) -> None:
    """The sources in two columns of ``rows`` lines; what does not fit is counted."""
    t = sheet.t
    size = 7.0
    sheet.text(x, y, t("Sources"), 8.5, bold=True, color=_ACCENT)
    y += 11
    capacity = rows * 2
    shown = sources if len(sources) <= capacity else sources[: capacity - 1]
    col_w = (w - 14) / 2
    entries = [(sheet.fit(f"• {s}", col_w, size), False) for s in shown]
    if len(shown) < len(sources):
        entries.append((t("and {n} more").format(n=len(sources) - len(shown)), True))
    if not entries:
        entries = [(t("None stated"), True)]
    for i, (entry, aside) in enumerate(entries):
        column, row = divmod(i, rows)
        sheet.text(
            x + column * (col_w + 14),
            y + row * 9.0,
            entry,
            size,
            italic=aside,
            color=_MUTED if aside else _INK,
        )
