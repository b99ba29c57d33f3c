"""A dataset as the store's rows, and back: the one conversion load, dump and read share.

A row holds a feature's fields as the file has them (minus those set on loading), its
geometry, its place in the file, the properties the spec does not name, and a digest.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo.data.dataset import Dataset
from geo.data.schema import CRS, LayerSpec
from geo.store.tables import DERIVED, DIGEST, EXTRA, GEOM, ORDER, STORED, stored_fields


def plain(value: Any) -> Any:
    """A JSON-ready Python value (NaN and pandas' missing values become ``None``).

    >>> plain(float("nan")), plain([1, 2]), plain(3.0)
    (None, [1, 2], 3.0)
    """
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return plain(value.tolist())
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def frame_of(data: Dataset, name: str) -> pd.DataFrame:
    """The frame of table ``name`` in a dataset loaded from files."""
    if name == "projects":
        return data.projects
    if name == "basemap":
        return data.basemap
    if name in data.layers:
        return data.layers[name]
    return data.table(name)


def to_rows(frame: pd.DataFrame, spec: LayerSpec) -> pd.DataFrame:
    """``frame`` (a layer or table of a :class:`Dataset`) as the rows of its table."""
    fields = [f.name for f in stored_fields(spec)]
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    others = [
        c
        for c in frame.columns
        if c not in fields and c != geometry and (spec.name, c) not in DERIVED
    ]
    out = pd.DataFrame(
        {f: [plain(v) for v in frame[f]] if f in frame else [None] * len(frame) for f in fields},
        dtype=object,
    )
    out[EXTRA] = [
        {k: plain(v) for k, v in zip(others, values, strict=True) if plain(v) is not None} or None
        for values in (frame[others].itertuples(index=False) if others else [()] * len(frame))
    ]
    out[ORDER] = range(len(frame))
    geoms = list(frame.geometry) if geometry else [None] * len(frame)
    wkb = [None if g is None or g.is_empty else shapely.to_wkb(g, hex=True) for g in geoms]
    out[DIGEST] = [
        hashlib.sha1(
            json.dumps([row, w], sort_keys=True, default=str, ensure_ascii=False).encode()
        ).hexdigest()
        for row, w in zip(out[[*fields, EXTRA]].to_dict("records"), wkb, strict=True)
    ]
    if not spec.geometry_types:
        return out
    shapes = [None if w is None else g for g, w in zip(geoms, wkb, strict=True)]
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(shapes, crs=CRS), crs=CRS).rename_geometry(
        GEOM
    )


def features(rows: pd.DataFrame, spec: LayerSpec) -> list[dict]:
    """GeoJSON features of the rows of a layer's table, in file order."""
    fields = [f.name for f in stored_fields(spec)]
    kinds = {f.name: f.kind for f in stored_fields(spec)}
    required = {f.name for f in stored_fields(spec) if f.required}
    out = []
    for record, geom in zip(rows[[*fields, EXTRA]].to_dict("records"), rows.geometry, strict=True):
        # An empty optional field is left out, as a file leaves it out: validation reads
        # a property present and null ("place": null) differently from an absent one.
        props = {f: _value(record[f], kinds[f]) for f in fields}
        props = {k: v for k, v in props.items() if v is not None or k in required}
        props.update(record[EXTRA] or {})
        geometry = None if geom is None or geom.is_empty else shapely.geometry.mapping(geom)
        out.append({"type": "Feature", "properties": props, "geometry": geometry})
    return out


def csv_rows(rows: pd.DataFrame, spec: LayerSpec) -> list[dict]:
    """The rows of a table as the CSV file has them: texts, lists joined by ``;``."""
    fields = [f.name for f in stored_fields(spec)]
    kinds = {f.name: f.kind for f in stored_fields(spec)}
    out = []
    for record in rows[fields].to_dict("records"):
        row = {}
        for f in fields:
            value = _value(record[f], kinds[f])
            if value is None:
                row[f] = ""
            elif kinds[f] == "list":
                row[f] = ";".join(value)
            elif isinstance(value, float) and value.is_integer():
                row[f] = str(int(value))
            else:
                row[f] = str(value)
        out.append(row)
    return out


def _value(value: Any, kind: str) -> Any:
    value = plain(value)
    if value is not None and kind == "year":
        return int(value)
    return value


__all__ = ["STORED", "csv_rows", "features", "frame_of", "plain", "to_rows"]
