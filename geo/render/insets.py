"""Inset maps: the places far from the main frame (the Gulf, Bangladesh), atlas style.

An inset is drawn once, here, from the same :class:`geo.render.framing.Inset` for every
output: as an SVG that the live map and the map file show in a corner (``GeoMap.insets``
in ``geomap.js``), and in a corner of the PNG and the PDF (:func:`draw_inset`). It shows the
countries around its places (covered ones shaded as on the main map) and the places named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from geo.i18n import format_names
from geo.render import style
from geo.render.framing import Frame, Inset

MERCATOR = "EPSG:3857"
SIZE = (176, 118)  # px of an inset on the live map
POINT_DECIMALS = 1


@dataclass(frozen=True)
class InsetShapes:
    """What an inset draws, in Web Mercator metres: its box, countries, places."""

    extent: tuple[float, float, float, float]  # x0, y0, x1, y1, at the inset's shape
    countries: gpd.GeoDataFrame  # geometry and fill colour, clipped to the extent
    places: list[tuple[float, float, str, str]]  # x, y, colour, name


def inset_shapes(
    inset: Inset,
    basemap: gpd.GeoDataFrame,
    fills: Mapping[str, str],
    colours: Mapping[str, str],
    aspect: float = SIZE[0] / SIZE[1],
) -> InsetShapes:
    """The countries and places of ``inset``, in an extent of ``aspect`` (width / height).

    ``fills`` colours the covered countries by ISO3 code (the others take the basemap's
    colour); ``colours`` gives each place's dot by its feature id.
    """
    (s, w), (n, e) = inset.bounds
    corners = gpd.GeoSeries.from_xy([w, e], [s, n], crs=4326).to_crs(MERCATOR)
    x0, y0, x1, y1 = corners.total_bounds
    width, height = max(x1 - x0, (y1 - y0) * aspect), max(y1 - y0, (x1 - x0) / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    extent = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
    frame = gpd.GeoSeries([box(*extent)], crs=MERCATOR).to_crs(4326).iloc[0]
    near = basemap[basemap.geometry.intersects(frame)]
    shapes = near.geometry.intersection(frame).to_crs(MERCATOR)
    countries = gpd.GeoDataFrame(
        {"fill": [fills.get(c, style.BASEMAP_FILL) for c in near["iso3"]]},
        geometry=shapes.values,
        crs=MERCATOR,
    )
    countries = countries[~countries.geometry.is_empty]
    xy = gpd.GeoSeries.from_xy(
        [p.lon for p in inset.places], [p.lat for p in inset.places], crs=4326
    ).to_crs(MERCATOR)
    places = [
        (pt.x, pt.y, colours.get(p.id, style.HUB_COLOUR), p.name)
        for pt, p in zip(xy, inset.places, strict=True)
    ]
    return InsetShapes(extent, countries, places)


def inset_svg(shapes: InsetShapes, size: tuple[int, int] = SIZE) -> str:
    """The inset as SVG markup, ``size`` pixels; every name is escaped."""
    x0, y0, x1, y1 = shapes.extent
    k = size[0] / (x1 - x0)

    def px(coords: np.ndarray) -> np.ndarray:
        return np.column_stack([(coords[:, 0] - x0) * k, (y1 - coords[:, 1]) * k])

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size[0]}" height="{size[1]}" '
        f'viewBox="0 0 {size[0]} {size[1]}" aria-hidden="true" focusable="false">',
        f'<rect width="100%" height="100%" fill="{style.SEA}"/>',
    ]
    for geom, fill in zip(shapes.countries.geometry, shapes.countries["fill"], strict=True):
        path = _path(shapely.transform(geom, px))
        if path:
            parts.append(
                f'<path d="{path}" fill="{_colour(fill)}" stroke="{style.BASEMAP_LINE}" '
                'stroke-width="0.7" fill-rule="evenodd"/>'
            )
    seen: set[tuple[int, int]] = set()
    for x, y, colour, name in shapes.places:
        cx, cy = round((x - x0) * k, POINT_DECIMALS), round((y1 - y) * k, POINT_DECIMALS)
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="4.5" fill="{_colour(colour)}" '
            'stroke="#fff" stroke-width="1.5"/>'
        )
        spot = (round(cx / 8), round(cy / 8))
        if not name or spot in seen:
            continue  # one name a place
        seen.add(spot)
        left = cx > size[0] * 0.6
        anchor, dx = ("end", -7) if left else ("start", 7)
        parts.append(
            f'<text x="{round(cx + dx, 1)}" y="{round(cy + 4, 1)}" text-anchor="{anchor}" '
            'class="geo-inset-name">' + escape(name) + "</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def draw_inset(ax, shapes: InsetShapes, text_kw: Mapping, marker_scale: float = 1.0) -> None:
    """Draw the inset on matplotlib axes ``ax`` (a corner of the PNG or PDF's map)."""
    x0, y0, x1, y1 = shapes.extent
    ax.set_facecolor(style.SEA)
    if len(shapes.countries):
        shapes.countries.plot(
            ax=ax, color=list(shapes.countries["fill"]), edgecolor=style.BASEMAP_LINE, lw=0.4
        )
    for x, y, colour, _ in shapes.places:
        ax.plot(x, y, "o", ms=6 * marker_scale, mfc=colour, mec="white", mew=1.2, zorder=5)
    named = dict.fromkeys((round(x, -4), round(y, -4), name) for x, y, _, name in shapes.places)
    for x, y, name in named:
        if not name:
            continue
        left = x > x0 + (x1 - x0) * 0.6
        ax.annotate(
            name,
            (x, y),
            xytext=(-6 if left else 6, 0),
            textcoords="offset points",
            ha="right" if left else "left",
            va="center",
            zorder=6,
            **text_kw,
        )
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xticks=[], yticks=[], xlabel="", ylabel="")
    ax.set_aspect("equal")


def _path(geom) -> str:
    """SVG path data of a (multi)polygon already in pixels."""
    out = []
    for polygon in shapely.get_parts(geom):
        if polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = np.round(np.asarray(ring.coords), POINT_DECIMALS)
            if len(xy) < 3:
                continue
            points = " ".join(f"{x:g},{y:g}" for x, y in xy[:-1])
            out.append(f"M{points}Z")
    return "".join(out)


def _colour(value: str) -> str:
    """A colour as ``#rrggbb`` only: nothing else can reach the markup."""
    return "#" + "".join(c for c in value if c in "0123456789abcdefABCDEF")[:6]


def place_colours(sel) -> dict[str, str]:
    """Each drawn place's dot colour by feature id: an activity's first project's, a hub's red."""
    palette = style.project_colours(list(sel.all_projects["id"]))
    out = {}
    events = sel.layers.get("events")
    if events is not None:
        for fid, ids in zip(events["id"], events["project_ids"], strict=True):
            out[fid] = palette.get(ids[0], style.CLUSTER_COLOUR) if ids else style.CLUSTER_COLOUR
    hubs = sel.layers.get("hubs")
    if hubs is not None:
        out.update(dict.fromkeys(hubs["id"], style.HUB_COLOUR))
    return out


def coverage_fills(sel) -> dict[str, str]:
    """Each covered country's fill by ISO3 code, by the number of its active projects."""
    coverage = sel.layers.get("coverage")
    if coverage is None or coverage.empty:
        return {}
    counts = coverage.groupby("iso3")["project_id"].nunique()
    return {iso3: style.coverage_colour(int(n)) for iso3, n in counts.items()}


def map_insets(sel, frame: Frame, basemap: gpd.GeoDataFrame) -> list[dict]:
    """The insets of ``frame`` as the live map's script takes them (``GeoMap.view``)."""
    fills, colours = coverage_fills(sel), place_colours(sel)
    out = []
    for inset in frame.insets:
        names = format_names(inset.names, sel.lang)
        (s, w), (n, e) = inset.bounds
        out.append(
            {
                "bounds": [[s, w], [n, e]],
                "title": names,
                "ids": sorted({p.id for p in inset.places}),
                "points": [[round(p.lat, 5), round(p.lon, 5)] for p in inset.places],
                "svg": inset_svg(inset_shapes(inset, basemap, fills, colours)),
                "label": sel.t("Inset map of {places}: show it on the main map").format(
                    places=names
                ),
            }
        )
    return out
