"""What a map shows, as a list to choose from: the map without a mouse.

Beside every map the page lists its hub cities, route legs (under their route), covered
countries and activities, each in the view's language; choosing one selects it as a click
on the map would, and :func:`pick_target` says where the map goes and what it marks.
:func:`map_summary` puts the same contents in one sentence, the map's text alternative.
Nothing here is HTML: labels are plain text for the page to make inert.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from shapely.geometry import MultiPoint, Point

from geo.data.io import has_place, records
from geo.i18n import format_names, format_number, localized
from geo.layers import LIST_TITLES
from geo.layers.spec import LIST
from geo.render.described import lines
from geo.render.framing import frame_of, region_name
from geo.view.selection import Selection

POINT_ZOOM = 7  # a hub or an activity: the place and its neighbours
COORD_DECIMALS = 5
LIST_ORDER = ("hubs", "routes", "coverage", "events")


@dataclass(frozen=True)
class MapItem:
    """One feature of the map as the list offers it.

    ``id`` is the id a click on the map returns for it; ``group`` the heading it sits
    under within its section (a leg's route), empty when none; ``placed`` is false for
    an activity whose place is not stated (listed, not drawn).
    """

    id: str
    layer: str
    label: str
    group: str = ""
    placed: bool = True


@dataclass(frozen=True)
class MapSection:
    """The items of one layer, in the order the list shows them."""

    layer: str
    title: str  # an interface string, translated by the page
    items: tuple[MapItem, ...]


def map_items(sel: Selection) -> tuple[MapSection, ...]:
    """The features ``sel`` draws, by layer, in the order a reader looks for them.

    Hubs and countries by name, legs under their route (routes by name, legs in the
    data's order, which follows the route), activities in date order. Layers with
    nothing shown are left out.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> sections = map_items(select(load_dataset(), ViewState(layers=("hubs",), lang="fr")))
    >>> [s.layer for s in sections], [i.label for i in sections[0].items][:2]
    (['hubs'], ['Ajdabiya', 'Gatroun'])
    """
    sections = []
    for layer in LIST_ORDER:
        gdf = sel.layers.get(layer)
        if gdf is None or gdf.empty:
            continue
        rows = records(gdf)
        if layer == "hubs":
            items = sorted(
                (MapItem(r["id"], layer, _label(layer, r, sel)) for r in rows),
                key=lambda i: sort_key(i.label),
            )
        elif layer == "routes":
            items = _legs(rows, sel)
        elif layer == "coverage":
            items = _countries(rows, sel)
        else:
            items = [_activity(r, sel) for r in sel.events]
        sections.append(MapSection(layer, LIST_TITLES[layer], tuple(items)))
    return tuple(sections)


def _legs(rows: list[dict], sel: Selection) -> list[MapItem]:
    names = {r["route_id"]: localized(r, "route_name", sel.lang) for r in rows}
    order = sorted(names, key=lambda rid: sort_key(names[rid]))
    return [
        MapItem(r["id"], "routes", _label("routes", r, sel), names[rid])
        for rid in order
        for r in rows
        if r["route_id"] == rid
    ]


def _countries(rows: list[dict], sel: Selection) -> list[MapItem]:
    """One item per country, with the id the map's country shape carries (its first row)."""
    first: dict[str, dict] = {}
    for r in rows:
        first.setdefault(r["iso3"], r)
    items = [
        MapItem(r["id"], "coverage", sel.country_names.get(iso3) or localized(r, "name", sel.lang))
        for iso3, r in first.items()
    ]
    return sorted(items, key=lambda i: sort_key(i.label))


def _activity(row: dict, sel: Selection) -> MapItem:
    geom = row.get("geometry")
    placed = geom is not None and not geom.is_empty
    return MapItem(row["id"], "events", _label("events", row, sel), placed=placed)


def _label(layer: str, row: dict, sel: Selection) -> str:
    """An item's name, then what the layer's list shows of it (geo.layers): "Title · Sep 2022"."""
    shown = [text for _, text, _ in lines(layer, row, sel, LIST)]
    return " · ".join([localized(row, "name", sel.lang), *shown])


def sort_key(text: str) -> str:
    """Text as a list sorts it: without case or accents (Égypte between Algérie and Libye).

    >>> sorted(["Libye", "Égypte", "Algérie"], key=sort_key)
    ['Algérie', 'Égypte', 'Libye']
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def pick_target(sel: Selection, item_id: str) -> dict | None:
    """Where the map goes for the feature ``item_id`` of ``sel``, and what it marks.

    ``points`` (``[lat, lon]`` each) are ringed and a single one is centred at
    :data:`POINT_ZOOM`; ``bounds`` (``[[south, west], [north, east]]``) are fitted for a
    line, a country, or an activity at several places. An activity with no stated place
    has neither: the map stays. ``None`` when ``sel`` does not show the feature.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> target = pick_target(select(load_dataset(), ViewState()), "hub-kufra")
    >>> target["layer"], target["points"], target["bounds"]
    ('hubs', [[24.1989, 23.2909]], None)
    """
    for layer, gdf in sel.layers.items():
        match = gdf[gdf["id"] == item_id] if not gdf.empty else gdf
        if match.empty:
            continue
        target = {"id": item_id, "layer": layer, "points": [], "bounds": None, "zoom": POINT_ZOOM}
        shown = match[has_place(match)]
        if shown.empty:
            return target
        geom = shown.geometry.iloc[0]
        if layer in ("hubs", "events") and isinstance(geom, Point | MultiPoint):
            points = list(geom.geoms) if isinstance(geom, MultiPoint) else [geom]
            target["points"] = [[_round(p.y), _round(p.x)] for p in points]
        if len(target["points"]) != 1:
            west, south, east, north = geom.bounds
            target["bounds"] = [[_round(south), _round(west)], [_round(north), _round(east)]]
        return target
    return None


def _round(value: float) -> float:
    return round(float(value), COORD_DECIMALS)


def map_summary(sel: Selection) -> str:
    """What the map of ``sel`` shows, in words and numbers of its language.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> print(map_summary(select(load_dataset(), ViewState(layers=("hubs", "routes")))))
    Map of North Africa — key hub cities: 5 and routes: 10 (legs: 61)

    Places far from the main frame, shown in insets, are named after the region.
    """
    t, lang = sel.t, sel.lang
    parts = []
    for layer in LIST_ORDER:
        gdf = sel.layers.get(layer)
        if gdf is None or gdf.empty:
            continue
        if layer == "hubs":
            parts.append(t("key hub cities: {count}").format(count=format_number(len(gdf), lang)))
        elif layer == "routes":
            parts.append(
                t("routes: {count} (legs: {legs})").format(
                    count=format_number(gdf["route_id"].nunique(), lang),
                    legs=format_number(len(gdf), lang),
                )
            )
        elif layer == "coverage":
            parts.append(
                t("countries covered: {count}").format(
                    count=format_number(gdf["iso3"].nunique(), lang)
                )
            )
        else:
            drawn = int(has_place(gdf).sum())
            unplaced = len(gdf) - drawn
            text = t("activities: {count}").format(count=format_number(drawn, lang))
            if unplaced:
                text += " " + t("(and {count} with no stated place, listed but not drawn)").format(
                    count=format_number(unplaced, lang)
                )
            parts.append(text)
    frame = frame_of(sel)
    region = region_name(frame, sel)
    if not parts:
        return t("Map of {region} — nothing matches the filters").format(region=region)
    contents = format_names(parts, lang)
    far = list(dict.fromkeys(name for inset in frame.insets for name in inset.names))
    if far:
        return t("Map of {region}, with {places} — {contents}").format(
            region=region, places=format_names(far, lang), contents=contents
        )
    return t("Map of {region} — {contents}").format(region=region, contents=contents)
