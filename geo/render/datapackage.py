"""Provenance in every download: a Frictionless Data Package descriptor for the ZIP.

:func:`with_datapackage` adds to a download ZIP the seeds' figures and the dated sources of
what it holds (``figures.csv``, ``sources.csv``) and a ``datapackage.json`` that describes
every file: name, version, creation time, licences, sources, the temporal and spatial
coverage, the filters applied, and one resource per file with its schema (from the data
dictionary, :mod:`geo.data.schema`), size and sha256. The descriptor follows Data Package 2.0
(https://datapackage.org) and validates with the ``frictionless`` package.

Every CSV of a download is written by :func:`csv_text` and holds each field as its schema
declares it: a year as an integer, a whole number without ``.0``, a list as a JSON array.
Every file of a download ZIP is added by :func:`write_member`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import time
import zipfile
from collections.abc import Mapping
from importlib import metadata
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.data import dates
from geo.data.schema import FIGURES_SPEC, PROJECTS_SPEC, SOURCES_SPEC, SPECS, LayerSpec
from geo.view.filters import leg_years
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
# What a file of a download ZIP unpacks as: readable by all, as any downloaded file
# (Python writes 0600 unless told, and a shared folder then hides the data from others).
ZIP_MODE = 0o644
# The Table Schema type of each kind of field (:mod:`geo.data.schema`); ``string`` otherwise.
_TYPES = {"number": "number", "year": "integer", "list": "array"}


def write_member(zf: zipfile.ZipFile, name: str, data: str | bytes) -> None:
    """Add ``data`` to ``zf`` as ``name``: deflated, dated now, with mode 0644.

    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as zf:
    ...     write_member(zf, "a.csv", "id")
    >>> oct(zipfile.ZipFile(buffer).getinfo("a.csv").external_attr >> 16)
    '0o644'
    """
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whose mode bits are the ones set here
    info.external_attr = ZIP_MODE << 16
    zf.writestr(info, data)


def json_array(value: Any) -> Any:
    """A list as JSON array text, as in GeoJSON; any other value as it is.

    >>> print(json_array(["LBY", "EGY"]), json_array(["القطرون"]), json_array(None))
    ["LBY","EGY"] ["القطرون"] None
    """
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
    return value


def whole_number(value: Any) -> Any:
    """A number with no fractional part as an integer (``21653.0`` is ``21653``).

    >>> whole_number(21653.0), whole_number(3.5), whole_number(2006), whole_number(None)
    (21653, 3.5, 2006, None)
    """
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def typed_cells(frame: pd.DataFrame, spec: LayerSpec | None = None) -> pd.DataFrame:
    """``frame`` with each field as a download holds it: ``spec``'s kinds decide.

    A field of kind ``year`` or ``number`` holds integers where its values are whole
    (:func:`whole_number`), so no ``2006.0`` or ``21653.0`` reaches a file; a list, in any
    column, becomes a JSON array (:func:`json_array`). Missing values stay missing.

    >>> from geo.data.schema import FIGURES_SPEC
    >>> frame = pd.DataFrame({"value": [21653.0, 3.5], "what": [["a", "b"], None]})
    >>> typed_cells(frame, FIGURES_SPEC).to_dict(orient="list")
    {'value': [21653, 3.5], 'what': ['["a","b"]', None]}
    """
    kinds = {f.name: f.kind for f in spec.fields} if spec is not None else {}
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype.name == "geometry":
            continue
        if kinds.get(column) in NUMBER_KINDS:
            cells = [None if _missing(v) else whole_number(v) for v in values]
        elif kinds.get(column) == "list" or values.map(_is_list).any():
            cells = [json_array(v) for v in values]
        else:
            continue
        # An object column: pandas would make a column of integers and blanks floats again.
        out[column] = pd.Series(cells, index=out.index, dtype=object)
    return out


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, (float, np.floating)) and np.isnan(value))


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
    """``frame`` as CSV (no index), typed as ``spec`` declares, run by no spreadsheet.

    Every CSV of a download is written here. Each field holds what ``datapackage.json``
    declares (:func:`typed_cells`): a year an integer, a whole number no ``.0``, a list a
    JSON array. Then the column decides, not the cell: a column of a numeric, boolean or
    date dtype, or a field ``spec`` gives as a number or a year, is written as it is, so a
    negative number stays a number; in any other column a text cell is neutralised
    (:func:`neutralise`; a JSON array starts with ``[``) and any other cell (a number in a
    column of mixed values, a missing value) is left alone.

    >>> from geo.data.schema import FIGURES_SPEC
    >>> frame = pd.DataFrame({"what": ["=1+1", "Kufra"], "value": [-3.5, 2.0]})
    >>> print(csv_text(frame, FIGURES_SPEC), end="")
    what,value
    '=1+1,-3.5
    Kufra,2
    """
    kinds = {f.name: f.kind for f in spec.fields} if spec is not None else {}
    out = typed_cells(frame, spec)
    for column in out.columns:
        values = out[column]
        numeric = kinds.get(column) in NUMBER_KINDS or (
            pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values)
        )
        if not numeric:
            out[column] = values.map(neutralise)
    return out.to_csv(index=False)


def _csv(frame: pd.DataFrame, spec: LayerSpec) -> bytes:
    return csv_text(frame.reindex(columns=spec.field_names), spec).encode("utf-8")


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
                write_member(zf, name, _csv(table, spec))
        files = {n: zf.read(n) for n in zf.namelist() if n != DESCRIPTOR}
        descriptor = describe(sel, files, created)
        text = json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n"
        write_member(zf, DESCRIPTOR, text)
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
    years = [y for row in routes.to_dict("records") for y in leg_years(row)]
    if years:
        days += [dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)]
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
    >>> from geo.data.schema import PROJECTS_SPEC
    >>> countries = table_schema(["countries"], PROJECTS_SPEC)["fields"][0]
    >>> countries["type"], countries["description"]
    ('array', 'ISO3 codes, as a JSON array of texts')
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
        entry: dict[str, Any] = {
            "name": column,
            "type": _TYPES.get(field.kind, "string"),
            "description": field.doc,
        }
        constraints: dict[str, Any] = {}
        if field.kind == "list":
            entry["description"] = _list_doc(field.doc)
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


def _list_doc(doc: str) -> str:
    """A list field's description in a download, whose CSV holds it as a JSON array.

    The data dictionary describes ``data/projects.csv`` too, where lists are ``;``-separated.

    >>> _list_doc("ISO3 codes, ';'-separated"), _list_doc("';'-separated")
    ('ISO3 codes, as a JSON array of texts', 'a JSON array of texts')
    """
    doc = re.sub(r",?\s*';'-separated", "", doc).strip()
    return f"{doc}, as a JSON array of texts" if doc else "a JSON array of texts"
