"""Activities: what events.geojson holds and what readers see of an activity.

Add a field here: to ``SPEC`` (the file's field, validated, in the data dictionary, the CSV
and the GeoPackage) and to ``SHOWN`` (where readers see it: popup, details, list, the
presenter's card, the printed sheet's list, the Events page's table). Nothing else needs to
change.
"""

from __future__ import annotations

from geo.layers.spec import (
    CARD,
    COORD_SOURCE,
    DATE_BASES,
    DETAILS,
    ID,
    LIST,
    LOCATION_BASES,
    N_,
    NOTE,
    POPUP,
    PRECISION,
    PRINTED,
    QUOTE,
    SOURCE_FIELDS,
    TABLE,
    Field,
    LayerSpec,
    Shown,
    names,
    translations,
)

TITLE = N_("Activities")  # the layer's name: layer control, sidebar, Data page, legend
LIST_TITLE = TITLE  # its section of the list beside the map
DRAW_LEVEL = 3  # bottom (0) to top: coverage, routes, hubs, activities
# geo.view.filters.Filters.apply: a feature is shown when its dates meet the chosen years and a
# source ties it to a chosen project.
FILTER = "dates"

SPEC = LayerSpec(
    "events",
    "events.geojson",
    ("Point", "MultiPoint"),
    True,
    (
        ID,
        *names(N_("title in English"), N_("title in French"), N_("title in Arabic")),
        Field("kind", doc=N_("launch, meeting, roundtable, training, workshop...")),
        Field(
            "place",
            required=False,
            doc=N_(
                "city in English (null when not stated): the venue, or the city a source names "
                "on another basis (`location_basis`)"
            ),
        ),
        Field("place_fr", required=False, doc=N_("that city in French")),
        Field("place_ar", required=False, doc=N_("that city in Arabic")),
        Field("iso3", "iso3", required=False, doc=N_("venue country (null when not stated)")),
        Field(
            "location_basis",
            "choice",
            required=False,
            choices=LOCATION_BASES,
            doc=N_(
                "what names its place: `stated` (the source says it took place there), "
                "`dateline` (only the story's dateline names the city: shown as \"reported "
                "from\", never as the venue), `organiser` (the organiser's seat); empty when "
                "no place is given"
            ),
        ),
        Field("start_date", "date", doc=N_("ISO 8601, year, month or day precision")),
        Field("end_date", "date", doc=N_("ISO 8601, year, month or day precision")),
        Field(
            "date_basis",
            "choice",
            choices=DATE_BASES,
            doc=N_(
                "`event`: the source dates the activity itself; `publication`: only the date "
                'of the story that reports it is known (shown as "reported on")'
            ),
        ),
        Field(
            "project_ids",
            "list",
            required=False,
            doc=N_(
                "projects a source ties the activity to; empty when no source names its "
                "organiser (shown only when no project is chosen)"
            ),
        ),
        Field("summary", required=False, doc=N_("what happened, from the source")),
        *translations(
            "summary",
            N_("French translation of `summary`; the English is the source text"),
            N_("Arabic translation of `summary`; the English is the source text"),
        ),
        *SOURCE_FIELDS,
        QUOTE,
        PRECISION,
        COORD_SOURCE,
        *NOTE,
    ),
    N_(
        "a dated activity: meeting, launch, training...; null geometry when the place is not stated"
    ),
)

# The place three ways: with its country in the popup ("Cairo (Egypt)"), as the presenter's
# step names it ("Turkey (country only)"), and the city alone in the printed list's column.
SHOWN = (
    Shown(N_("Date"), "start_date", "date", {POPUP, DETAILS, CARD, LIST, PRINTED, TABLE}, 0.18),
    Shown(N_("Activity"), "name", "name", {PRINTED, TABLE}, 0.42),
    Shown(N_("Kind"), "kind", "english", {DETAILS}),
    Shown(N_("Place"), "place", "place_and_country", {POPUP, TABLE}),
    Shown(N_("Place"), "place", "step_place", {DETAILS, CARD}),
    Shown(N_("Place"), "place", "city", {PRINTED}, 0.15),
    Shown(N_("Country"), "iso3", "country_or_not_stated", {DETAILS}),
    Shown(N_("Location"), "location_precision", "located", {DETAILS}),
    Shown(N_("Projects"), "project_ids", "projects", {POPUP, DETAILS, CARD, PRINTED, TABLE}, 0.25),
    Shown(N_("What"), "summary", "text", {POPUP, DETAILS}),
    Shown(N_("Note"), "note", "text", {DETAILS}),
)
