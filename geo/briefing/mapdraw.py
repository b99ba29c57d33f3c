"""The briefing map and its legend, drawn with Matplotlib from the app's layers."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.patheffects import withStroke
from shapely.geometry.polygon import orient

from geo import popups, style
from geo.briefing.sheet import (
    _COVERAGE_EDGE,
    _GRID,
    _INDICATIVE,
    _INK,
    _MUTED,
    _NICE_STEPS,
    _RULE,
    _WHITE,
    Translate,
    _arrow_marker,
    _capital,
    _font,
    _shape,
    _Sheet,
)
from geo.maps import DEFAULT_BOUNDS, coverage_by_country

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
    names = popups.short_names(projects, sheet.lang)
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
    layers: Mapping[str, gpd.GeoDataFrame], projects: pd.DataFrame, t: Translate, lang: str = "en"
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
        names = popups.short_names(projects, lang)
        items = [("dot", colours[pid], names[pid]) for pid in projects["id"] if pid in used]
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
