"""Build folium maps from the layers: offline basemap, styles, legend, escaped popups.

Nothing here loads from a CDN: every map links Leaflet from the app's own static
folder (or inlines it, for a standalone file), and draws its own basemap.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.data.io import placed, records, to_feature_collection
from geo.i18n import is_rtl, localized

# Imported for its effect: a map's rendered pieces are never read as templates again.
from geo.render import (
    literal,  # noqa: F401
    popups,
    style,
)
from geo.render.aggregate import (
    AGGREGATE_OVER,
    aggregate_events,
    cell_popup_parts,
    cell_radius,
    is_grouped,
)
from geo.render.assets import MAP_CSS, MAP_RTL_CSS, STATIC_URL, local_links
from geo.render.basemap import GEOJSON, SHAPE_DECIMALS
from geo.render.described import activity_date, project_names
from geo.render.framing import frame_of
from geo.render.insets import map_insets
from geo.render.labels import map_labels
from geo.render.legend import leg_arrow, legend_sections
from geo.render.maplist import map_summary
from geo.render.style import LAYER_TITLES
from geo.render.timeplay import year_states
from geo.view.scene import Scene
from geo.view.selection import Selection
from geo.view.steps import STEP_ZOOM, Step

COORD_DECIMALS = 5  # about 1 m: finer than any zoom the map offers
HUB_RADIUS, EVENT_RADIUS = 11, 6
MAX_ZOOM = 9  # the offline basemap has about 3 km of detail: a few pixels at this zoom


@dataclass(frozen=True)
class MapOptions:
    """How a map is made, whatever it shows (:class:`~geo.view.scene.Scene` says what)."""

    asset_base: str = STATIC_URL  # where Leaflet comes from
    height: int = 600
    large: bool = False  # type sized for a screen share (presenter mode)
    play: bool = False  # a Play control that steps the map through the view's years
    years: tuple[int, ...] = ()  # a briefing's year steps: what each shows (Play or not)


@dataclass(frozen=True)
class _Draw:
    """What every layer's drawing needs: the selection, the scene, the basemap, colours."""

    sel: Selection
    scene: Scene
    basemap: gpd.GeoDataFrame
    colours: Mapping[str, str]


def coverage_by_country(
    coverage: gpd.GeoDataFrame, project_names: Mapping[str, str]
) -> gpd.GeoDataFrame:
    """One polygon per country with the number and names of the projects covering it."""
    if coverage.empty:
        return coverage.assign(n_projects=[], project_names=[])
    grouped = coverage.groupby("iso3", sort=True)
    first = grouped.first()
    names = grouped["project_id"].agg(lambda ids: [project_names.get(i, i) for i in sorted(ids)])
    out = gpd.GeoDataFrame(
        first.drop(columns="geometry"), geometry=first["geometry"], crs=coverage.crs
    )
    out["project_names"] = names
    out["n_projects"] = names.map(len)
    return out.reset_index()


def build_map(
    sel: Selection,
    basemap: gpd.GeoDataFrame,
    scene: Scene = Scene(),
    options: MapOptions = MapOptions(),
) -> folium.Map:
    """A folium map of the layers of ``sel`` over the offline ``basemap``, as ``scene`` shows it.

    ``sel`` is what the scene's map draws (:meth:`~geo.view.scene.Scene.shown`).

    The map opens on what ``sel`` draws, far places in insets (see
    :func:`geo.render.framing.frame_of`); buttons return to that view or show everything,
    and the behaviour lives in ``geo/render/static/geomap.js``.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> data = load_dataset()
    >>> from geo.render.basemap import display_basemap
    >>> m = build_map(select(data, ViewState(layers=("hubs",))), display_basemap(data.basemap))
    >>> "Ghadames" in m.get_root().render()
    True
    """
    t = sel.t
    frame = frame_of(sel)
    home, everything = frame.as_lists()["home"], frame.as_lists()["all"]
    (s, w), (n, e) = _box_bounds(basemap.total_bounds if len(basemap) else WORLD)
    m = folium.Map(
        # The same for every view (GeoMap.view frames the map at once): the live map keeps
        # what comes before VIEW_MARK from view to view.
        location=[round((s + n) / 2, 2), round((w + e) / 2, 2)],
        zoom_start=4,
        tiles=None,
        control_scale=False,  # geomap.js puts the scale bottom right, clear of the legend
        prefer_canvas=True,
        height=options.height,
        zoom_snap=0.25,
        world_copy_jump=False,
    )
    m.options["maxZoom"] = MAX_ZOOM  # folium gives max_zoom to tile layers, not the map
    m.default_js, m.default_css = local_links(options.asset_base)
    # Our own styles inline: applied before the map's script runs, which measures the legend.
    m.get_root().header.add_child(Element(f"<style>{MAP_CSS}</style>"), name="geo_css")
    if is_rtl(sel.lang):
        m.get_root().header.add_child(Element(f"<style>{MAP_RTL_CSS}</style>"), name="geo_rtl")
    shown = sel.layers
    # Every country, whatever the view covers: coverage is drawn over it, in the same shape.
    _Basemap(
        basemap,
        {
            "fillColor": style.BASEMAP_FILL,
            "color": style.BASEMAP_LINE,
            "weight": 0.7,
            # Over online tiles only the borders stay, so the tiles show through.
            "fillOpacity": 0 if scene.tiles else 1,
        },
    ).add_to(m)
    if scene.tiles:
        folium.TileLayer(
            scene.tiles.url, attr=scene.tiles.attribution or "tiles", name=t("Online tiles")
        ).add_to(m)
    _ViewMark().add_to(m)
    draw = _Draw(sel, scene, basemap, style.project_colours(list(sel.all_projects["id"])))
    adders = {
        "coverage": _add_coverage,
        "routes": _add_routes,
        "hubs": _add_hubs,
        "events": _add_events,
    }
    for name in style.DRAW_ORDER:
        if name in shown and not shown[name].empty:
            adders[name](m, shown[name], draw)
    _Call("labels", map_labels(sel, basemap, HUB_RADIUS + 2)).add_to(m)
    if options.play or options.years:
        _Call("years", year_states(sel, options.years), _play_labels(t), options.play).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    _Call("legend", _legend_html(sel, faded=bool(scene.tiles))).add_to(m)
    view = {
        "home": home,
        "all": everything,
        "insets": map_insets(sel, frame, basemap),
        # No basemap (its file could not be read): the layers on a plain background, the
        # whole world reachable.
        "basemap": _box_bounds(basemap.total_bounds if len(basemap) else WORLD),
        "focus": [scene.focus.lat, scene.focus.lon, scene.focus.zoom] if scene.focus else None,
        "large": options.large,
        "labels": {
            "map": map_summary(sel),  # the map's accessible name: what it shows
            "home": t("Return to the whole view"),
            "all": t("Show everything"),
            "fullscreen": t("Full screen"),
            "exitFullscreen": t("Leave full screen"),
            "gestures": {
                "wheel": t("To zoom, hold Ctrl while scrolling, or click the map first"),
                "touch": t("Use two fingers to move the map"),
            },
            "zoomIn": t("Zoom in"),
            "zoomOut": t("Zoom out"),
            "pan": {
                "group": t("Move the map"),
                "north": t("Move the map north"),
                "west": t("Move the map west"),
                "east": t("Move the map east"),
                "south": t("Move the map south"),
            },
        },
    }
    _Call("view", view).add_to(m)
    if scene.step is not None:
        _Call("step", step_mark(scene.step)).add_to(m)
    return m


def _play_labels(t) -> dict:
    return {
        "play": t("Play through the years"),
        "pause": t("Pause"),
        "back": t("Previous year"),
        "forward": t("Next year"),
        "all": t("All years"),
    }


def step_mark(step: Step) -> dict:
    """What ``GeoMap.step`` needs to mark a presenter's step and move the map to it."""
    return {
        "lat": None if step.lat is None else round(step.lat, COORD_DECIMALS),
        "lon": None if step.lon is None else round(step.lon, COORD_DECIMALS),
        # Each of its places is ringed, and the map framed on them all.
        "points": [[round(y, COORD_DECIMALS), round(x, COORD_DECIMALS)] for y, x in step.points],
        "bounds": None if step.bounds is None else _box_bounds(step.bounds),
        "zoom": STEP_ZOOM,
        "label": step.place or step.title,
        "overview": step.kind in ("overview", "year", "changes"),
        "year": step.cue.year,  # a year's step: the map shows that year (GeoMap.year)
    }


def step_layer(step: Step) -> folium.FeatureGroup:
    """The presenter's step as a layer group the live map swaps without being rebuilt.

    streamlit-folium keeps a map whose script is unchanged and only replaces this group
    (``feature_group_to_add``), so Next moves the map instead of drawing it anew.
    """
    group = folium.FeatureGroup(name="step", control=False)
    _Call("step", step_mark(step)).add_to(group)
    return group


def pick_layer(target: Mapping, nonce: int = 0) -> folium.FeatureGroup:
    """A feature chosen from the list beside the map, as a group the live map swaps in.

    Like :func:`step_layer`, the map is not rebuilt: it moves to ``target`` (see
    :func:`geo.render.maplist.pick_target`) and marks it. ``nonce`` changes at each
    choice, so choosing the same feature again brings the map back to it.
    """
    group = folium.FeatureGroup(name="pick", control=False)
    _Call("pick", {**target, "n": nonce}).add_to(group)
    return group


WORLD = (-180.0, -85.0, 180.0, 85.0)  # Web Mercator's square, as west, south, east, north


def _box_bounds(b) -> list[list[float]]:
    minx, miny, maxx, maxy = (round(float(v), 4) for v in b)
    return [[miny, minx], [maxy, maxx]]


def _shapes(basemap: gpd.GeoDataFrame, properties: list[dict] | None = None) -> dict:
    """Countries of the basemap as a FeatureCollection, from the GeoJSON made with it."""
    if GEOJSON not in basemap.columns:  # a basemap not made by display_basemap
        return _collection(basemap[["geometry"]], SHAPE_DECIMALS)
    props = properties or [{}] * len(basemap)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": p, "geometry": g}
            for p, g in zip(props, basemap[GEOJSON], strict=True)
        ],
    }


def _collection(gdf: gpd.GeoDataFrame, precision: int = COORD_DECIMALS) -> dict:
    return to_feature_collection(gdf, precision=precision)


def _with_html(gdf: gpd.GeoDataFrame, layer: str, tip, popup) -> gpd.GeoDataFrame:
    """Keep only what the browser needs: id, layer, tooltip, popup, geometry."""
    rows = records(gdf)
    return gpd.GeoDataFrame(
        {
            "id": gdf["id"].tolist(),
            "layer": layer,
            "tip": [tip(r) for r in rows],
            "popup": [popup(r) for r in rows],
        },
        geometry=gdf.geometry.values,
        crs=gdf.crs,
    )


def _details(kind: str) -> dict:
    return {
        "tooltip": folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        "popup": folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=360),
        "name": kind,
    }


def _add_coverage(m, gdf, draw: _Draw):
    sel, scene, basemap = draw.sel, draw.scene, draw.basemap
    lang, t = sel.lang, sel.t
    by_country = coverage_by_country(gdf, sel.project_names)
    # The basemap's simplified shape of each country: drawn over it, edge on edge.
    shapes = basemap.dropna(subset=["iso3"]).drop_duplicates("iso3").set_index("iso3").geometry
    by_country["geometry"] = [
        shapes.get(iso3, geom)
        for iso3, geom in zip(by_country["iso3"], by_country.geometry, strict=True)
    ]
    data = _with_html(
        by_country,
        "coverage",
        lambda r: popups.tooltip_html(
            localized(r, "name", lang),
            t("Active projects: {count}").format(count=r["n_projects"]),
        ),
        lambda r: popups.coverage_html(r, sel),
    )
    data["n"] = by_country["n_projects"].values
    data["iso3"] = by_country["iso3"].values  # a year's colour is the country's (GeoMap.year)
    folium.GeoJson(
        _collection(data, SHAPE_DECIMALS),
        style_function=lambda f: {
            "fillColor": style.coverage_colour(f["properties"]["n"]),
            "color": style.COVERAGE_LINE,
            "weight": 1,
            "fillOpacity": style.COVERAGE_OVER_TILES if scene.tiles else 1,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#1d3b24"},
        # Not in the layer control: the sidebar's layer choice shows or hides it.
        control=False,
        **{**_details("coverage"), "name": t(LAYER_TITLES["coverage"])},
    ).add_to(m)


def _add_routes(m, gdf, draw: _Draw):
    lang, t = draw.sel.lang, draw.sel.t
    data = _with_html(
        gdf,
        "routes",
        lambda r: popups.tooltip_html(
            localized(r, "name", lang),
            f"{t(r['mode'])} · {t(r['confidence'])}",
        ),
        lambda r: popups.route_html(r, draw.sel),
    )
    data["mode"] = gdf["mode"].values
    data["dash"] = (gdf["confidence"] == "indicative").values
    group = folium.FeatureGroup(name=t(LAYER_TITLES["routes"]))
    folium.GeoJson(
        _collection(data),
        style_function=lambda f: {
            "color": style.MODE_COLOURS[f["properties"]["mode"]],
            "weight": 3,
            "opacity": 0.9,
            "dashArray": style.INDICATIVE_DASH if f["properties"]["dash"] else None,
        },
        highlight_function=lambda f: {"weight": 6},
        **{**_details("routes"), "name": None},
    ).add_to(group)
    # Direction chevrons of constant screen size, one a leg (GeoMap.arrows).
    arrows = [
        _arrow(g, style.MODE_COLOURS[mode]) + [leg]
        for g, mode, leg in zip(gdf.geometry, gdf["mode"], gdf["id"], strict=True)
    ]
    _Call("arrows", arrows).add_to(group)
    group.add_to(m)


def _add_hubs(m, gdf, draw: _Draw):
    lang, t = draw.sel.lang, draw.sel.t
    data = _with_html(
        gdf,
        "hubs",
        lambda r: popups.tooltip_html(localized(r, "name", lang), t("Key hub city")),
        lambda r: popups.hub_html(r, draw.sel),
    )
    folium.GeoJson(
        _collection(data),
        marker=folium.CircleMarker(radius=HUB_RADIUS, weight=3, fill=True, fill_opacity=1),
        style_function=lambda f: {
            "fillColor": style.HUB_COLOUR,
            "color": "#ffffff",
            "radius": HUB_RADIUS,
        },
        highlight_function=lambda f: {"radius": HUB_RADIUS + 3},
        **{**_details("hubs"), "name": t(LAYER_TITLES["hubs"])},
    ).add_to(m)


def _add_events(m, gdf, draw: _Draw):
    sel, scene, colours = draw.sel, draw.scene, draw.colours
    lang, t = sel.lang, sel.t
    # One dot per place of an activity: a MultiPoint is one dot at each of its places.
    points = placed(gdf)
    if points.empty:
        return
    if len(points) > AGGREGATE_OVER or is_grouped(points):  # grouped in SQL by the store
        _add_event_cells(m, points, draw)
        return
    rows = [
        [
            round(geom.y, COORD_DECIMALS),
            round(geom.x, COORD_DECIMALS),
            r["id"],
            colours.get((r["project_ids"] or [""])[0], "#444"),
            popups.tooltip_html(localized(r, "name", lang), activity_date(r, lang, t)),
            popups.event_html(r, sel),
            r["id"] == scene.highlight,
            # The marker's accessible name (plain text: Leaflet sets it as the icon's title).
            f"{localized(r, 'name', lang)}, {activity_date(r, lang, t)}",
            # Its line in a group's list (plain text, set with textContent): title, date,
            # projects.
            [
                localized(r, "name", lang),
                activity_date(r, lang, t),
                project_names(r["project_ids"], sel),
            ],
        ]
        for r, geom in zip(records(points), points.geometry, strict=True)
    ]
    hubs = placed(sel.layer("hubs")).geometry
    setup = {
        "hubs": [[round(g.y, COORD_DECIMALS), round(g.x, COORD_DECIMALS)] for g in hubs],
        "clusterLabel": t("{count} activities"),
        "clusterColour": style.CLUSTER_COLOUR,
        "listLabels": {
            "count": t("{count} activities at this place"),
            "back": t("All {count} activities here"),
        },
    }
    _Call("activities", rows, setup).add_to(m)


def _add_event_cells(m, points, draw: _Draw):
    """Activities grouped in grid cells: one sized circle per cell, details on demand."""
    lang, t, colours = draw.sel.lang, draw.sel.t, draw.colours
    cells = aggregate_events(points, lambda r: localized(r, "name", lang))
    more = t("and {count} more")
    data = _with_html(
        cells,
        "events",
        lambda c: popups.tooltip_html(t("{count} activities").format(count=c["count"])),
        lambda c: popups.list_html(
            t("{count} activities").format(count=c["count"]), cell_popup_parts(c, more)
        ),
    )
    data["c"] = [colours.get(pid, "#444") for pid in cells["project"]]
    data["r"] = [cell_radius(n) for n in cells["count"]]
    folium.GeoJson(
        _collection(data),
        marker=folium.CircleMarker(radius=EVENT_RADIUS, weight=2, fill=True, fill_opacity=0.8),
        style_function=lambda f: {
            "fillColor": f["properties"]["c"],
            "color": "#ffffff",
            "radius": f["properties"]["r"],
        },
        **{**_details("events"), "name": t(LAYER_TITLES["events"])},
    ).add_to(m)


def _arrow(line, colour: str) -> list:
    """``[lat, lon, CSS degrees, colour]`` of a leg's direction chevron on the web map."""
    lon, lat, degrees = leg_arrow(line)
    # Screen y grows downwards, so a northward heading is a negative CSS rotation.
    return [round(lat, COORD_DECIMALS), round(lon, COORD_DECIMALS), -round(degrees), colour]


_SWATCH_CSS = {
    "swatch": "background:{c}",
    "line": "border-top:3px solid {c}",
    "dashed": "border-top:3px dashed {c}",
    "dot": "background:{c}",
    "arrow": "color:{c}",
    "cluster": "background:{c}",
}
_SWATCH_CLASS = {"swatch": "sw", "line": "ln", "dashed": "ln", "dot": "dot", "arrow": "ar"}


def _legend_html(sel: Selection, faded: bool = False) -> str:
    """The legend sections as HTML: our own CSS for the symbols, every label escaped.

    ``faded``: coverage is drawn see-through over online tiles, and so is its swatch.
    """
    parts = [f"<details open><summary>{escape(sel.t('Legend'))}</summary>"]
    parts.append("<div class='geo-legend-body'>")
    for section in legend_sections(sel):
        parts.append("<div class='geo-legend-section'>")
        parts.append(f"<div class='geo-legend-head'>{escape(section.heading)}</div>")
        for kind, colour, label in section.items:
            css = _SWATCH_CSS[kind].format(c=re.sub(r"[^#0-9a-fA-F]", "", colour))
            if kind == "swatch" and faded:
                css += f";opacity:{style.COVERAGE_OVER_TILES}"
            # A sample beside its label: hidden from assistive technology, the label is read.
            symbol = f"<i class='{_SWATCH_CLASS.get(kind, 'cl')}' style='{css}' aria-hidden='true'>"
            symbol += "3</i>" if kind == "cluster" else "</i>"
            parts.append(f"<div>{symbol}{escape(label)}</div>")
        parts.append("</div>")
    return "".join(parts) + "</div></details>"


# The basemap's countries as GeoJSON text, by basemap: the same for every map drawn over it.
_basemap_json: dict[int, tuple[weakref.ref, str]] = {}


def _countries_json(basemap: gpd.GeoDataFrame) -> str:
    kept = _basemap_json.get(id(basemap))
    if kept is not None and kept[0]() is basemap:
        return kept[1]
    # Shapes and no property: no text from data; "</" escaped all the same.
    text = json.dumps(_shapes(basemap), separators=(",", ":")).replace("</", "<\\/")
    key = id(basemap)
    _basemap_json[key] = (weakref.ref(basemap, lambda _: _basemap_json.pop(key, None)), text)
    return text


class _Basemap(MacroElement):
    """The basemap's countries in one style, not interactive, under every layer.

    Its GeoJSON text is made once a basemap (folium's GeoJson would style each country
    and write the text again for every map: a third of the time a live map takes to render).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data }}, {
            style: {{ this.style | tojson }},
            interactive: false
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, basemap: gpd.GeoDataFrame, style: dict):
        super().__init__()
        self._name = "geo_json"
        self.data = _countries_json(basemap)
        self.style = style


VIEW_MARK = "/* geo: the view's own drawing */"


class _ViewMark(MacroElement):
    """Where a map's script turns from what every view shares to what this view draws.

    Before it: the map, the basemap, the tiles. The live map (ui/livemap.py) keeps that part
    in the browser and swaps the rest (GeoMap.swap).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        """
        + VIEW_MARK
        + """
        {% endmacro %}
        """
    )


class _Call(MacroElement):
    """A call ``GeoMap.<fn>(map, ...)`` of ``geomap.js``, its arguments as JSON.

    Jinja's ``tojson`` escapes ``<``, ``>`` and ``&``, so no text from data can close
    the script element it sits in.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        GeoMap.{{ this.fn }}({{ this._parent.get_name() }}
        {%- for arg in this.args %}, {{ arg | tojson }}{% endfor %});
        {% endmacro %}
        """
    )

    def __init__(self, fn: str, *args):
        super().__init__()
        self._name = "GeoMap"
        self.fn = fn
        self.args = args
