"""The store's tables, one per data file, built from the layer specs of geo.data.schema.

Each spec field is a column of the SQL type of its kind, NOT NULL when required, with the
checks SQL can hold (choices, ISO3 codes, a period that does not end before it starts);
a layer's geometry is ``geometry(<type>, 4326)`` with a GiST index. Every table also keeps
``ord`` (the feature's place in its file, so a dump reads like the file it came from),
``extra`` (properties the spec does not name, kept for the round trip) and ``digest``
(a hash of the feature, to tell the ids a load changed).
"""

from __future__ import annotations

from geoalchemy2 import Geometry
from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    Column,
    Double,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

from geo.data.geography import LAND_FILE
from geo.data.schema import SPECS, Field, LayerSpec

LAND_SPEC = LayerSpec(
    "land",
    LAND_FILE,
    ("Polygon", "MultiPolygon"),
    False,
    (Field("id", doc="stable identifier"), Field("name", required=False)),
    "the basemap's land, against which route legs are checked",
)
STORED: dict[str, LayerSpec] = {**SPECS, "land": LAND_SPEC}
"""Every file of a data folder that the store holds, by table name."""

DERIVED = {("routes", "countries"), ("routes", "route_years")}
"""Fields set on loading, not read from the file: never stored."""

KEYS = {"sources": "url"}
"""The field naming a row, where it is not ``id``."""

GEOM = "geom"
ORDER = "ord"
EXTRA = "extra"
DIGEST = "digest"
_PERIODS = (("start_date", "end_date"), ("observed_from", "observed_to"))
_TYPES = {"list": ARRAY(Text), "number": Double(), "year": Integer()}

metadata = MetaData()


def stored_fields(spec: LayerSpec) -> list[Field]:
    """The fields of ``spec`` that the store keeps (all but those set on loading)."""
    return [f for f in spec.fields if (spec.name, f.name) not in DERIVED]


def key_of(spec: LayerSpec) -> str:
    """The field that names a row of ``spec``."""
    return KEYS.get(spec.name, "id")


def _column(spec: LayerSpec, f: Field) -> Column:
    kind = _TYPES.get(f.kind, Text())
    args = []
    if spec.name != "projects" and f.name == "project_id":
        args.append(ForeignKey("projects.id", deferrable=True, initially="DEFERRED"))
    return Column(f.name, kind, *args, nullable=not f.required, primary_key=f.name == key_of(spec))


def _checks(spec: LayerSpec) -> list[CheckConstraint]:
    checks = []
    names = {f.name for f in stored_fields(spec)}
    for f in stored_fields(spec):
        col = f'"{f.name}"'
        if f.kind == "choice":
            allowed = ", ".join("'" + c.replace("'", "''") + "'" for c in f.choices)
            checks.append(CheckConstraint(f"{col} IN ({allowed})", name=f"{spec.name}_{f.name}"))
        elif f.kind == "iso3":
            checks.append(CheckConstraint(f"{col} ~ '^[A-Z]{{3}}$'", name=f"{spec.name}_{f.name}"))
        elif f.kind == "list":
            checks.append(
                CheckConstraint(
                    f"array_position({col}, NULL) IS NULL", name=f"{spec.name}_{f.name}"
                )
            )
    for first, last in _PERIODS:
        if {first, last} <= names:
            # ISO dates of any precision: compare at the coarser one (2022 <= 2022-09).
            n = f"least(length({first}::text), length({last}::text))"
            checks.append(
                CheckConstraint(
                    f"left({first}::text, {n}) <= left({last}::text, {n})",
                    name=f"{spec.name}_{first}_before_{last}",
                )
            )
    if spec.geometry_types and len(spec.geometry_types) > 1:
        kinds = ", ".join(f"'ST_{g}'" for g in spec.geometry_types)
        checks.append(
            CheckConstraint(f"ST_GeometryType({GEOM}) IN ({kinds})", name=f"{spec.name}_geom")
        )
    return checks


def _table(spec: LayerSpec) -> Table:
    columns = [_column(spec, f) for f in stored_fields(spec)]
    if spec.geometry_types:
        kind = spec.geometry_types[0].upper() if len(spec.geometry_types) == 1 else "GEOMETRY"
        columns.append(
            Column(
                GEOM,
                Geometry(kind, srid=4326, spatial_index=True),
                nullable=spec.allow_null_geometry,
            )
        )
    columns += [
        Column(ORDER, Integer, nullable=False),
        Column(EXTRA, JSONB),
        Column(DIGEST, Text, nullable=False),
    ]
    return Table(spec.name, metadata, *columns, *_checks(spec))


TABLES: dict[str, Table] = {name: _table(spec) for name, spec in STORED.items()}
WITH_PROJECT_IDS = [
    name
    for name, spec in STORED.items()
    if name != "projects" and any(f.name == "project_ids" for f in spec.fields)
]
"""Tables whose ``project_ids`` must name known projects (a trigger checks them)."""

LOAD_ORDER = ["projects", *[n for n in TABLES if n != "projects"]]
"""Projects first: the other tables refer to them."""
