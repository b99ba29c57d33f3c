"""Build folium maps from the layers: offline basemap, styles, legend, escaped popups.

Nothing here loads from a CDN: every map links Leaflet from the app's own static
folder (or inlines it, for a standalone file), and draws its own basemap.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import box

from geo.data.io import has_place, placed, to_feature_collection
from geo.i18n import format_period, is_rtl, localized
from geo.render import popups, style
from geo.render.aggregate import AGGREGATE_OVER, aggregate_events, cell_popup_parts, cell_radius
from geo.render.assets import STATIC_URL, local_links
from geo.render.legend import leg_arrow, legend_sections
from geo.render.style import LAYER_TITLES
from geo.view.selection import Selection

DEFAULT_BOUNDS = ((15.0, -18.0), (38.0, 36.0))  # North Africa, (south, west), (north, east)
COORD_DECIMALS = 5  # about 1 m: finer than any zoom the map offers
# Country shapes: 3 decimals (about 100 m) and 0.03 degrees of simplification (about 3 km,
# a pixel or two at the zooms used) keep the borders right and the bytes few.
SHAPE_DECIMALS, BASEMAP_TOLERANCE, FAR_TOLERANCE = 3, 0.03, 0.1
DETAIL_BOX = (-20.0, 12.0, 40.0, 46.0)  # west, south, east, north: the Maghreb to the Levant
HUB_RADIUS, EVENT_RADIUS = 11, 6


@dataclass(frozen=True)
class MapOptions:
    """How to draw a map of a selection: size, tiles, where Leaflet comes from, a focus."""

    tile_url: str | None = None
    tile_attribution: str = ""
    asset_base: str = STATIC_URL
    height: int = 600
    highlight: str | None = None
    focus: tuple[float, float, float] | None = None  # (lat, lon, zoom) instead of fitting


@dataclass(frozen=True)
class _Draw:
    """What every layer's drawing needs: the selection, the options, the basemap, colours."""

    sel: Selection
    options: MapOptions
    basemap: gpd.GeoDataFrame
    colours: Mapping[str, str]


def display_basemap(
    basemap: gpd.GeoDataFrame,
    tolerance: float = BASEMAP_TOLERANCE,
    far_tolerance: float = FAR_TOLERANCE,
) -> gpd.GeoDataFrame:
    """The basemap simplified for the zooms used, with country names.

    Countries touching North Africa and the Mediterranean keep about 3 km of detail;
    the rest of the frame (Asia, the Sahel's south...) is only context and gets 10 km.
    """
    simple = basemap[["id", "iso3", "name", "name_fr", "name_ar", "geometry"]].copy()
    near = simple.geometry.intersects(box(*DETAIL_BOX))
    simple["geometry"] = [
        g.simplify(tolerance if n else far_tolerance, preserve_topology=True)
        for g, n in zip(simple.geometry, near, strict=True)
    ]
    return simple[~simple.geometry.is_empty]


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
    sel: Selection, basemap: gpd.GeoDataFrame, options: MapOptions = MapOptions()
) -> folium.Map:
    """A folium map of the layers of ``sel`` over the offline ``basemap``.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import ViewState, select
    >>> data = load_dataset()
    >>> m = build_map(select(data, ViewState(layers=("hubs",))), display_basemap(data.basemap))
    >>> "Ghadames" in m.get_root().render()
    True
    """
    t = sel.t
    m = folium.Map(
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
        height=options.height,
        zoom_snap=0.25,
        world_copy_jump=False,
    )
    m.default_js, m.default_css = local_links(options.asset_base)
    m.get_root().header.add_child(Element(_CSS), name="geo_css")
    if is_rtl(sel.lang):
        m.get_root().header.add_child(Element(_RTL_CSS), name="geo_rtl")
    shown = sel.layers
    covered = set(shown["coverage"]["iso3"]) if "coverage" in shown else set()
    # Each country is sent once: as coverage when covered, else as plain basemap.
    folium.GeoJson(
        _collection(basemap.loc[~basemap["iso3"].isin(covered), ["geometry"]], SHAPE_DECIMALS),
        name=t("Basemap (Natural Earth)"),
        style_function=lambda f: {
            "fillColor": style.BASEMAP_FILL,
            "color": style.BASEMAP_LINE,
            "weight": 0.7,
            # Over online tiles only the borders stay, so the tiles show through.
            "fillOpacity": 0 if options.tile_url else 1,
        },
        interactive=False,
        control=False,
    ).add_to(m)
    if options.tile_url:
        folium.TileLayer(
            options.tile_url, attr=options.tile_attribution or "tiles", name=t("Online tiles")
        ).add_to(m)
    draw = _Draw(sel, options, basemap, style.project_colours(list(sel.all_projects["id"])))
    adders = {
        "coverage": _add_coverage,
        "routes": _add_routes,
        "hubs": _add_hubs,
        "events": _add_events,
    }
    for name in style.DRAW_ORDER:
        if name in shown and not shown[name].empty:
            adders[name](m, shown[name], draw)
    folium.LayerControl(collapsed=True).add_to(m)
    _Legend(_legend_html(sel)).add_to(m)
    if options.focus:
        lat, lon, zoom = options.focus
        m.location, m.options["zoom"] = [lat, lon], zoom
    else:
        m.fit_bounds(_bounds(shown))
    return m


def _collection(gdf: gpd.GeoDataFrame, precision: int = COORD_DECIMALS) -> dict:
    return to_feature_collection(gdf, precision=precision)


def _with_html(gdf: gpd.GeoDataFrame, layer: str, tip, popup) -> gpd.GeoDataFrame:
    """Keep only what the browser needs: id, layer, tooltip, popup, geometry."""
    records = gdf.to_dict("records")
    return gpd.GeoDataFrame(
        {
            "id": gdf["id"].tolist(),
            "layer": layer,
            "tip": [tip(r) for r in records],
            "popup": [popup(r) for r in records],
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
    sel, options, basemap = draw.sel, draw.options, draw.basemap
    lang, t = sel.lang, sel.t
    by_country = coverage_by_country(gdf, sel.project_names)
    # The basemap's simplified shape of each country, so the shape is drawn (and sent) once.
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
    folium.GeoJson(
        _collection(data, SHAPE_DECIMALS),
        style_function=lambda f: {
            "fillColor": style.coverage_colour(f["properties"]["n"]),
            "color": "#41704a",
            "weight": 1,
            "fillOpacity": 0 if options.tile_url else 1,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#1d3b24"},
        # Not in the layer control: these countries are not in the basemap, so hiding
        # them would leave holes; the sidebar's layer choice redraws the map instead.
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
    _Arrows(
        [
            _arrow(g, style.MODE_COLOURS[mode])
            for g, mode in zip(gdf.geometry, gdf["mode"], strict=True)
        ]
    ).add_to(group)
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
    sel, options, colours = draw.sel, draw.options, draw.colours
    lang, t = sel.lang, sel.t
    # Leaflet 1.9.3 cannot bind a tooltip to the layer group a MultiPoint becomes.
    points = placed(gdf)
    if points.empty:
        return
    if len(points) > AGGREGATE_OVER:
        _add_event_cells(m, points, draw)
        return
    data = _with_html(
        points,
        "events",
        lambda r: popups.tooltip_html(
            localized(r, "name", lang),
            format_period(r["start_date"], r["end_date"], lang),
        ),
        lambda r: popups.event_html(r, sel),
    )
    data["c"] = [colours.get(ids[0], "#444") for ids in points["project_ids"]]
    data["hl"] = (points["id"] == options.highlight).values
    folium.GeoJson(
        _collection(data),
        marker=folium.CircleMarker(radius=EVENT_RADIUS, weight=2, fill=True, fill_opacity=0.95),
        style_function=lambda f: {
            "fillColor": f["properties"]["c"],
            "color": "#111111" if f["properties"]["hl"] else "#ffffff",
            "weight": 5 if f["properties"]["hl"] else 2,
            "radius": 13 if f["properties"]["hl"] else EVENT_RADIUS,
        },
        **{**_details("events"), "name": t(LAYER_TITLES["events"])},
    ).add_to(m)


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


def _bounds(layers: Mapping[str, gpd.GeoDataFrame]) -> list[list[float]]:
    frames = [g[has_place(g)] for g in layers.values()]
    frames = [g for g in frames if not g.empty]
    if not frames:
        (s, w), (n, e) = DEFAULT_BOUNDS
        return [[s, w], [n, e]]
    minx, miny, maxx, maxy = pd.concat([g.geometry for g in frames]).total_bounds
    return [[miny, minx], [maxy, maxx]]


_SWATCH_CSS = {
    "swatch": "background:{c}",
    "line": "border-top:3px solid {c}",
    "dashed": "border-top:3px dashed {c}",
    "dot": "background:{c}",
    "arrow": "color:{c}",
}
_SWATCH_CLASS = {"swatch": "sw", "line": "ln", "dashed": "ln", "dot": "dot", "arrow": "ar"}


def _legend_html(sel: Selection) -> str:
    """The legend sections as HTML: our own CSS for the symbols, every label escaped."""
    parts = [f"<details open><summary class='geo-legend-title'>{escape(sel.t('Legend'))}</summary>"]
    for section in legend_sections(sel):
        parts.append(f"<div class='geo-legend-head'>{escape(section.heading)}</div>")
        for kind, colour, label in section.items:
            css = _SWATCH_CSS[kind].format(c=re.sub(r"[^#0-9a-fA-F]", "", colour))
            parts.append(
                f"<div><i class='{_SWATCH_CLASS[kind]}' style='{css}'></i>{escape(label)}</div>"
            )
    return "".join(parts) + "</details>"


class _Arrows(MacroElement):
    """Direction chevrons of constant screen size, one per route leg, drawn in one loop."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var arrows = {{ this.arrows | tojson }};
            arrows.forEach(function (a) {
                var svg = '<svg viewBox="0 0 12 12" width="14" height="14" style="transform:rotate('
                    + Number(a[2]) + 'deg)"><path d="M2 1 L11 6 L2 11 L5 6 Z" fill="'
                    + String(a[3]).replace(/[^#0-9a-fA-F]/g, '') + '"/></svg>';
                L.marker([a[0], a[1]], {
                    icon: L.divIcon({className: "geo-arrow", html: svg, iconSize: [14, 14]}),
                    interactive: false, keyboard: false
                }).addTo({{ this._parent.get_name() }});
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, arrows: list[list]):
        super().__init__()
        self._name = "Arrows"
        self.arrows = arrows


class _Legend(MacroElement):
    """A Leaflet control holding the legend (HTML built and escaped in Python)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "topright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "geo-legend");
                div.innerHTML = {{ this.content | tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, content: str):
        super().__init__()
        self._name = "Legend"
        self.content = content


_RTL_CSS = """<style>
.geo-legend,.geo-popup,.leaflet-tooltip{direction:rtl;text-align:right}
</style>"""

_CSS = (
    """<style>
.geo-legend{background:rgba(255,255,255,.94);padding:8px 10px;border-radius:6px;
 font:13px/1.45 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:240px}
.geo-legend-title{font-weight:700;margin-bottom:2px;cursor:pointer}
.geo-legend-head{margin-top:6px;font-weight:600}
.geo-legend i{display:inline-block;vertical-align:middle;margin-inline-end:6px}
.geo-legend i.sw{width:16px;height:12px;border:1px solid #41704a}
.geo-legend i.ln{width:24px;height:0}
.geo-legend i.ar{width:14px;height:0;border-top:0;position:relative}
.geo-legend i.ar::before{content:'\\27A4';position:absolute;top:-9px;font-style:normal}
.geo-legend i.dot{width:12px;height:12px;border-radius:50%;border:2px solid #fff;
 box-shadow:0 0 0 1px #888}
.geo-popup{font:13px/1.45 system-ui,sans-serif;max-width:340px}
.geo-popup h4{margin:0 0 6px;font-size:15px}
.geo-popup th{text-align:start;padding-inline-end:8px;vertical-align:top;color:#555}
.geo-quote{margin:6px 0 0;padding-inline-start:8px;border-inline-start:3px solid #ccc;
 color:#333;font-style:italic}
.geo-arrow{background:none;border:none}
.leaflet-container{background:"""
    + style.SEA
    + """}
</style>"""
)
