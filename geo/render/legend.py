"""The one legend and the one route-direction rule, shared by the live map and the printouts."""

from __future__ import annotations

import math
from typing import NamedTuple

from geo.render import style
from geo.view.selection import Selection

MUTED = "#52606d"


class LegendItem(NamedTuple):
    """One row: a symbol and a label.

    Symbols: ``swatch``, ``line``, ``dashed``, ``arrow``, ``dot`` or ``cluster`` (a dark
    disc with a count).
    """

    kind: str
    colour: str
    label: str


class LegendSection(NamedTuple):
    """A heading and its rows."""

    heading: str
    items: tuple[LegendItem, ...]


def legend_sections(sel: Selection) -> list[LegendSection]:
    """The legend of what ``sel`` draws: only layers, modes and projects that appear.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> [s.heading for s in legend_sections(select(load_dataset(), ViewState()))][1:3]
    ['Smuggling routes', 'Key hub cities']
    """
    t, shown = sel.t, {k: v for k, v in sel.layers.items() if not v.empty}
    sections = []
    if "coverage" in shown:
        items = []
        for n, colour in enumerate(style.COVERAGE_COLOURS, start=1):
            label = f"{n}+" if n == len(style.COVERAGE_COLOURS) else str(n)
            items.append(LegendItem("swatch", colour, label))
        sections.append(LegendSection(t("Active projects in the country"), tuple(items)))
    if "routes" in shown:
        routes = shown["routes"]
        modes = set(routes["mode"])
        items = [
            LegendItem("line", colour, _capital(t(mode)))
            for mode, colour in style.MODE_COLOURS.items()
            if mode in modes
        ]
        if (routes["confidence"] == "indicative").any():
            items.append(LegendItem("dashed", MUTED, _capital(t("indicative"))))
        items.append(LegendItem("arrow", MUTED, t("Direction of travel")))
        sections.append(LegendSection(t("Smuggling routes"), tuple(items)))
    if "hubs" in shown:
        hub = LegendItem("dot", style.HUB_COLOUR, t("Key hub city"))
        sections.append(LegendSection(t("Key hub cities"), (hub,)))
    if "events" in shown:
        colours = style.project_colours(list(sel.all_projects["id"]))
        used = {ids[0] for ids in shown["events"]["project_ids"] if ids}
        items = [
            LegendItem("dot", colours[pid], sel.project_names[pid])
            for pid in sel.all_projects["id"]
            if pid in used
        ]
        several = t("Several activities at one place (their count)")
        items.append(LegendItem("cluster", style.CLUSTER_COLOUR, several))
        sections.append(LegendSection(t("Activities, by project"), tuple(items)))
    return sections


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator coordinates on the unit sphere (the live map's and the printouts').

    >>> [round(v, 4) for v in mercator(180, 45)]
    [3.1416, 0.8814]
    """
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def leg_arrow(line) -> tuple[float, float, float]:
    """Where a leg's direction chevron goes and where it points.

    Returns ``(lon, lat, degrees)``: the middle of the leg's longest part and the
    direction of travel there on a Web Mercator map, counter-clockwise from east.

    >>> leg_arrow(__import__("shapely").LineString([(0, 0), (0, 10)]))
    (0.0, 5.0, 90.0)
    """
    longest = max(getattr(line, "geoms", [line]), key=lambda g: g.length)
    mid = longest.interpolate(0.5, normalized=True)
    ahead = longest.interpolate(min(longest.length, longest.project(mid) + 1e-3))
    x0, y0 = mercator(mid.x, mid.y)
    x1, y1 = mercator(ahead.x, ahead.y)
    return mid.x, mid.y, round(math.degrees(math.atan2(y1 - y0, x1 - x0)), 1)
