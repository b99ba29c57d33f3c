"""Text and page geometry of the briefing exports: shaping, wrapping, the sheet."""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D

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


def _arrow_marker(angle: float) -> MarkerStyle:
    return MarkerStyle(_ARROW, transform=Affine2D().rotate_deg(angle))


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
