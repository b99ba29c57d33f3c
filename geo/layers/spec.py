"""The parts every layer's module is made of: fields, specs, and how a field is shown.

A layer's module (:mod:`geo.layers.hubs`, ...) declares what its file holds (a
:class:`LayerSpec` of :class:`Field`) and what readers see of a feature (:class:`Shown`
lines); the fields several layers share are here. Nothing here reads a file or draws:
validation (:mod:`geo.data`) and every output (:mod:`geo.render`) read these values.
This package imports nothing of geo.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for translation, as :func:`geo.i18n.N_` does (Babel reads ``N_``).

    Not imported from geo.i18n, which reads dates with geo.data: this package is below it.
    """
    return message


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
# db load reads the activities a batch at a time (geo/data/stream.py): memory does not
# follow the file's size there, so it may be larger (a million run to 2.6 GB).
MAX_STREAMED_BYTES = 16 << 30
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


def names(english: str, french: str, arabic: str) -> tuple[Field, ...]:
    """The name in English (required) and its French and Arabic forms."""
    return (
        Field("name", doc=english),
        Field("name_fr", required=False, doc=french),
        Field("name_ar", required=False, doc=arabic),
    )


def translations(field: str, french: str, arabic: str) -> tuple[Field, Field]:
    """The French and Arabic translations of the free English text ``field``."""
    return (
        Field(f"{field}_fr", required=False, doc=french, translation_of=field),
        Field(f"{field}_ar", required=False, doc=arabic, translation_of=field),
    )


SOURCE_FIELDS = (
    Field("source", doc=N_("document title, publisher, date")),
    Field("source_url", required=False, doc=N_("address of the source")),
)
QUOTE = Field(
    "source_quote",
    required=False,
    doc=N_("the sentence of the seed document that supports it, in its own words (English)"),
)
PRECISION = Field(
    "location_precision",
    "choice",
    choices=LOCATION_PRECISIONS,
    doc=N_("how precisely the geometry places it"),
)
NOTE = (
    Field("note", required=False, doc=N_("caveats, disagreeing sources")),
    *translations(
        "note",
        N_("French translation of `note`; the English is the source text"),
        N_("Arabic translation of `note`; the English is the source text"),
    ),
)
ID = Field("id", doc=N_("stable identifier"))
COORD_SOURCE = Field("coord_source", required=False, doc=N_("gazetteer the coordinate comes from"))

# Where a line of a feature is shown to readers.
POPUP = "popup"  # the map's popup
DETAILS = "details"  # the panel beside the map
CARD = "card"  # the presenter's card of a step
LIST = "list"  # the item in the list beside the map, after its name
PRINTED = "printed"  # a column of the PDF's list
TABLE = "table"  # a column of the Events page's table of activities
EVERYWHERE = frozenset({POPUP, DETAILS, CARD, LIST, PRINTED, TABLE})


@dataclass(frozen=True)
class Shown:
    """One line readers see of a feature: its label, the field it shows, how and where.

    ``how`` names how :mod:`geo.render.described` writes the value: ``plain`` (as it is),
    ``text`` (free text in the view's language, English where a translation is missing),
    ``english`` (a word of the data with no translation, marked as English),
    ``choice`` (one of the field's choices, translated), ``number``, ``list``, or a way of
    the layer's own (``date``, ``place``...). ``where`` says which outputs show the line
    (:data:`POPUP`, :data:`DETAILS`, :data:`CARD`, :data:`LIST`, :data:`PRINTED`,
    :data:`TABLE`);
    ``width`` is its share of a printed row, where it is a column.
    """

    label: str
    field: str
    how: str = "plain"
    where: frozenset[str] = EVERYWHERE
    width: float = 0.15

    def __post_init__(self) -> None:
        object.__setattr__(self, "where", frozenset(self.where))  # a set literal reads better

    def shown_in(self, where: str) -> bool:
        """Whether the output ``where`` shows this line."""
        return where in self.where


def shown_in(lines: tuple[Shown, ...], where: str) -> tuple[Shown, ...]:
    """The lines of ``lines`` the output ``where`` shows, in their order.

    >>> [s.label for s in shown_in((Shown("A", "a"), Shown("B", "b", where={POPUP})), LIST)]
    ['A']
    """
    return tuple(s for s in lines if s.shown_in(where))
