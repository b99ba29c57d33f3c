"""Coverage: what coverage.geojson holds, one row per project and country.

A country's popup and details list every project active there, from all its rows
(geo.render.popups, geo.render.details), so no line of one row is shown on its own.
"""

from __future__ import annotations

from geo.layers.spec import ID, N_, QUOTE, SOURCE_FIELDS, Field, LayerSpec, Shown, names

TITLE = N_("Country coverage")  # the layer's name: layer control, sidebar, Data page, legend
LIST_TITLE = N_("Countries covered")  # its section of the list beside the map
DRAW_LEVEL = 0  # bottom (0) to top: coverage, routes, hubs, activities
# geo.view.filters.Filters.apply: a feature is shown while its project runs.
FILTER = "projects"

SPEC = LayerSpec(
    "coverage",
    "coverage.geojson",
    ("Polygon", "MultiPolygon"),
    False,
    (
        ID,
        *names(
            N_("country name in English"),
            N_("country name in French"),
            N_("country name in Arabic"),
        ),
        Field("project_id", doc=N_("the project")),
        Field("project_ids", "list", doc=N_("the project, as a list like other layers")),
        Field("iso3", "iso3", doc=N_("the country")),
        *SOURCE_FIELDS,
        QUOTE,
    ),
    N_("one country covered by one project"),
)

SHOWN: tuple[Shown, ...] = ()
