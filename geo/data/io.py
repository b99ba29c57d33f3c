"""Read the data files into GeoDataFrames and write them back as RFC 7946 GeoJSON.

Reading never raises on bad data: it returns what is sound with a list of
:class:`~geo.data.problems.Problem`, so the app can show the rest of a layer and the
CLI can report every problem at once.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiLineString, MultiPoint, MultiPolygon, mapping, shape

from geo.data.problems import WHOLE_FILE, Problem
from geo.data.schema import CRS, MAX_FEATURES, MAX_FILE_BYTES, SPECS, LayerSpec

# Names RFC 7946's predecessor used for WGS84 longitude/latitude; anything else is foreign.
_WGS84_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "epsg:4326",
    "urn:ogc:def:crs:epsg::4326",
    "http://www.opengis.net/def/crs/ogc/1.3/crs84",
}


def empty_layer(spec: LayerSpec) -> gpd.GeoDataFrame:
    """An empty GeoDataFrame with the columns of ``spec``.

    >>> from geo.data.schema import HUBS
    >>> list(empty_layer(HUBS).columns)[:2]
    ['id', 'name']
    """
    return _empty(spec).copy()  # a copy each call: callers may add columns to it


@cache
def _empty(spec: LayerSpec) -> gpd.GeoDataFrame:
    # A view without some layer asks for its empty one several times: 2.7 ms to build, 0.1 to copy.
    return gpd.GeoDataFrame(
        {name: pd.Series(dtype=object) for name in spec.field_names},
        geometry=gpd.GeoSeries([], crs=CRS),
        crs=CRS,
    )


def has_place(gdf: gpd.GeoDataFrame) -> pd.Series:
    """Which features have a geometry (an activity whose place is not stated has none).

    >>> from shapely.geometry import Point
    >>> has_place(gpd.GeoDataFrame(geometry=[Point(1, 2), None], crs=CRS)).tolist()
    [True, False]
    """
    return gdf.geometry.notna() & ~gdf.geometry.is_empty


def records(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")``, read column by column.

    A third of pandas' time on our layers (it takes each column with ``iloc``); a map's
    drawing asks about twenty times.

    >>> records(pd.DataFrame({"id": ["a", "b"], "n": [1, 2]}))
    [{'id': 'a', 'n': 1}, {'id': 'b', 'n': 2}]
    """
    columns = list(df.columns)
    if not columns:
        return [{} for _ in range(len(df))]
    rows = zip(*(df[c].tolist() for c in columns), strict=True)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def placed(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The features of ``gdf`` that have a place, multi-points exploded into one row each.

    As ``explode(index_parts=False)`` makes them, in a fifth of its time (a map's drawing
    asks four times): each part is a row with its feature's index and fields.

    >>> from shapely.geometry import MultiPoint, Point
    >>> g = gpd.GeoDataFrame({"id": ["a", "b", "c"]},
    ...     geometry=[Point(1, 2), None, MultiPoint([(3, 4), (5, 6)])], crs=CRS)
    >>> [(r.id, r.geometry.wkt) for r in placed(g).itertuples()]
    [('a', 'POINT (1 2)'), ('c', 'POINT (3 4)'), ('c', 'POINT (5 6)')]
    """
    shown = gdf[has_place(gdf)]
    geoms = shown.geometry.values
    if (shapely.get_type_id(geoms) == 0).all():  # points only: nothing to explode
        return shown
    parts, index = shapely.get_parts(geoms, return_index=True)
    out = shown.iloc[index].copy()
    out[shown.geometry.name] = gpd.GeoSeries(parts, index=out.index, crs=shown.crs)
    return out


def read_features(path: Path) -> tuple[list[dict], list[Problem]]:
    """Read the raw features of a GeoJSON FeatureCollection.

    Returns the feature dicts and the problems that concern the whole file
    (unreadable, not JSON, not a FeatureCollection, empty, foreign CRS).
    """
    name = path.name

    def fail(message: str) -> tuple[list[dict], list[Problem]]:
        return [], [Problem(name, WHOLE_FILE, "-", message)]

    big = too_big(path)
    if big:
        return fail(big)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return fail(f"file not found in {path.parent}")
    except (OSError, UnicodeDecodeError) as exc:
        return fail(f"cannot be read: {exc}")
    if not text.strip():
        return fail("file is empty")
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        return fail(
            f"not valid JSON (truncated?): {exc.msg} at line {exc.lineno} column {exc.colno}"
        )
    except _NotJson as exc:
        return fail(f"not valid JSON: {exc}")
    except RecursionError:
        return fail("not valid GeoJSON: its arrays or objects are nested too deeply")
    except MemoryError:
        return fail("too large to read in this process's memory")
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return fail("not a GeoJSON FeatureCollection")
    crs_problem = foreign_crs(doc.get("crs"))
    if crs_problem:
        return [], [Problem(name, WHOLE_FILE, "crs", crs_problem)]
    features = doc.get("features")
    if not isinstance(features, list):
        return fail("'features' is not a list")
    if not features:
        return fail("holds no feature")
    if len(features) > MAX_FEATURES:
        return fail(f"too many features ({len(features)} > {MAX_FEATURES})")
    return features, []


class _NotJson(ValueError):
    pass


def _no_constant(name: str) -> float:
    """JSON has no NaN or Infinity (Python's reader accepts them): a coordinate is a number."""
    raise _NotJson(f"{name} is not a JSON number")


def too_big(path: Path, limit: int = MAX_FILE_BYTES) -> str | None:
    """Why ``path`` is too large to read, or ``None``; ``limit``: in bytes."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # the read says why
    if size > limit:
        return f"too large ({size:,} > {limit:,} bytes)"
    return None


def foreign_crs(crs: Any) -> str | None:
    """Why a FeatureCollection's ``crs`` member is refused, or ``None`` (absent, or WGS84)."""
    if crs is None:
        return None
    crs_name = ""
    if isinstance(crs, dict):
        crs_name = str((crs.get("properties") or {}).get("name", ""))
    if crs_name.lower() in _WGS84_NAMES:
        return None
    return (
        f"declares CRS {crs_name or repr(crs)}; RFC 7946 GeoJSON is WGS84 longitude/latitude "
        "(EPSG:4326): reproject the file and drop its 'crs' member"
    )


def parse_geometry(geometry: Any) -> tuple[Any, str | None]:
    """Turn a GeoJSON geometry dict into a Shapely geometry, or say why not.

    >>> parse_geometry({"type": "Point", "coordinates": [13.19, 32.88]})[0].x
    13.19
    >>> parse_geometry({"type": "Point", "coordinates": [13.19]})[1] is not None
    True
    """
    if geometry is None:
        return None, None
    try:
        geom = shape(geometry)
    except Exception as exc:  # Shapely raises many types on malformed input
        return None, f"cannot be read as a geometry: {exc}"
    return geom, None


def read_csv_rows(path: Path) -> tuple[list[dict], list[Problem]]:
    """Read a CSV table as a list of dicts, or the problem that stops it."""
    name = path.name
    big = too_big(path)
    if big:
        return [], [Problem(name, WHOLE_FILE, "-", big)]
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(itertools.islice(csv.DictReader(fh), MAX_FEATURES + 1))
    except FileNotFoundError:
        return [], [Problem(name, WHOLE_FILE, "-", f"file not found in {path.parent}")]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return [], [Problem(name, WHOLE_FILE, "-", f"cannot be read: {exc}")]
    if not rows:
        return [], [Problem(name, WHOLE_FILE, "-", "file is empty (no data row)")]
    if len(rows) > MAX_FEATURES:
        return [], [Problem(name, WHOLE_FILE, "-", f"too many rows (more than {MAX_FEATURES})")]
    return rows, []


def _plain(value: Any) -> Any:
    """JSON-ready value: NaN becomes null, NumPy scalars become Python ones."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict)):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def to_feature_collection(gdf: gpd.GeoDataFrame, precision: int | None = None) -> dict:
    """An RFC 7946 FeatureCollection of ``gdf`` (WGS84, no ``crs``, right-hand polygons).

    ``precision`` rounds coordinates to that many decimals.

    >>> from shapely.geometry import Point
    >>> gdf = gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(13.123456, 32.9)], crs=CRS)
    >>> to_feature_collection(gdf, precision=3)["features"][0]["geometry"]["coordinates"]
    [13.123, 32.9]
    """
    if gdf.crs is not None and not gdf.crs.equals(CRS):
        gdf = gdf.to_crs(CRS)
    features = []
    for row in gdf.itertuples(index=False):
        record = row._asdict()
        geom = record.pop(gdf.geometry.name)
        features.append(
            {
                "type": "Feature",
                "properties": {k: _plain(v) for k, v in record.items()},
                "geometry": geometry_json(geom, precision),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geometry_json(geom: Any, precision: int | None = None) -> dict | None:
    """A geometry as RFC 7946 JSON (right-hand polygons), rounded to ``precision`` decimals.

    >>> from shapely.geometry import Point
    >>> geometry_json(Point(13.12345, 32.9), 2)
    {'type': 'Point', 'coordinates': [13.12, 32.9]}
    """
    if geom is None or geom.is_empty:
        return None
    if precision is not None:
        geom = shapely.set_precision(geom, 10**-precision)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom)
    return json.loads(json.dumps(mapping(geom)))


def to_geojson(
    gdf: gpd.GeoDataFrame,
    precision: int | None = None,
    indent: int | None = None,
    spec: LayerSpec | None = None,
) -> str:
    """``gdf`` as RFC 7946 GeoJSON text (UTF-8, not ASCII-escaped).

    A layer of the data (``spec``, by default the layer whose fields ``gdf`` has) is
    written with its one download geometry type (:func:`one_geometry_type`), so that a file
    has the same type whatever the filters left in it.

    >>> from shapely.geometry import Point
    >>> from geo.data.schema import EVENTS
    >>> gdf = gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(13, 32)], crs=CRS)
    >>> '"MultiPoint"' in to_geojson(gdf, spec=EVENTS), '"Point"' in to_geojson(gdf)
    (True, True)
    """
    spec = spec or layer_spec(gdf)
    if spec is not None:
        gdf = one_geometry_type(gdf, spec)
    return json.dumps(to_feature_collection(gdf, precision), ensure_ascii=False, indent=indent)


_MULTI = {"Point": MultiPoint, "LineString": MultiLineString, "Polygon": MultiPolygon}


def layer_spec(gdf: gpd.GeoDataFrame) -> LayerSpec | None:
    """The spec of the layer whose fields are exactly the columns of ``gdf``, if any.

    >>> from geo.data.schema import HUBS
    >>> layer_spec(empty_layer(HUBS)).name, layer_spec(gpd.GeoDataFrame(geometry=[]))
    ('hubs', None)
    """
    columns = {str(c) for c in gdf.columns} - {gdf.active_geometry_name or "geometry"}
    for spec in SPECS.values():
        if spec.geometry_types and set(spec.field_names) == columns:
            return spec
    return None


def download_geometry_type(spec: LayerSpec) -> str | None:
    """The one geometry type of a layer in every download, whatever the filters.

    Its multi-part type where the schema allows one (a layer of points and multi-points is
    all multi-points), else its one type.

    >>> from geo.data.schema import EVENTS, HUBS, ROUTES
    >>> [download_geometry_type(s) for s in (HUBS, ROUTES, EVENTS)]
    ['Point', 'MultiLineString', 'MultiPoint']
    """
    multi = [g for g in spec.geometry_types if g.startswith("Multi")]
    return (multi or list(spec.geometry_types) or [None])[0]


def one_geometry_type(gdf: gpd.GeoDataFrame, spec: LayerSpec) -> gpd.GeoDataFrame:
    """``gdf`` with every geometry of the layer's download type (single parts made multi).

    The type comes from the schema, not from the features a filter left, so GeoJSON,
    GeoPackage and CSV downloads of a layer agree whatever the filters. A feature with no
    place keeps no geometry.

    >>> from shapely.geometry import Point
    >>> from geo.data.schema import EVENTS
    >>> gdf = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[Point(1, 2), None], crs=CRS)
    >>> [g.wkt if g else None for g in one_geometry_type(gdf, EVENTS).geometry]
    ['MULTIPOINT ((1 2))', None]
    """
    target = download_geometry_type(spec)
    if target is None or not target.startswith("Multi") or gdf.empty:
        return gdf
    single = target.removeprefix("Multi")

    def promote(geom: Any) -> Any:
        if geom is None or geom.is_empty or geom.geom_type != single:
            return geom
        return _MULTI[single]([geom])

    out = gdf.copy()
    out[out.geometry.name] = gpd.GeoSeries(
        [promote(g) for g in out.geometry], index=out.index, crs=out.crs
    )
    return out
