"""The spec of every data file: file name, geometry types, fields and their kinds.

The specs are the single description of the data files; validation, the data dictionary of
docs/data.md and the app's tables all read them. Each layer's spec is declared in its own
module (:mod:`geo.layers`), beside what readers see of it; the tables' (projects, sources,
the basemap) are here.
"""

from __future__ import annotations

from geo.i18n import N_
from geo.layers import coverage, events, figures, hubs, routes
from geo.layers.spec import (  # noqa: F401 - the names geo.data has always offered
    BASEMAP,
    CONFIDENCES,
    COUNTRY_TOLERANCE_KM,
    CRS,
    DATE_BASES,
    FIGURE_QUALIFIERS,
    FIGURE_UNITS,
    FIGURES,
    ID,
    LAYERS,
    LOCATION_BASES,
    LOCATION_PRECISIONS,
    LONG_TEXT,
    MAX_COORDINATES,
    MAX_FEATURES,
    MAX_FILE_BYTES,
    MAX_LIST_ITEMS,
    MAX_STREAMED_BYTES,
    MODES,
    NOTE,
    PROJECTS,
    QUOTE,
    SHORT_TEXT,
    SOURCE_FIELDS,
    SOURCE_LANGUAGE,
    SOURCES,
    TRANSLATION_LANGUAGES,
    URL_TEXT,
    Field,
    LayerSpec,
    names,
    translations,
)

HUBS = hubs.SPEC
EVENTS = events.SPEC
ROUTES = routes.SPEC
COVERAGE = coverage.SPEC
FIGURES_SPEC = figures.SPEC


def translated_fields() -> dict[str, list[Field]]:
    """Every translation field of the data, by layer or table name.

    >>> [f.name for f in translated_fields()["hubs"]]
    ['role_fr', 'role_ar']
    """
    return {name: spec.translations for name, spec in SPECS.items() if spec.translations}


PROJECTS_SPEC = LayerSpec(
    PROJECTS,
    "projects.csv",
    (),
    True,
    (
        ID,
        *names(
            N_("project name in English"),
            N_("project name in French"),
            N_("project name in Arabic"),
        ),
        Field("short_name", doc=N_("short label for legends")),
        Field("short_name_fr", required=False, doc=N_("short label in French")),
        Field("short_name_ar", required=False, doc=N_("short label in Arabic")),
        Field("start_date", "date", doc=N_("ISO 8601")),
        Field("end_date", "date", doc=N_("ISO 8601")),
        Field(
            "period_note",
            required=False,
            doc=N_(
                "why activities dated outside start_date-end_date belong to the project (an "
                "extension, a later phase), naming each such year; validation reports any other"
            ),
        ),
        *translations(
            "period_note",
            N_("French translation of `period_note`; the English is the source text"),
            N_("Arabic translation of `period_note`; the English is the source text"),
        ),
        Field("budget", "number", required=False, doc=N_("total budget")),
        Field("currency", required=False, doc=N_("ISO 4217 code of the budget")),
        Field("funders", "list", doc=N_("';'-separated")),
        Field("partners", "list", required=False, doc=N_("';'-separated")),
        Field("countries", "list", doc=N_("ISO3 codes, ';'-separated")),
        *SOURCE_FIELDS,
        QUOTE,
        *NOTE,
    ),
    N_("one project (a table, no geometry)"),
)

SOURCES_SPEC = LayerSpec(
    SOURCES,
    "sources.csv",
    (),
    True,
    (
        Field("url", doc=N_("address of the source, as the features name it")),
        Field("title", required=False, doc=N_("title, where known")),
        Field("publisher", doc=N_("who published it (and where the copy read is kept)")),
        Field(
            "date",
            "date",
            required=False,
            doc=N_("publication date, ISO 8601 at the precision known; empty when not dated"),
        ),
        Field("note", required=False, doc=N_("where the date comes from, or why there is none")),
        Field(
            "text_file",
            required=False,
            doc=N_(
                "file name of the source's text in the seeds folder (`data/seeds/`), against "
                "which `geo validate --sources` checks every quote of it; empty when none"
            ),
        ),
    ),
    N_(
        "one source of the route legs, hub roles and quotes, with its publication date and "
        "where its text is"
    ),
)

BASEMAP_SPEC = LayerSpec(
    BASEMAP,
    "basemap_countries.geojson",
    ("Polygon", "MultiPolygon"),
    False,
    (
        ID,
        Field("iso3", "iso3", required=False, doc=N_("ISO 3166-1 alpha-3 (null when none)")),
        *names(
            N_("country name in English"),
            N_("country name in French"),
            N_("country name in Arabic"),
        ),
    ),
    N_("country boundaries, Natural Earth 1:50m (public domain)"),
)

SPECS: dict[str, LayerSpec] = {
    s.name: s
    for s in (
        HUBS,
        ROUTES,
        COVERAGE,
        EVENTS,
        PROJECTS_SPEC,
        SOURCES_SPEC,
        FIGURES_SPEC,
        BASEMAP_SPEC,
    )
}
