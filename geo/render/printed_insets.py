"""The insets of the PNG and PDF's map: far places (the Gulf, Bangladesh) in a free corner.

The same insets as the live map's (:func:`geo.render.framing.frame_of`), drawn by
:func:`geo.render.insets.draw_inset` in the corners of the map where the least is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes

from geo.data.io import has_place, placed
from geo.render.framing import frame_of
from geo.render.insets import SIZE, coverage_fills, draw_inset, inset_shapes, place_colours
from geo.view.selection import Selection

MERCATOR = "EPSG:3857"
WIDTH = 0.2  # of the map's width
MARGIN = 0.015  # of the map's width and height, between an inset and the map's edge
INSET_ASPECT = SIZE[0] / SIZE[1]
SAMPLE_M = 50_000  # metres between the points of a leg counted in a corner
# Text properties of every text the PNG and PDF draw, names from the data above all: drawn
# as written, never read as mathtext or handed to TeX (geo.render.printed uses it too).
PLAIN = {"parse_math": False, "usetex": False}


def _shown(place, x0: float, x1: float, y0: float, y1: float) -> bool:
    at = gpd.GeoSeries.from_xy([place.lon], [place.lat], crs=4326).to_crs(MERCATOR).iloc[0]
    return x0 <= at.x <= x1 and y0 <= at.y <= y1


def add_insets(
    ax: Axes,
    sel: Selection,
    basemap: gpd.GeoDataFrame,
    text_kw: dict,
    name: Callable[[str], str] = str,
) -> list[Axes]:
    """Draw the insets of ``sel``'s frame on ``ax`` (framed and laid out); return their axes.

    ``text_kw`` styles the names, which ``name`` shapes (for a right-to-left language). The
    names come from the data: they are drawn as plain text whatever ``text_kw`` says, never
    as mathtext or TeX (a place named ``$x_{y$`` would raise).
    """
    text_kw = {**text_kw, **PLAIN}
    # The map's frame grows to its box: a far place it came to hold needs no inset.
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    insets = [
        i for i in frame_of(sel).insets if not all(_shown(p, x0, x1, y0, y1) for p in i.places)
    ]
    if not insets:
        return []
    fills, colours = coverage_fills(sel), place_colours(sel)
    box = ax.get_window_extent()
    height = WIDTH * box.width / box.height / INSET_ASPECT
    corners = [
        (1 - WIDTH - MARGIN, 1 - height - MARGIN),  # top right
        (1 - WIDTH - MARGIN, MARGIN),  # bottom right
        (MARGIN, 1 - height - MARGIN),  # top left
        (MARGIN, MARGIN),  # bottom left
    ]
    points = _drawn_points(ax, sel)
    free = sorted(corners, key=lambda c: (_count_in(points, c, WIDTH, height), corners.index(c)))
    out = []
    for inset, (x, y) in zip(insets, free, strict=False):
        shapes = inset_shapes(inset, basemap, fills, colours)
        shaped = [(px, py, colour, name(text)) for px, py, colour, text in shapes.places]
        shapes = replace(shapes, places=shaped)
        iax = ax.inset_axes([x, y, WIDTH, height])
        draw_inset(iax, shapes, text_kw)
        iax.spines[:].set(color="#52606d", lw=1.0)
        out.append(iax)
    return out


def _drawn_points(ax: Axes, sel: Selection) -> np.ndarray:
    """Where the map's places and route vertices are, in fractions of the axes."""
    xy = []
    for layer in ("hubs", "events"):
        pts = placed(sel.layer(layer))
        if len(pts):
            merc = pts.to_crs(MERCATOR).geometry
            xy += list(zip(merc.x, merc.y, strict=True))
    routes = sel.layer("routes")
    routes = routes[has_place(routes)]
    if len(routes):  # points along each leg, a few a hundred kilometres
        legs = routes.to_crs(MERCATOR).geometry.segmentize(SAMPLE_M)
        xy += [tuple(c) for c in legs.get_coordinates().to_numpy()]
    if not xy:
        return np.empty((0, 2))
    screen = ax.transData.transform(np.array(xy))
    return ax.transAxes.inverted().transform(screen)


def _count_in(points: np.ndarray, corner: tuple[float, float], width: float, height: float) -> int:
    x, y = corner
    inside = (points[:, 0] >= x) & (points[:, 0] <= x + width)
    inside &= (points[:, 1] >= y) & (points[:, 1] <= y + height)
    return int(inside.sum())
