"""One spec per layer: file name, geometry types, required fields and their kinds.

The specs are the single description of the data files; validation, the
data dictionary of docs/data.md and the app's tables all read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.i18n import N_

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
LOCATION_BASES = ("stated", "dateline", "organiser")
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
FIGURE_QUALIFIERS = ("about", "at least", "up to")
# The language the data's free text, titles and quotes are written in; translations beside it.
SOURCE_LANGUAGE = "en"
TRANSLATION_LANGUAGES = ("fr", "ar")
# Half the diagonal of a large city: a point farther than this from its country is a typo.
COUNTRY_TOLERANCE_KM = 25.0

# Limits on input. Far above what the sources need (the longest note has 631 characters,
# the most detailed geometry, the basemap's land, 15,553 points; bench/ loads a million
# activities) and far below what hurts: a 50 MB summary once hung a browser for minutes.
MAX_FILE_BYTES = 1 << 30  # one file of data/, 1 GiB
MAX_FEATURES = 2_000_000  # features (or rows) in one file
MAX_COORDINATES = 200_000  # points in one geometry
MAX_LIST_ITEMS = 200  # texts in one list field
SHORT_TEXT = 500  # characters: ids, names, places, source titles, list items
URL_TEXT = 2_000  # characters: an address
LONG_TEXT = 5_000  # characters: summaries, roles, notes, quotes
_LONG_FIELDS = ("summary", "role", "note", "period_note", "source_quote", "what")


@dataclass(frozen=True)
class Field:
    """One property of a feature (or column of a table).

    ``kind`` is one of ``text``, ``list`` (of text), ``date`` (ISO 8601 with
    year, month or day precision), ``year`` (a whole number of four digits),
    ``number``, ``iso3`` or ``choice``. ``translation_of`` names the English field a
    translation renders (``summary`` for ``summary_fr``): the English is the source text,
    and a feature that has it must have every translation (see :func:`translated_fields`).
    ``doc`` is marked for translation: the Data page shows it in the interface language.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    doc: str = ""
    translation_of: str = ""

    @property
    def max_chars(self) -> int:
        """The longest text the field (or each item of a list field) may hold.

        >>> Field("summary_fr").max_chars, Field("source_url").max_chars, Field("name").max_chars
        (5000, 2000, 500)
        """
        base = self.translation_of or self.name.removesuffix("_fr").removesuffix("_ar")
        if base in _LONG_FIELDS:
            return LONG_TEXT
        if base.endswith("url") or base.endswith("sources"):
            return URL_TEXT
        return SHORT_TEXT

    @property
    def language(self) -> str:
        """The language of the field's text: ``fr`` for ``summary_fr``, else English."""
        suffix = self.name.rpartition("_")[2]
        return suffix if self.translation_of and suffix in TRANSLATION_LANGUAGES else "en"


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

    @property
    def translations(self) -> list[Field]:
        """The fields that translate free English text of the layer (``summary_fr``...)."""
        return [f for f in self.fields if f.translation_of]


def _names(english: str, french: str, arabic: str) -> tuple[Field, ...]:
    return (
        Field("name", doc=english),
        Field("name_fr", required=False, doc=french),
        Field("name_ar", required=False, doc=arabic),
    )


def _translations(field: str, french: str, arabic: str) -> tuple[Field, Field]:
    """The French and Arabic translations of the free English text ``field``."""
    return (
        Field(f"{field}_fr", required=False, doc=french, translation_of=field),
        Field(f"{field}_ar", required=False, doc=arabic, translation_of=field),
    )


def translated_fields() -> dict[str, list[Field]]:
    """Every translation field of the data, by layer or table name.

    >>> [f.name for f in translated_fields()["hubs"]]
    ['role_fr', 'role_ar']
    """
    return {name: spec.translations for name, spec in SPECS.items() if spec.translations}


_SOURCE = (
    Field("source", doc=N_("document title, publisher, date")),
    Field("source_url", required=False, doc=N_("address of the source")),
)
_QUOTE = Field(
    "source_quote",
    required=False,
    doc=N_("the sentence of the seed document that supports it, in its own words (English)"),
)
_PRECISION = Field(
    "location_precision",
    "choice",
    choices=LOCATION_PRECISIONS,
    doc=N_("how precisely the geometry places it"),
)
_NOTE = (
    Field("note", required=False, doc=N_("caveats, disagreeing sources")),
    *_translations(
        "note",
        N_("French translation of `note`; the English is the source text"),
        N_("Arabic translation of `note`; the English is the source text"),
    ),
)
_ID = Field("id", doc=N_("stable identifier"))
_COORD_SOURCE = Field("coord_source", required=False, doc=N_("gazetteer the coordinate comes from"))

HUBS = LayerSpec(
    "hubs",
    "hubs.geojson",
    ("Point",),
    False,
    (
        _ID,
        *_names(N_("city name in English"), N_("city name in French"), N_("city name in Arabic")),
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
        *_translations(
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
        *_SOURCE,
        _QUOTE,
        _PRECISION,
        _COORD_SOURCE,
    ),
    N_("a key hub city along the smuggling routes"),
)

EVENTS = LayerSpec(
    "events",
    "events.geojson",
    ("Point", "MultiPoint"),
    True,
    (
        _ID,
        *_names(N_("title in English"), N_("title in French"), N_("title in Arabic")),
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
        *_translations(
            "summary",
            N_("French translation of `summary`; the English is the source text"),
            N_("Arabic translation of `summary`; the English is the source text"),
        ),
        *_SOURCE,
        _QUOTE,
        _PRECISION,
        _COORD_SOURCE,
        *_NOTE,
    ),
    N_(
        "a dated activity: meeting, launch, training...; null geometry when the place is not stated"
    ),
)

ROUTES = LayerSpec(
    "routes",
    "routes.geojson",
    ("LineString", "MultiLineString"),
    False,
    (
        _ID,
        Field("route_id", doc=N_("route the leg belongs to")),
        Field("route_name", doc=N_("route name in English")),
        Field("route_name_fr", required=False, doc=N_("route name in French")),
        Field("route_name_ar", required=False, doc=N_("route name in Arabic")),
        *_names(N_("leg name in English"), N_("leg name in French"), N_("leg name in Arabic")),
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
        *_SOURCE,
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
        *_NOTE,
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

COVERAGE = LayerSpec(
    "coverage",
    "coverage.geojson",
    ("Polygon", "MultiPolygon"),
    False,
    (
        _ID,
        *_names(
            N_("country name in English"),
            N_("country name in French"),
            N_("country name in Arabic"),
        ),
        Field("project_id", doc=N_("the project")),
        Field("project_ids", "list", doc=N_("the project, as a list like other layers")),
        Field("iso3", "iso3", doc=N_("the country")),
        *_SOURCE,
        _QUOTE,
    ),
    N_("one country covered by one project"),
)

PROJECTS_SPEC = LayerSpec(
    PROJECTS,
    "projects.csv",
    (),
    True,
    (
        _ID,
        *_names(
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
        *_translations(
            "period_note",
            N_("French translation of `period_note`; the English is the source text"),
            N_("Arabic translation of `period_note`; the English is the source text"),
        ),
        Field("budget", "number", required=False, doc=N_("total budget")),
        Field("currency", required=False, doc=N_("ISO 4217 code of the budget")),
        Field("funders", "list", doc=N_("';'-separated")),
        Field("partners", "list", required=False, doc=N_("';'-separated")),
        Field("countries", "list", doc=N_("ISO3 codes, ';'-separated")),
        *_SOURCE,
        _QUOTE,
        *_NOTE,
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

FIGURES_SPEC = LayerSpec(
    FIGURES,
    "figures.csv",
    (),
    True,
    (
        _ID,
        Field("value", "number", doc=N_("the figure as the source states it")),
        Field(
            "value_max",
            "number",
            required=False,
            doc=N_("upper end, when the source gives a range"),
        ),
        Field(
            "qualifier",
            "choice",
            required=False,
            choices=FIGURE_QUALIFIERS,
            doc=N_("how the source qualifies the value (about, at least, up to); empty: exact"),
        ),
        Field("unit", "choice", choices=FIGURE_UNITS, doc=N_("what the value is counted in")),
        Field("what", doc=N_("what it counts, in English")),
        Field("what_fr", required=False, doc=N_("what it counts, in French")),
        Field("what_ar", required=False, doc=N_("what it counts, in Arabic")),
        Field(
            "project_ids",
            "list",
            required=False,
            doc=N_(
                "projects the source ties the figure to; empty: context, shown with a project "
                "only when its dates fall in the project's years"
            ),
        ),
        Field(
            "iso3", "iso3", required=False, doc=N_("the country it concerns (null for a region)")
        ),
        Field(
            "place",
            required=False,
            doc=N_("country, place or region it concerns, in English"),
        ),
        Field("place_fr", required=False, doc=N_("the same in French")),
        Field("place_ar", required=False, doc=N_("the same in Arabic")),
        Field(
            "start_date",
            "date",
            required=False,
            doc=N_("date (or first day of the period) the figure refers to; empty when not stated"),
        ),
        Field("end_date", "date", required=False, doc=N_("last day of that period")),
        *_SOURCE,
        Field("source_quote", doc=N_("the sentence of the seed document that states it")),
        Field("note", required=False, doc=N_("caveats, disagreeing sources")),
    ),
    N_("one figure a seed document states, with its source and the sentence that states it"),
)

BASEMAP_SPEC = LayerSpec(
    BASEMAP,
    "basemap_countries.geojson",
    ("Polygon", "MultiPolygon"),
    False,
    (
        _ID,
        Field("iso3", "iso3", required=False, doc=N_("ISO 3166-1 alpha-3 (null when none)")),
        *_names(
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
