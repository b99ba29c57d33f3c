"""Provenance in every download: a Frictionless Data Package descriptor for the ZIP.

:func:`with_datapackage` adds to a download ZIP the seeds' figures and the dated sources of
what it holds (``figures.csv``, ``sources.csv``) and a ``datapackage.json`` that describes
every file: name, version, creation time, licences, sources, the temporal and spatial
coverage, the filters applied, and one resource per file with its schema (from the data
dictionary, :mod:`geo.data.schema`), size and sha256. The descriptor follows Data Package 2.0
(https://datapackage.org) and validates with the ``frictionless`` package.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from importlib import metadata
from typing import Any

import pandas as pd
import shapely

from geo.data import dates
from geo.data.schema import FIGURES_SPEC, PROJECTS_SPEC, SOURCES_SPEC, SPECS, LayerSpec
from geo.view.selection import Selection

DESCRIPTOR = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PACKAGE_NAME = "north-africa-smuggling-routes"
_DIST = "nafrica-smuggling-map"
_TABLES = {
    "projects.csv": PROJECTS_SPEC,
    "figures.csv": FIGURES_SPEC,
    "sources.csv": SOURCES_SPEC,
}
_KIND = {
    "geojson": ("json", "application/geo+json"),
    "gpkg": ("file", "application/geopackage+sqlite3"),
    "txt": ("text", "text/plain"),
    "csv": ("table", "text/csv"),
}
LICENSES = [
    {
        "name": "notspecified",
        "title": "Compiled from public documents; no licence is stated for the compilation. "
        "Each feature names its source: cite it, and follow its terms.",
    },
    {
        "name": "other-pd",
        "title": "Natural Earth country shapes (coverage polygons): public domain",
        "path": "https://www.naturalearthdata.com/about/terms-of-use/",
    },
]


def version() -> str:
    """The version of the installed package (``unknown`` when it is not installed)."""
    try:
        return metadata.version(_DIST)
    except metadata.PackageNotFoundError:
        return "unknown"


# OWASP's rule against CSV injection: a spreadsheet reads a cell that starts with one of
# these as a formula (``=HYPERLINK(...)`` becomes a link, ``@SUM(1)`` runs), so a text cell
# starting so is written with a ``'`` before it, which the spreadsheet shows as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Fields whose cells are numbers, whatever type they have in the frame: ``-3.5`` is a number,
# never a formula, and a quote would make it text (and break the Table Schema's type).
NUMBER_KINDS = frozenset({"number", "year"})


def neutralise(value: Any) -> Any:
    """``value`` safe in a spreadsheet: text that would start a formula gets a ``'`` before it.

    Only text is changed; a number, even negative, is left as it is.

    >>> print(neutralise('=HYPERLINK("http://x","y")'), neutralise("@SUM(1)"), neutralise("Kufra"))
    '=HYPERLINK("http://x","y") '@SUM(1) Kufra
    >>> neutralise(-3.5), neutralise(None)
    (-3.5, None)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame, spec: LayerSpec | None = None) -> str:
    """``frame`` as CSV (no index) whose text cells no spreadsheet runs as formulas.

    Every CSV of a download is written here. The column decides, not the cell: a column of
    a numeric, boolean or date dtype, or a field ``spec`` gives as a number or a year, is
    written as it is, so a negative number stays a number; in any other column a text cell
    is neutralised (:func:`neutralise`) and any other cell (a number in a column of mixed
    values, a missing value) is left alone.

    >>> frame = pd.DataFrame({"name": ["=1+1", "Kufra"], "value": [-3.5, 2.0]})
    >>> print(csv_text(frame), end="")
    name,value
    '=1+1,-3.5
    Kufra,2.0
    """
    kinds = {f.name: f.kind for f in spec.fields} if spec is not None else {}
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        numeric = kinds.get(column) in NUMBER_KINDS or (
            pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values)
        )
        if not numeric:
            out[column] = values.map(neutralise)
    return out.to_csv(index=False)


def _csv(frame: pd.DataFrame, spec: LayerSpec) -> bytes:
    out = frame.reindex(columns=spec.field_names).copy()
    for column in out.columns:
        out[column] = out[column].map(lambda v: ";".join(v) if isinstance(v, list) else v)
    return csv_text(out, spec).encode("utf-8")


def with_datapackage(zip_bytes: bytes, sel: Selection, created: dt.datetime | None = None) -> bytes:
    """``zip_bytes`` with ``figures.csv``, ``sources.csv`` and ``datapackage.json`` added.

    The figures and sources are the view's (``sel.tables``); the descriptor describes every
    file of the ZIP, the added ones included.
    """
    buffer = io.BytesIO(zip_bytes)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as zf:
        present = set(zf.namelist())
        for name, spec in (("figures.csv", FIGURES_SPEC), ("sources.csv", SOURCES_SPEC)):
            table = sel.tables.get(spec.name)
            if name not in present and table is not None:
                zf.writestr(name, _csv(table, spec))
        files = {n: zf.read(n) for n in zf.namelist() if n != DESCRIPTOR}
        descriptor = describe(sel, files, created)
        zf.writestr(DESCRIPTOR, json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n")
    return buffer.getvalue()


def describe(
    sel: Selection, files: Mapping[str, bytes], created: dt.datetime | None = None
) -> dict[str, Any]:
    """The Data Package descriptor of a download holding ``files`` (name to bytes)."""
    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    filters = sel.view.filters
    return {
        "$schema": PROFILE,
        "name": PACKAGE_NAME,
        "title": "North Africa smuggling routes: data export",
        "description": "Hub cities, route legs, project coverage and activities of the fight "
        "against migrant smuggling in North Africa, filtered as shown: "
        f"{sel.caption}. Every feature names its source.",
        "version": version(),
        "created": created.isoformat().replace("+00:00", "Z"),
        "licenses": LICENSES,
        "sources": [{"title": s.title, **({"path": s.url} if s.url else {})} for s in sel.sources],
        "temporal": temporal_coverage(sel),
        "spatial": spatial_coverage(sel),
        "filters": {
            "description": sel.caption,
            "projects": list(filters.projects),
            "years": list(filters.years) if filters.years else None,
            "layers": list(sel.layers),
        },
        "resources": [resource(name, data) for name, data in sorted(files.items())],
    }


def temporal_coverage(sel: Selection) -> dict[str, str | None]:
    """The first and last day the data shown speaks of (activities, projects, legs, figures)."""
    days = []
    for frame in (sel.layer("events"), sel.projects, sel.tables.get("figures")):
        if frame is None or frame.empty:
            continue
        for start, end in zip(frame["start_date"], frame["end_date"], strict=True):
            if isinstance(start, str):
                days += [
                    dates.first_day(start),
                    dates.last_day(end if isinstance(end, str) else start),
                ]
    routes = sel.layer("routes")
    if len(routes):
        days += [dt.date(int(routes["observed_from"].min()), 1, 1)]
        days += [dt.date(int(routes["observed_to"].max()), 12, 31)]
    if not days:
        return {"start": None, "end": None}
    return {"start": min(days).isoformat(), "end": max(days).isoformat()}


def spatial_coverage(sel: Selection) -> dict[str, Any]:
    """The bounding box (WGS84 longitude/latitude) and the countries of what is shown."""
    geoms = [g for gdf in sel.layers.values() for g in gdf.geometry if g is not None]
    geoms = [g for g in geoms if not g.is_empty]
    bbox = None
    if geoms:
        bbox = [round(float(v), 4) for v in shapely.total_bounds(geoms)]
    countries: set[str] = set()
    for gdf in sel.layers.values():
        if "iso3" in gdf:
            countries.update(c for c in gdf["iso3"] if isinstance(c, str))
        if "countries" in gdf:
            countries.update(c for cs in gdf["countries"] for c in cs or [])
    return {"crs": "EPSG:4326", "bbox": bbox, "countries": sorted(countries)}


def resource(name: str, data: bytes) -> dict[str, Any]:
    """One file of the download as a Data Package resource, with its schema when a table."""
    stem, _, ext = name.rpartition(".")
    kind, mediatype = _KIND.get(ext, ("file", "application/octet-stream"))
    out: dict[str, Any] = {
        "name": f"{stem}-{ext}".lower().replace("_", "-"),
        "path": name,
        "type": kind,
        "format": ext,
        "mediatype": mediatype,
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }
    spec = _TABLES.get(name) or SPECS.get(stem)
    if kind in ("table", "text", "json"):
        out["encoding"] = "utf-8"
    if spec is not None:
        out["description"] = spec.doc
    if kind == "table":
        header = next(csv.reader(io.StringIO(data.decode("utf-8"))), [])
        out["schema"] = table_schema(header, spec)
    elif ext == "geojson" and spec is not None:
        out["description"] = (
            f"{spec.doc}. RFC 7946 GeoJSON (WGS84 longitude/latitude); feature properties as "
            "the data dictionary in README.txt and in the CSV of the same layer"
        )
    return out


def table_schema(header: list[str], spec: LayerSpec | None) -> dict[str, Any]:
    """A Table Schema for a CSV with ``header``, each field typed and described by ``spec``.

    >>> from geo.data.schema import FIGURES_SPEC
    >>> fields = table_schema(["id", "value", "unit", "wkt"], FIGURES_SPEC)["fields"]
    >>> [(f["name"], f["type"]) for f in fields]
    [('id', 'string'), ('value', 'number'), ('unit', 'string'), ('wkt', 'string')]
    >>> fields[2]["constraints"]["enum"][:2]
    ['people', 'people per year']
    """
    known = {f.name: f for f in spec.fields} if spec is not None else {}
    fields = []
    for column in header:
        field = known.get(column)
        if column == "wkt":
            fields.append(
                {
                    "name": "wkt",
                    "type": "string",
                    "description": "geometry as WKT, WGS84 longitude/latitude; empty when the "
                    "place is not stated",
                }
            )
            continue
        if field is None:
            fields.append({"name": column, "type": "string"})
            continue
        entry: dict[str, Any] = {"name": column, "type": "string", "description": field.doc}
        constraints: dict[str, Any] = {}
        if field.kind == "number":
            entry["type"] = "number"
        elif field.kind == "year":
            entry["type"] = "integer"
        elif field.kind == "list":
            entry["description"] += " (values separated by ';')"
        elif field.kind == "date":
            entry["description"] += " (ISO 8601 at year, month or day precision)"
            constraints["pattern"] = r"\d{4}(-\d{2}(-\d{2})?)?"
        elif field.kind == "iso3":
            constraints["pattern"] = "[A-Z]{3}"
        elif field.kind == "choice":
            constraints["enum"] = list(field.choices)
        if field.required:
            constraints["required"] = True
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    return {"fields": fields}
