"""One spec per layer: file name, geometry types, required fields and their kinds.

The specs are the single description of the data files; validation, the README's
data dictionary and the app's tables all read them.
"""

from __future__ import annotations

from dataclasses import dataclass

CRS = "EPSG:4326"
PROJECTS = "projects"
SOURCES = "sources"
FIGURES = "figures"
LAYERS = ("hubs", "routes", "coverage", "events")
BASEMAP = "basemap"
LOCATION_PRECISIONS = ("exact", "city", "country", "unknown")
MODES = ("land", "sea", "air")
CONFIDENCES = ("documented", "indicative")
DATE_BASES = ("event", "publication")
FIGURE_UNITS = (
    "people",
    "people per year",
    "percent",
    "rank",
    "countries",
    "cities",
    "years",
    "EUR",
    "USD",
)
# Half the diagonal of a large city: a point farther than this from its country is a typo.
COUNTRY_TOLERANCE_KM = 25.0


@dataclass(frozen=True)
class Field:
    """One property of a feature (or column of a table).

    ``kind`` is one of ``text``, ``list`` (of text), ``date`` (ISO 8601 with
    year, month or day precision), ``year`` (a whole number of four digits),
    ``number``, ``iso3`` or ``choice``.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class LayerSpec:
    """What one data file must hold."""

    name: str
    filename: str
    geometry_types: tuple[str, ...]
    allow_null_geometry: bool
    fields: tuple[Field, ...]
    doc: str = ""

    @property
    def field_names(self) -> list[str]:
        """Names of the fields, in file order."""
        return [f.name for f in self.fields]


def _names(lang_doc: str) -> tuple[Field, ...]:
    return (
        Field("name", doc=f"{lang_doc} in English"),
        Field("name_fr", required=False, doc=f"{lang_doc} in French"),
        Field("name_ar", required=False, doc=f"{lang_doc} in Arabic"),
    )


_SOURCE = (
    Field("source", doc="document title, publisher, date"),
    Field("source_url", required=False, doc="address of the source"),
)
_QUOTE = Field(
    "source_quote", required=False, doc="the sentence of the seed document that supports it"
)
_PRECISION = Field(
    "location_precision",
    "choice",
    choices=LOCATION_PRECISIONS,
    doc="how precisely the geometry places it",
)
_NOTE = Field("note", required=False, doc="caveats, disagreeing sources")

HUBS = LayerSpec(
    "hubs",
    "hubs.geojson",
    ("Point",),
    False,
    (
        Field("id", doc="stable identifier"),
        *_names("city name"),
        Field("alt_names", "list", required=False, doc="other spellings, for search"),
        Field("iso3", "iso3", doc="country"),
        Field("project_ids", "list", doc="projects that name the hub"),
        Field(
            "role",
            required=False,
            doc="why the city matters on the routes, each claim naming the source that states it",
        ),
        Field(
            "role_sources",
            "list",
            required=False,
            doc="address of every source the role cites (listed in `data/sources.csv`)",
        ),
        *_SOURCE,
        _QUOTE,
        _PRECISION,
        Field("coord_source", required=False, doc="gazetteer the coordinate comes from"),
    ),
    "a key hub city along the smuggling routes",
)

EVENTS = LayerSpec(
    "events",
    "events.geojson",
    ("Point", "MultiPoint"),
    True,
    (
        Field("id", doc="stable identifier"),
        *_names("title"),
        Field("kind", doc="launch, meeting, roundtable, training, workshop..."),
        Field("place", required=False, doc="venue city in English (null when not stated)"),
        Field("place_fr", required=False, doc="venue city in French"),
        Field("place_ar", required=False, doc="venue city in Arabic"),
        Field("iso3", "iso3", required=False, doc="venue country (null when not stated)"),
        Field("start_date", "date", doc="ISO 8601, year, month or day precision"),
        Field("end_date", "date", doc="ISO 8601, year, month or day precision"),
        Field(
            "date_basis",
            "choice",
            choices=DATE_BASES,
            doc="`event`: the source dates the activity itself; `publication`: only the date "
            'of the story that reports it is known (shown as "reported on")',
        ),
        Field("project_ids", "list", doc="projects the activity belongs to"),
        Field("summary", required=False, doc="what happened, from the source"),
        *_SOURCE,
        _QUOTE,
        _PRECISION,
        Field("coord_source", required=False, doc="gazetteer the coordinate comes from"),
        _NOTE,
    ),
    "a dated activity: meeting, launch, training...; null geometry when the place is not stated",
)

ROUTES = LayerSpec(
    "routes",
    "routes.geojson",
    ("LineString", "MultiLineString"),
    False,
    (
        Field("id", doc="stable identifier"),
        Field("route_id", doc="route the leg belongs to"),
        Field("route_name", doc="route name in English"),
        Field("route_name_fr", required=False, doc="route name in French"),
        Field("route_name_ar", required=False, doc="route name in Arabic"),
        *_names("leg name"),
        Field("mode", "choice", choices=MODES, doc="land, sea or air"),
        Field("confidence", "choice", choices=CONFIDENCES, doc="documented or indicative"),
        Field("from_place", required=False, doc="start of the leg"),
        Field("to_place", required=False, doc="end of the leg"),
        Field("hub_ids", "list", required=False, doc="hub cities the leg touches"),
        Field(
            "observed_from",
            "year",
            doc="first year of the period the leg's sources describe: the earliest date of the "
            "sources it names (`data/sources.csv`)",
        ),
        Field(
            "observed_to",
            "year",
            doc="last year of that period: the latest date of the sources it names",
        ),
        *_SOURCE,
        Field(
            "sources",
            "list",
            required=False,
            doc="every source address for the leg (each listed, with its date, in "
            "`data/sources.csv`)",
        ),
        _NOTE,
        Field(
            "countries",
            "list",
            required=False,
            doc="not in the file: set on loading, the ISO3 codes of the countries the leg "
            "passes through (an air leg: its two ends), from its geometry and the basemap",
        ),
    ),
    "one leg of a smuggling route (land, sea or air)",
)

COVERAGE = LayerSpec(
    "coverage",
    "coverage.geojson",
    ("Polygon", "MultiPolygon"),
    False,
    (
        Field("id", doc="stable identifier"),
        *_names("country name"),
        Field("project_id", doc="the project"),
        Field("project_ids", "list", doc="the project, as a list like other layers"),
        Field("iso3", "iso3", doc="the country"),
        *_SOURCE,
    ),
    "one country covered by one project",
)

PROJECTS_SPEC = LayerSpec(
    PROJECTS,
    "projects.csv",
    (),
    True,
    (
        Field("id", doc="stable identifier"),
        *_names("project name"),
        Field("short_name", doc="short label for legends"),
        Field("short_name_fr", required=False, doc="short label in French"),
        Field("short_name_ar", required=False, doc="short label in Arabic"),
        Field("start_date", "date", doc="ISO 8601"),
        Field("end_date", "date", doc="ISO 8601"),
        Field(
            "period_note",
            required=False,
            doc="why activities dated outside start_date-end_date belong to the project (an "
            "extension, a later phase), naming each such year; validation reports any other",
        ),
        Field("budget", "number", required=False, doc="total budget"),
        Field("currency", required=False, doc="ISO 4217 code of the budget"),
        Field("funders", "list", doc="';'-separated"),
        Field("partners", "list", required=False, doc="';'-separated"),
        Field("countries", "list", doc="ISO3 codes, ';'-separated"),
        *_SOURCE,
        _QUOTE,
        _NOTE,
    ),
    "one project (a table, no geometry)",
)

SOURCES_SPEC = LayerSpec(
    SOURCES,
    "sources.csv",
    (),
    True,
    (
        Field("url", doc="address of the source, as the features name it"),
        Field("title", required=False, doc="title, where known"),
        Field("publisher", doc="who published it (and where the copy read is kept)"),
        Field(
            "date",
            "date",
            required=False,
            doc="publication date, ISO 8601 at the precision known; empty when not dated",
        ),
        Field("note", required=False, doc="where the date comes from, or why there is none"),
    ),
    "one source of the route legs and hub roles, with its publication date",
)

FIGURES_SPEC = LayerSpec(
    FIGURES,
    "figures.csv",
    (),
    True,
    (
        Field("id", doc="stable identifier"),
        Field("value", "number", doc="the figure as the source states it"),
        Field(
            "value_max", "number", required=False, doc="upper end, when the source gives a range"
        ),
        Field("unit", "choice", choices=FIGURE_UNITS, doc="what the value is counted in"),
        Field("what", doc="what it counts, in English"),
        Field("what_fr", required=False, doc="what it counts, in French"),
        Field("what_ar", required=False, doc="what it counts, in Arabic"),
        Field("iso3", "iso3", required=False, doc="the country it concerns (null for a region)"),
        Field("place", required=False, doc="country, place or region it concerns, in English"),
        Field("place_fr", required=False, doc="the same in French"),
        Field("place_ar", required=False, doc="the same in Arabic"),
        Field(
            "start_date",
            "date",
            required=False,
            doc="date (or first day of the period) the figure refers to; empty when not stated",
        ),
        Field("end_date", "date", required=False, doc="last day of that period"),
        *_SOURCE,
        Field("source_quote", doc="the sentence of the seed document that states it"),
        _NOTE,
    ),
    "one figure a seed document states, with its source and the sentence that states it",
)

BASEMAP_SPEC = LayerSpec(
    BASEMAP,
    "basemap_countries.geojson",
    ("Polygon", "MultiPolygon"),
    False,
    (
        Field("id", doc="stable identifier"),
        Field("iso3", "iso3", required=False, doc="ISO 3166-1 alpha-3 (null when none)"),
        *_names("country name"),
    ),
    "country boundaries, Natural Earth 1:50m (public domain)",
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
