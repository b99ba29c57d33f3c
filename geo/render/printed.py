"""Printed exports of a view: a PNG map image and an A4 landscape PDF sheet.

Both are drawn with Matplotlib's object-oriented API: every call builds its own
:class:`~matplotlib.figure.Figure` on its own Agg canvas and never touches ``pyplot`` or
``rcParams``, so a server can draw several at once. GeoPandas draws the map in Web
Mercator with the live map's colours, legend (:func:`geo.render.legend.legend_sections`)
and direction rule (:func:`geo.render.legend.leg_arrow`); the title and footer are set in
points and Matplotlib's constrained layout places the rest between them. Matplotlib 3.11
shapes Arabic itself (libraqm): :func:`bidi` only sets the paragraph direction, and
right-to-left pages are mirrored.

Every text is drawn as it is written: names and titles come from the data, and Matplotlib
reads a text holding two ``$`` as mathtext (``GLO.ACT $x_{y$`` raised and nothing was
exported) or, under ``text.usetex``, hands it to TeX. Each text is made with
``parse_math=False`` and ``usetex=False`` (:data:`PLAIN`: :meth:`_Page.kw`, and the
legend's texts, which :meth:`~matplotlib.axes.Axes.legend` makes itself), so the dollars
are printed; tests/render/test_printed_plain_text.py checks every text of both exports.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
import unicodedata

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.patheffects import withStroke
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from geo.data.io import has_place, placed
from geo.i18n import (
    DISCLAIMER,
    format_budgets,
    format_day,
    format_number,
    is_rtl,
    localized,
)
from geo.layers import SHOWN
from geo.layers.spec import PRINTED, shown_in
from geo.render import style
from geo.render.described import value
from geo.render.framing import DEFAULT_BOUNDS, frame_of, place_name
from geo.render.labels import FEW_ROUTE_NAMES
from geo.render.legend import MUTED, LegendItem, leg_arrow, legend_sections
from geo.render.maps import coverage_by_country
from geo.render.printed_insets import PLAIN, add_insets
from geo.view.scene import Scene
from geo.view.search import leg_end_places
from geo.view.selection import Selection
from geo.view.steps import Step

__all__ = ["bidi", "render_pdf", "render_png"]

MERCATOR = "EPSG:3857"
FONT = "DejaVu Sans"
A4 = (297 / 25.4, 210 / 25.4)  # landscape, in inches
INK, ACCENT, RULE, WHITE, COVERAGE_EDGE = "#1f2933", "#1d3557", "#cbd2d9", "#ffffff", "#41704a"
RLM = "\u200f"  # RIGHT-TO-LEFT MARK: starts a right-to-left paragraph
# The live map draws routes 3 pixels wide; Matplotlib counts dashes in line widths.
DASH = (0, tuple(float(v) / 3 for v in style.INDICATIVE_DASH.split()))
CHEVRON = Path([(-1, -0.9), (1, 0), (-1, 0.9), (-0.45, 0), (-1, -0.9)], closed=True)
# Where a hub's label may go, in the order tried: (dx, dy) in hub radii.
LABEL_SPOTS = ((1.3, 0), (-1.3, 0), (1, 1), (-1, 1), (1, -1), (-1, -1), (0, 1.3), (0, -1.3))
HUB_LABEL = "hub-label"  # the gid of the hubs' labels
MAX_PLACE_LABELS = 8  # more places than this are named on the live map once zoomed in


def bidi(text: str, lang: str) -> str:
    """``text`` ready to draw in ``lang``: each line holding Arabic letters reads right to left.

    Matplotlib shapes Arabic but takes a line's direction from its first strong letter;
    in a right-to-left language a leading RLM makes "XAMT14 مشروع" start at the right. A
    line of Arabic digits or signs only (Babel's "3٪") is an Arabic line too.

    >>> bidi("Kufra", "ar"), bidi("الكفرة", "en"), bidi("XAMT14 مشروع", "ar")[0]
    ('Kufra', 'الكفرة', '\u200f')
    >>> bidi("3٪", "ar")[0]
    '\u200f'
    """
    if not is_rtl(lang):
        return text
    return "\n".join(RLM + line if _arabic(line) else line for line in text.split("\n"))


def _arabic(line: str) -> bool:
    """Whether ``line`` holds a right-to-left letter or a sign of the Arabic script."""
    return any(
        unicodedata.bidirectional(c) in ("R", "AL") or "\u0600" <= c <= "\u06ff" for c in line
    )


def wrap_lines(text: str, width_pt: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``width_pt`` at ``size`` points (a safe estimate)."""
    return textwrap.wrap(" ".join(str(text).split()), max(8, int(width_pt / (0.6 * size)))) or [""]


class _Page:
    """One figure and what its texts share: language, reading side, margin (points)."""

    def __init__(self, sel: Selection, size_in, dpi: float, margin: float, layout=None):
        self.fig = Figure(figsize=size_in, dpi=dpi, facecolor=WHITE, layout=layout)
        FigureCanvasAgg(self.fig)
        self.sel, self.t, self.lang, self.rtl = sel, sel.t, sel.lang, is_rtl(sel.lang)
        self.start = "right" if self.rtl else "left"
        self.width, self.height = (v * 72 for v in self.fig.get_size_inches())
        self.margin, self.measure = margin, self.width - 2 * margin
        self.step: Step | None = None  # a presenter's step: the map is framed on it

    def kw(self, size: float, **kw) -> dict:
        """Text properties: the font, ``size``, the language; plain text (:data:`PLAIN`)."""
        lang = {"language": self.lang} if self.rtl else {}
        return {"fontfamily": FONT, "fontsize": size, **PLAIN, **lang, **kw}

    def x(self, x: float = 0.0) -> float:
        """Figure fraction of ``x`` points from the margin on the reading side."""
        return 1 - (self.margin + x) / self.width if self.rtl else (self.margin + x) / self.width

    def text(self, x: float, y: float, text: str, size: float, **kw) -> Text:
        """``text`` at ``x`` points from the reading-side margin and ``y`` from the top."""
        kw = self.kw(size, **{"ha": self.start, "va": "top", **kw})
        return self.fig.text(self.x(x), 1 - y / self.height, bidi(text, self.lang), **kw)

    def block(self, lines: list[str], size: float) -> str:
        """``lines`` wrapped to the page's measure, as one string (empty lines left out)."""
        return "\n".join(w for line in lines if line for w in wrap_lines(line, self.measure, size))

    def points(self, text: Text) -> float:
        """The height of ``text`` in points."""
        return text.get_window_extent(self.fig.canvas.get_renderer()).height * 72 / self.fig.dpi

    def header(self, title: str, size: float, caption: str = "") -> float:
        """The title, and ``caption`` under it, at the top; return the ``y`` (points) below."""
        y = self.margin / 2
        kw = self.kw(size, ha=self.start, va="top", weight="bold", color=ACCENT)
        title = bidi(self.block([title], size), self.lang)
        y += self.points(self.fig.suptitle(title, x=self.x(), y=1 - y / self.height, **kw))
        if caption:
            y, small = y + size * 0.3, size * 0.6
            y += self.points(self.text(0, y, self.block([caption], small), small, color=MUTED))
        return y

    def footer(self, lines: list[str], size: float) -> float:
        """Notes, credit and disclaimer at the foot; return their height (points) and margin."""
        y = self.margin / 2
        kw = self.kw(size, ha=self.start, va="bottom", color=MUTED)
        text = bidi(self.block(lines, size), self.lang)
        return y + self.points(self.fig.supxlabel(text, x=self.x(), y=y / self.height, **kw))

    def body(self, top: float, bottom: float) -> None:
        """Let the layout place the axes between ``top`` and ``bottom`` points from the edges."""
        w, h = self.margin / self.width, (top + bottom + 18) / self.height
        rect = (w, (bottom + 10) / self.height, 1 - 2 * w, 1 - h)
        self.fig.get_layout_engine().set(rect=rect, w_pad=0, h_pad=3 / 72, hspace=0, wspace=0)

    def credit(self, page: str = "") -> str:
        """The credit line: basemap, export date and the page."""
        date = format_day(dt.date.today(), self.lang)
        parts = [self.t("Basemap: Natural Earth"), self.t("Exported {date}").format(date=date)]
        return " · ".join([*parts, page] if page else parts)


# --------------------------------------------------------------------------- the map


def _draw_map(page: _Page, ax: Axes, basemap: gpd.GeoDataFrame, scale: float) -> tuple:
    """Draw the selection's layers over ``basemap`` on ``ax``; return :func:`_frame`'s bounds."""
    sel, t = page.sel, page.t
    ax.set(facecolor=style.SEA, xticks=[], yticks=[], anchor="N")
    ax.spines[:].set(color=MUTED, lw=0.6)
    base = basemap.to_crs(MERCATOR)
    base.plot(ax=ax, color=style.BASEMAP_FILL, edgecolor=style.BASEMAP_LINE, lw=0.5 * scale)
    drawn: list[gpd.GeoSeries] = []
    coverage = coverage_by_country(sel.layer("coverage"), sel.project_names).to_crs(MERCATOR)
    if len(coverage):
        colours = [style.coverage_colour(int(n)) for n in coverage["n_projects"]]
        coverage.plot(ax=ax, color=colours, edgecolor=COVERAGE_EDGE, lw=0.7 * scale)
        drawn.append(coverage.geometry)
    routes = sel.layer("routes")
    routes = routes[has_place(routes)]
    if len(routes):
        legs = routes.to_crs(MERCATOR)
        for dashed, part in legs.groupby(legs["confidence"] == "indicative"):
            colours = [style.MODE_COLOURS.get(m, INK) for m in part["mode"]]
            dashes = DASH if dashed else "-"
            part.plot(ax=ax, color=colours, lw=2.4 * scale, linestyle=dashes, zorder=3)
        arrows = [leg_arrow(g) for g in routes.geometry]
        at = gpd.GeoSeries.from_xy(*np.array(arrows)[:, :2].T, crs=4326).to_crs(MERCATOR)
        look = {"ms": 10 * scale, "mec": WHITE, "mew": 0.6 * scale, "zorder": 4}
        for point, (_, _, angle), mode in zip(at, arrows, routes["mode"], strict=True):
            chevron = MarkerStyle(CHEVRON).rotated(deg=angle)
            ax.plot(point.x, point.y, marker=chevron, mfc=style.MODE_COLOURS.get(mode, INK), **look)
        drawn.append(legs.geometry)
    ring = {"edgecolor": WHITE, "lw": 1.2 * scale}
    hubs = placed(sel.layer("hubs")).to_crs(MERCATOR)
    if len(hubs):  # under the activities, but larger: an activity in a hub sits in its ring
        hubs.plot(ax=ax, color=style.HUB_COLOUR, markersize=(16 * scale) ** 2, zorder=5, **ring)
        drawn.append(hubs.geometry)
    events = placed(sel.layer("events")).to_crs(MERCATOR)
    if len(events):  # one dot per place and project colour, with the count if several
        colours = style.project_colours(list(sel.all_projects["id"]))
        firsts = [colours.get(ids[0], INK) if len(ids) else INK for ids in events["project_ids"]]
        xy = {"x": events.geometry.x.round(), "y": events.geometry.y.round(), "colour": firsts}
        dots = (
            pd.DataFrame(xy)
            .groupby(["x", "y"], as_index=False)
            .agg(colour=("colour", "first"), count=("colour", "size"))
        )
        dots = dots.sort_values("count")  # busiest on top
        # Several activities at one place: one dark disc with their count, as on the live map.
        dots.loc[dots["count"] > 1, "colour"] = style.CLUSTER_COLOUR
        dots = gpd.GeoDataFrame(dots, geometry=gpd.points_from_xy(dots.x, dots.y), crs=MERCATOR)
        sizes = np.where(dots["count"] > 1, 11.0, 8.0) * scale
        dots.plot(ax=ax, color=list(dots["colour"]), markersize=sizes**2, zorder=6, **ring)
        look = page.kw(6.5 * scale, weight="bold", color=WHITE, zorder=7)
        for x, y, n in dots.loc[dots["count"] > 1, ["x", "y", "count"]].itertuples(index=False):
            ax.text(x, y, str(n), ha="center", va="center_baseline", **look)
        drawn.append(events.geometry)
    if not drawn:
        if sel.figures.events:
            nothing = t("Nothing to map: no place is stated")
        else:
            nothing = t("Nothing matches these filters")
        look = page.kw(13 * scale, ha="center", va="center", color=INK, zorder=8)
        box = {"facecolor": WHITE, "edgecolor": RULE, "pad": 8}
        ax.text(0.5, 0.5, bidi(nothing, page.lang), transform=ax.transAxes, bbox=box, **look)
    ax.set(xlabel="", ylabel="")
    step = page.step
    if step is not None and step.placed:
        return _mark_step(page, ax, step, base, scale)
    if drawn:  # framed as the live map opens: far places in insets (add_insets)
        (s, w), (n, e) = frame_of(sel).home
        drawn = [gpd.GeoSeries.from_xy([w, e], [s, n], crs=4326).to_crs(MERCATOR)]
    return _frame(ax, drawn, base)


# Metres either side of a step's activity (Web Mercator): about the live map at zoom 6.
STEP_HALF_WIDTH, STEP_HALF_HEIGHT = 1.4e6, 0.6e6


def _mark_step(page: _Page, ax: Axes, step: Step, base: gpd.GeoDataFrame, scale: float) -> tuple:
    """A ring around each of the step's places, the map framed around them all.

    The place is named once, above the northernmost.
    """
    lats, lons = zip(*(step.points or ((step.lat, step.lon),)), strict=True)
    at = gpd.GeoSeries.from_xy(lons, lats, crs=4326).to_crs(MERCATOR)
    ring = {"ms": 34 * scale, "mfc": "none", "mec": "#b3261e", "mew": 3.5 * scale, "zorder": 9}
    ax.plot(at.x, at.y, marker="o", linestyle="none", **ring)
    top = at.iloc[int(at.y.to_numpy().argmax())]
    name = bidi(step.place or step.title, page.lang)
    look = page.kw(15 * scale, weight="bold", color=WHITE, ha="center", va="bottom", zorder=10)
    box = {"boxstyle": "round,pad=0.3", "facecolor": INK, "edgecolor": "none"}
    ax.annotate(
        name, (top.x, top.y), xytext=(0, 22 * scale), textcoords="offset points", bbox=box, **look
    )
    dx, dy = STEP_HALF_WIDTH, STEP_HALF_HEIGHT
    (w, s, e, n) = at.total_bounds
    corners = gpd.GeoSeries.from_xy([w - dx, e + dx], [s - dy, n + dy])
    return _frame(ax, [corners.set_crs(MERCATOR)], base)


def _frame(ax: Axes, drawn: list[gpd.GeoSeries], base: gpd.GeoDataFrame) -> tuple:
    """Frame ``ax`` on the features drawn, with a margin; return the bounds not to pass.

    Those are the basemap's, widened to any feature lying outside it.
    """
    if drawn:
        x0, y0, x1, y1 = pd.concat(drawn).total_bounds
    else:
        (s, w), (n, e) = DEFAULT_BOUNDS
        corners = gpd.GeoSeries.from_xy([w, e], [s, n], crs=4326).to_crs(MERCATOR)
        x0, y0, x1, y1 = corners.total_bounds
    pad = 0.05 * max(x1 - x0, y1 - y0, 5e5)
    bx0, by0, bx1, by1 = base.total_bounds if len(base) else (x0, y0, x1, y1)
    limits = (min(bx0, x0), min(by0, y0), max(bx1, x1), max(by1, y1))
    ax.set_xlim(max(x0 - pad, limits[0]), min(x1 + pad, limits[2]))
    ax.set_ylim(max(y0 - pad, limits[1]), min(y1 + pad, limits[3]))
    ax.set_aspect("equal")
    return limits


def _settle(fig: Figure, ax: Axes, limits: tuple) -> None:
    """Lay the figure out, growing the map's frame to its box, then freeze the layout.

    The frame grows to the shape of the box the layout gives the map (twice, since the
    legend under it moves with it); where it would pass ``limits`` it is cut and the box
    shrinks instead. Frozen, the layout no longer moves: hub labels can then be placed.
    """
    # Each pass grows the frame as first set, not the last pass's: a passing odd shape
    # of the box must not leave the map wider or taller than asked.
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for _ in range(2):
        fig.get_layout_engine().execute(fig)
        box = ax.get_position(original=True).transformed(fig.transFigure)
        ratio = box.width / box.height
        width = max(x1 - x0, (y1 - y0) * ratio)
        for (low, high), span, lo, hi, setter in (
            ((x0, x1), width, limits[0], limits[2], ax.set_xlim),
            ((y0, y1), width / ratio, limits[1], limits[3], ax.set_ylim),
        ):
            middle = min(max((low + high) / 2, lo + span / 2), hi - span / 2)
            setter(max(middle - span / 2, lo), min(middle + span / 2, hi))
    ax.apply_aspect()
    fig.set_layout_engine("none")


def _label_hubs(page: _Page, ax: Axes, size: float, radius: float) -> None:
    """Name each hub, then each place of an activity, in the first free spot around it.

    A spot is free when the label stays inside the map and overlaps neither a hub nor a
    label placed before; a hub's name keeps its first spot when none is, a place's name
    is left out. Places are named when the map holds :data:`MAX_PLACE_LABELS` or fewer, as
    the live map names them (a map with a few activities and no hub would name nothing).
    Call once the layout is settled. Hub labels (not their halos) have the gid
    :data:`HUB_LABEL`.
    """
    hubs = placed(page.sel.layer("hubs")).to_crs(MERCATOR)
    r = radius * page.fig.dpi / 72
    points = np.column_stack([hubs.geometry.x, hubs.geometry.y])
    centres = ax.transData.transform(points)
    taken = [Bbox.from_extents(x - r, y - r, x + r, y + r) for x, y in centres]
    names = [localized(row, "name", page.lang) for row in hubs.to_dict("records")]
    for point, name in zip(points, names, strict=True):
        _place_label(page, ax, (point, name), (size, radius, True), taken)
    places = _places(page, ax, set(names))
    if len(places) <= MAX_PLACE_LABELS:
        for spot in places:
            _place_label(page, ax, spot, (size * 0.85, radius * 0.8, False), taken)
    if len(names) + len(places) < FEW_ROUTE_NAMES:
        # As the live map: a map naming next to nothing names its route legs' ends.
        for spot in _route_ends(page, ax, {*names, *(name for _, name in places)}):
            _place_label(page, ax, spot, (size * 0.85, radius * 0.5, False), taken)


def _places(page: _Page, ax: Axes, named: set[str]) -> list[tuple[np.ndarray, str]]:
    """Each distinct place of an activity inside the map's frame, with its name."""
    events = page.sel.layer("events")
    events = events[has_place(events) & (events.geometry.geom_type == "Point")]
    if events.empty:
        return []
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    merc = events.to_crs(MERCATOR).geometry
    out, seen = [], set(named)
    for row, point in zip(events.to_dict("records"), merc, strict=True):
        name = place_name(row, page.sel)
        if name and name not in seen and x0 <= point.x <= x1 and y0 <= point.y <= y1:
            seen.add(name)
            out.append((np.array([point.x, point.y]), name))
    return out


def _route_ends(page: _Page, ax: Axes, named: set[str]) -> list[tuple[np.ndarray, str]]:
    """Each distinct end of the route legs inside the map's frame, with its name."""
    ends = leg_end_places(page.sel.layer("routes"), page.lang)
    if not ends:
        return []
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    merc = gpd.GeoSeries.from_xy([e[1] for e in ends], [e[2] for e in ends], crs=4326)
    out = []
    for (name, _, _), point in zip(ends, merc.to_crs(MERCATOR), strict=True):
        if name not in named and x0 <= point.x <= x1 and y0 <= point.y <= y1:
            out.append((np.array([point.x, point.y]), name))
    return out


def _place_label(page: _Page, ax: Axes, spot: tuple, kind: tuple, taken: list) -> None:
    """Label ``spot`` (point, name) as ``kind`` says (size, symbol radius, hub or not)."""
    (point, name), (size, radius, hub) = spot, kind
    renderer = page.fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    look = page.kw(size, weight="bold" if hub else "normal", zorder=8, xytext=(0, 0))
    # DejaVu Sans's oblique has no Arabic letters: places are italic in the other languages.
    look.update(textcoords="offset points", style="normal" if hub or page.rtl else "italic")
    text = bidi(name, page.lang)
    label = ax.annotate(text, point, color=INK, gid=HUB_LABEL if hub else None, **look)
    found = False
    for dx, dy in (*LABEL_SPOTS, LABEL_SPOTS[0]):
        label.xyann = (dx * radius, dy * radius)
        label.set_horizontalalignment(("center", "left", "right")[int(np.sign(dx))])
        label.set_verticalalignment(("center_baseline", "bottom", "top")[int(np.sign(dy))])
        box = label.get_window_extent(renderer).padded(1.5)
        inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
        if inside and not any(box.overlaps(b) for b in taken):
            found = True
            break
    if not found and not hub:
        label.remove()
        return
    taken.append(label.get_window_extent(renderer))
    # The halo is a copy underneath: path effects turn text into outlines, and the
    # label itself stays text that a PDF reader can find.
    halo = [withStroke(linewidth=size / 3, foreground=WHITE)]
    under = {**look, "xytext": label.xyann, "zorder": 7.9, "path_effects": halo}
    ax.annotate(text, point, color=WHITE, ha=label.get_ha(), va=label.get_va(), **under)


def _insets(page: _Page, ax: Axes, basemap: gpd.GeoDataFrame, size: float) -> None:
    """The far places in insets, as on the live map; a step's map is framed on the step."""
    if page.step is not None and page.step.placed:
        return
    look = page.kw(size, weight="bold", color=INK)
    look["path_effects"] = [withStroke(linewidth=size / 3, foreground=WHITE)]
    add_insets(ax, page.sel, basemap, look, lambda text: bidi(text, page.lang))


def _handle(item: LegendItem | None, size: float, rtl: bool):
    """The legend symbol of ``item``; nothing for a heading or a gap."""
    if item is None:
        return Line2D([], [], ls="none")
    if item.kind == "swatch":
        return Patch(facecolor=item.colour, edgecolor=COVERAGE_EDGE, lw=0.6)
    if item.kind in ("line", "dashed"):
        dashes = DASH if item.kind == "dashed" else "-"
        return Line2D([], [], color=item.colour, lw=size / 4, ls=dashes)
    marker = MarkerStyle(CHEVRON).rotated(deg=180 if rtl else 0) if item.kind == "arrow" else "o"
    if item.kind == "cluster":
        return Line2D([], [], ls="none", marker="o", ms=size * 1.1, mfc=item.colour, mec=WHITE)
    return Line2D([], [], ls="none", marker=marker, ms=size * 0.85, mfc=item.colour, mec=WHITE)


def _legend(page: _Page, ax: Axes, size: float) -> None:
    """The live map's legend under the map: its sections in columns, in reading order."""
    sections = legend_sections(page.sel)
    if not sections:
        return
    per = math.ceil(len(sections) / (4 if page.width > 90 * size else 2))
    columns = []  # (item or None for a heading or gap, label)
    for i in range(0, len(sections), per):
        column = []
        for section in sections[i : i + per]:
            column += [(None, ""), (None, section.heading)]
            column += [(item, item.label) for item in section.items]
        columns.append(column[1:])
    rows = max(map(len, columns))
    ordered = columns[::-1] if page.rtl else columns
    entries = [entry for c in ordered for entry in c + [(None, "")] * (rows - len(c))]
    legend = ax.legend(
        [_handle(item, size, page.rtl) for item, _ in entries],
        [bidi(label, page.lang) for _, label in entries],
        title=bidi(page.t("Legend"), page.lang),
        alignment=page.start,
        ncols=len(columns),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        markerfirst=not page.rtl,
        frameon=False,
        borderaxespad=0,
        columnspacing=3,
        handlelength=2.4,
        labelspacing=0.35,
        prop={"family": FONT, "size": size},
        title_fontproperties={"family": FONT, "size": size * 1.2, "weight": "bold"},
    )
    # The legend makes its texts itself, with the defaults: project names and headings
    # come from the data, so they are set plain here, before anything measures them.
    language = page.lang if page.rtl else None
    legend.get_title().set(color=ACCENT, language=language, **PLAIN)
    for (item, _), text in zip(entries, legend.get_texts(), strict=True):
        text.set(language=language, weight="bold" if item is None else None, **PLAIN)


# --------------------------------------------------------------------------- the PNG


def render_png(
    sel: Selection,
    basemap: gpd.GeoDataFrame,
    scene: Scene = Scene(),
    size: tuple[int, int] = (1920, 1080),
) -> bytes:
    """Draw the map of ``sel`` as a PNG image with its title, filters, legend and credits.

    Parameters
    ----------
    sel : Selection
        The view: its layers, filters in words, language and translations.
    basemap : GeoDataFrame
        Country polygons, :func:`geo.render.basemap.display_basemap` of the dataset's basemap.
    scene : Scene, optional
        What the map shows (:mod:`geo.view.scene`): its title heads the image, and a
        presenter's step frames the map on its activity, marked and named.
    size : tuple of int, optional
        Width and height in pixels, at least 200 x 150. Text scales with the image.

    Returns
    -------
    bytes
        A PNG image of exactly ``size`` pixels, with ``Title`` and ``Description`` metadata.
    """
    fig = _png_figure(sel, basemap, scene.title, size, scene.step)
    buffer = io.BytesIO()
    metadata = {"Title": scene.title, "Description": sel.caption}
    fig.savefig(buffer, format="png", dpi=fig.dpi, metadata=metadata)
    return buffer.getvalue()


def _png_figure(
    sel: Selection, basemap: gpd.GeoDataFrame, title: str, size, step: Step | None = None
) -> Figure:
    width, height = size
    if width < 200 or height < 150:
        raise ValueError(f"image too small: {width}x{height} (at least 200x150 pixels)")
    # 100 dpi at 1920 x 1080, so type grows with the image, but the page stays at least
    # 900 x 560 points: a small image is a scaled-down large one.
    dpi = min(100 * math.sqrt(width * height / (1920 * 1080)), 72 * width / 900, 72 * height / 560)
    # A quarter pixel more than asked, since Agg truncates the figure size to whole pixels.
    page = _Page(sel, ((width + 0.25) / dpi, (height + 0.25) / dpi), dpi, 22, "constrained")
    page.step = step
    top = page.header(title, 24, sel.caption)
    ax = page.fig.add_subplot()
    limits = _draw_map(page, ax, basemap, 1.0)
    _legend(page, ax, 12)
    unplaced = sel.figures.events_unplaced
    note = sel.t("{n} activities without a stated place are not mapped").format(n=unplaced)
    page.body(top, page.footer([note if unplaced else "", page.credit(), sel.t(DISCLAIMER)], 10))
    _settle(page.fig, ax, limits)
    _label_hubs(page, ax, 12, 8)
    _insets(page, ax, basemap, 10)
    return page.fig


# --------------------------------------------------------------------------- the PDF


def render_pdf(sel: Selection, basemap: gpd.GeoDataFrame, scene: Scene = Scene()) -> bytes:
    """Lay out the view on A4 landscape pages: a summary, then the complete lists.

    Page 1 holds the title, the filters, the key figures and a large map with its legend;
    the next pages list every activity of ``sel`` in date order, then every source, on as
    many pages as they need. Each page ends with the credit, its number and the disclaimer.

    Parameters
    ----------
    sel : Selection
        The view: layers, filters in words, key figures, activities, sources, language.
    basemap : GeoDataFrame
        Country polygons, as for :func:`render_png`.
    scene : Scene, optional
        What the map shows (:mod:`geo.view.scene`): its title heads every page and names
        the document, and a presenter's step frames page 1's map on its activity.

    Returns
    -------
    bytes
        A PDF whose metadata ``Title`` is the scene's title and ``Subject`` the filters in words.
    """
    pages = _pages(sel, basemap, scene.title, scene.step)
    buffer = io.BytesIO()
    metadata = {"Title": scene.title, "Subject": sel.caption, "Creator": "geo.render.printed"}
    with PdfPages(buffer, metadata={**metadata, "CreationDate": None}) as pdf:
        for fig in pages:
            pdf.savefig(fig)
    return buffer.getvalue()


def _pages(sel: Selection, basemap: gpd.GeoDataFrame, title: str, step) -> list[Figure]:
    """The summary page, then the list pages, each with its footer."""
    lists = _list_pages(sel, title)
    count = 1 + len(lists)
    for n, page in enumerate(lists, start=2):
        number = sel.t("Page {n} of {count}").format(n=n, count=count)
        page.footer([page.credit(number), sel.t(DISCLAIMER)], 7)
    first = _summary_page(sel, basemap, title, count, step)
    return [first, *(page.fig for page in lists)]


def _summary_page(
    sel: Selection, basemap: gpd.GeoDataFrame, title: str, count: int, step: Step | None = None
) -> Figure:
    """Page 1: title, filters, key figures, then the map and its legend."""
    page = _Page(sel, A4, 72, 30, "constrained")
    page.step = step
    t, lang, f = sel.t, sel.lang, sel.figures
    filters = t("Filters")
    top = page.header(title, 16, f"{filters}: {sel.caption}")
    band, ax = page.fig.subplots(2, 1, height_ratios=[1, 11])
    figures = [
        (t("Projects"), f.projects),
        (t("Countries covered"), f.countries),
        (t("Key hub cities"), f.hubs),
        (t("Activities"), f.events),
        (t("Route legs"), f.route_legs),
    ]
    figures = figures[::-1] if page.rtl else figures
    table = band.table(
        cellText=[[format_number(v, lang) for _, v in figures]],
        colLabels=[bidi(k, lang) for k, _ in figures],
        cellLoc="center",
        bbox=(0, 0, 1, 1),
        edges="horizontal",
    )
    table.auto_set_font_size(False)
    for (row, _), cell in table.get_celld().items():
        cell.set_edgecolor(RULE)
        look = {"color": MUTED} if row == 0 else {"color": ACCENT, "weight": "bold"}
        cell.get_text().set(**page.kw(8 if row == 0 else 15, **look))
    band.set(frame_on=False, xticks=[], yticks=[])
    budgets = format_budgets(f.budgets, lang) or t("none stated")
    notes = [t("Budgets of the projects shown: {budgets}.").format(budgets=budgets)]
    if f.budget_unknown:
        notes.append(t("Projects without a stated budget: {count}.").format(count=f.budget_unknown))
    if f.events_unplaced:
        unplaced = t("Activities without a stated place: {count} (listed, not mapped).")
        notes.append(unplaced.format(count=f.events_unplaced))
    notes = bidi(page.block([" ".join(notes)], 8.5), lang)
    band.set_xlabel(notes, loc=page.start, color=INK, **page.kw(8.5))
    limits = _draw_map(page, ax, basemap, 0.62)
    _legend(page, ax, 7.5)
    number = t("Page {n} of {count}").format(n=1, count=count)
    page.body(top, page.footer([page.credit(number), t(DISCLAIMER)], 7))
    _settle(page.fig, ax, limits)
    _label_hubs(page, ax, 8, 5)
    _insets(page, ax, basemap, 6.5)
    return page.fig


class _Lists:
    """A4 pages filled from the top with rows of text in columns, a new page when full."""

    SIZE, LEAD, MARGIN, FOOT = 8.0, 10.5, 30.0, 62.0

    def __init__(self, sel: Selection, title: str):
        self.sel, self.title, self.pages, self.y = sel, title, [], math.inf
        self.heads: tuple[str, ...] = ()  # column headings, repeated atop each page
        self.widths: tuple[float, ...] = (1.0,)  # of the columns, in parts of the measure

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` points still fit on this one."""
        if self.y + height <= A4[1] * 72 - self.FOOT:
            return
        self.pages.append(_Page(self.sel, A4, 72, self.MARGIN))
        self.y = self.pages[-1].header(self.title, 13) + 16
        if self.heads:
            self.row(self.heads, bold=True)

    def heading(self, text: str) -> None:
        """A section heading, kept with the lines that follow it."""
        self.room(18 + 3 * self.LEAD)
        self.pages[-1].text(0, self.y, text, 11, weight="bold", color=ACCENT)
        self.y += 18

    def row(self, cells, bold: bool = False) -> None:
        """One row, each cell wrapped to its column."""
        widths = [w * (A4[0] * 72 - 2 * self.MARGIN) for w in self.widths]
        columns = [wrap_lines(c, w - 10, self.SIZE) for c, w in zip(cells, widths, strict=True)]
        self.room(max(map(len, columns)) * self.LEAD)
        for x, lines in zip(np.cumsum([0, *widths[:-1]]), columns, strict=True):
            for k, line in enumerate(lines):  # on baselines, whatever the script's height
                y = self.y + self.SIZE + k * self.LEAD
                weight = "bold" if bold else None
                self.pages[-1].text(x, y, line, self.SIZE, va="baseline", weight=weight)
        self.y += max(map(len, columns)) * self.LEAD + (5 if bold else 3)


def _list_pages(sel: Selection, title: str) -> list[_Page]:
    """Every activity in date order, the figures from the sources, then every source.

    Each list goes on over as many pages as it needs, its column headings atop each page.
    """
    t = sel.t
    lists = _Lists(sel, title)
    lists.heading(t("Activities, in date order"))
    columns = shown_in(SHOWN["events"], PRINTED)  # geo/layers/events.py
    if not sel.events:
        lists.row([t("No activity matches these filters.")])
    else:
        total = sum(c.width for c in columns)
        lists.widths = tuple(c.width / total for c in columns)
        lists.heads = tuple(t(c.label) for c in columns)
        lists.row(lists.heads, bold=True)
    for e in sel.events:
        lists.row(tuple(value(c, e, sel)[0] for c in columns))
    lists.heads, lists.y = (), lists.y + 14
    _figure_list(lists, sel)
    lists.heads, lists.widths, lists.y = (), (0.02, 0.98), lists.y + 14
    lists.heading(t("Sources"))
    for bullet, source in [("•", s) for s in sel.source_titles] or [("", t("None stated"))]:
        lists.row((bullet, source))
    return lists.pages


def _figure_list(lists: _Lists, sel: Selection) -> None:
    """The figures the sources state in the view's years: value, what, place, date, source."""
    t = sel.t
    lists.heading(t("Figures from the sources"))
    if not sel.source_figures:
        lists.widths = (1.0,)
        lists.row([t("No figure from the sources for these years.")])
        return
    lists.widths = (0.12, 0.34, 0.12, 0.12, 0.30)
    lists.heads = (t("Figure"), t("What it counts"), t("Place"), t("Date"), t("Source"))
    lists.row(lists.heads, bold=True)
    for f in sel.source_figures:
        lists.row(
            (f.value, f.what, f.place or t("not stated"), f.when or t("not stated"), f.source)
        )
