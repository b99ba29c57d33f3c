"""Route legs: what routes.geojson holds and what readers see of a leg.

Add a field here: to ``SPEC`` (the file's field, validated, in the data dictionary, the CSV
and the GeoPackage) and to ``SHOWN`` (where readers see it: popup, details). The sources
that state a leg are shown by their own rule (geo.render.popups, geo.render.details).
"""

from __future__ import annotations

from geo.layers.spec import (
    CONFIDENCES,
    DETAILS,
    ID,
    MODES,
    N_,
    NOTE,
    POPUP,
    SOURCE_FIELDS,
    Field,
    LayerSpec,
    Shown,
    names,
)

TITLE = N_("Smuggling routes")  # the layer's name: layer control, sidebar, Data page, legend
LIST_TITLE = N_("Route legs")  # its section of the list beside the map
DRAW_LEVEL = 1  # bottom (0) to top: coverage, routes, hubs, activities
# geo.view.filters.Filters.apply: a feature is shown in the years its sources describe, where a
# chosen project covers a country it runs through.
FILTER = "leg_years"

SPEC = LayerSpec(
    "routes",
    "routes.geojson",
    ("LineString", "MultiLineString"),
    False,
    (
        ID,
        Field("route_id", doc=N_("route the leg belongs to")),
        Field("route_name", doc=N_("route name in English")),
        Field("route_name_fr", required=False, doc=N_("route name in French")),
        Field("route_name_ar", required=False, doc=N_("route name in Arabic")),
        *names(N_("leg name in English"), N_("leg name in French"), N_("leg name in Arabic")),
        Field("mode", "choice", choices=MODES, doc=N_("land, sea or air")),
        Field("confidence", "choice", choices=CONFIDENCES, doc=N_("documented or indicative")),
        Field("from_place", required=False, doc=N_("start of the leg")),
        Field("to_place", required=False, doc=N_("end of the leg")),
        Field("hub_ids", "list", required=False, doc=N_("hub cities the leg touches")),
        Field(
            "observed_from",
            "year",
            required=False,
            doc=N_(
                "first year of the period the leg's own sources describe: the earliest date of "
                "the sources it names (`data/sources.csv`); empty when none of them is dated"
            ),
        ),
        Field(
            "observed_to",
            "year",
            required=False,
            doc=N_("last year of that period: the latest date of the sources it names"),
        ),
        *SOURCE_FIELDS,
        Field(
            "sources",
            "list",
            required=False,
            doc=N_(
                "the sources that state this leg (for an indicative leg, the part they state), "
                "its main `source_url` first (each listed, with its date, in "
                "`data/sources.csv`); empty when no source states any of it: its `source_url` "
                "is then its route's"
            ),
        ),
        *NOTE,
        Field(
            "countries",
            "list",
            required=False,
            doc=N_(
                "not in the file: set on loading, the ISO3 codes of the countries the leg "
                "passes through (an air leg: its two ends), from its geometry and the basemap"
            ),
        ),
        Field(
            "route_years",
            "list",
            required=False,
            doc=N_(
                "not in the file: set on loading, the years of the dated sources of the leg's "
                "route; an indicative leg none of whose own sources is dated shows only in "
                "those years"
            ),
        ),
    ),
    N_("one leg of a smuggling route (land, sea or air)"),
)

SHOWN = (
    Shown(N_("Leg"), "name", "name", {POPUP}),
    Shown(N_("Route"), "route_name", "name", {DETAILS}),
    Shown(N_("Mode"), "mode", "choice", {POPUP, DETAILS}),
    Shown(N_("Confidence"), "confidence", "choice", {POPUP, DETAILS}),
    Shown(N_("Years its sources describe"), "observed_from", "leg_years", {POPUP, DETAILS}),
    Shown(N_("From"), "from_place", "english", {DETAILS}),
    Shown(N_("To"), "to_place", "english", {DETAILS}),
    Shown(N_("Key hub cities"), "hub_ids", "hub_names", {DETAILS}),
    Shown(N_("Note"), "note", "text", {DETAILS}),
)
