"""Key hub cities: what hubs.geojson holds and what readers see of a hub.

Add a field here: to ``SPEC`` (the file's field, validated, in the data dictionary, the CSV
and the GeoPackage) and to ``SHOWN`` (where readers see it: popup, details, list, card,
printed sheet). Nothing else needs to change.
"""

from __future__ import annotations

from geo.layers.spec import (
    COORD_SOURCE,
    DATE_BASES,
    DETAILS,
    ID,
    N_,
    POPUP,
    PRECISION,
    QUOTE,
    SOURCE_FIELDS,
    Field,
    LayerSpec,
    Shown,
    names,
    translations,
)

TITLE = N_("Key hub cities")  # the layer's name: layer control, sidebar, Data page, legend
LIST_TITLE = TITLE  # its section of the list beside the map
DRAW_LEVEL = 2  # bottom (0) to top: coverage, routes, hubs, activities
# geo.view.filters.Filters.apply: a feature is shown while a project naming it runs, from the year
# its choice was reported.
FILTER = "hub_designation"

SPEC = LayerSpec(
    "hubs",
    "hubs.geojson",
    ("Point",),
    False,
    (
        ID,
        *names(N_("city name in English"), N_("city name in French"), N_("city name in Arabic")),
        Field("alt_names", "list", required=False, doc=N_("other spellings, for search")),
        Field("iso3", "iso3", doc=N_("country")),
        Field("project_ids", "list", doc=N_("projects that name the hub")),
        Field(
            "designated",
            "date",
            required=False,
            doc=N_(
                "when its choice as a key hub city was reported (ISO 8601); the hub shows from "
                "that year on"
            ),
        ),
        Field(
            "designated_basis",
            "choice",
            required=False,
            choices=DATE_BASES,
            doc=N_(
                "`event`: the source dates the choice itself; `publication`: only the date of "
                'the story that reports it (shown as "reported on")'
            ),
        ),
        Field(
            "role",
            required=False,
            doc=N_(
                "why the city matters on the routes, each claim naming the source that states it"
            ),
        ),
        *translations(
            "role",
            N_("French translation of `role`; the English is the source text"),
            N_("Arabic translation of `role`; the English is the source text"),
        ),
        Field(
            "role_sources",
            "list",
            required=False,
            doc=N_("address of every source the role cites (listed in `data/sources.csv`)"),
        ),
        *SOURCE_FIELDS,
        QUOTE,
        PRECISION,
        COORD_SOURCE,
    ),
    N_("a key hub city along the smuggling routes"),
)

SHOWN = (
    Shown(N_("Country"), "iso3", "country", {POPUP, DETAILS}),
    Shown(N_("Chosen as a hub"), "designated", "designated", {POPUP, DETAILS}),
    Shown(N_("Role"), "role", "text", {POPUP, DETAILS}),
    Shown(N_("Projects"), "project_ids", "projects", {POPUP, DETAILS}),
    Shown(N_("Location"), "location_precision", "precision", {DETAILS}),
)
