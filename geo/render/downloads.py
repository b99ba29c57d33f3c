"""Downloads: one layer as GeoJSON, or every filtered layer in one ZIP with a README."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.data.io import download_geometry_type, layer_spec, one_geometry_type, to_geojson
from geo.data.schema import PROJECTS_SPEC, SPECS, LayerSpec
from geo.i18n import DISCLAIMER
from geo.render.datapackage import csv_text, typed_cells, with_datapackage, write_member
from geo.view.selection import Selection

BUNDLE_STEM = "north-africa-smuggling-routes"  # the ZIP's name before its filters
LICENCE = (
    "Data compiled from public UNODC documents and the public sources each feature names; "
    "basemap from Natural Earth (public domain)."
)


# The GeoPackage column type of each kind of field; text otherwise (a list as a JSON array).
_GPKG_DTYPES = {"year": "Int64", "number": "Float64"}


def _geopackage_columns(gdf: gpd.GeoDataFrame, spec: LayerSpec | None) -> gpd.GeoDataFrame:
    """``gdf`` with the columns its GeoPackage table declares, typed by ``spec``.

    A year is an INTEGER, a number a REAL, a list a JSON array in TEXT: as in the GeoJSON
    and the CSV of the layer.
    """
    out = typed_cells(gdf, spec)
    for field in spec.fields if spec is not None else ():
        if field.kind in _GPKG_DTYPES and field.name in out:
            out[field.name] = out[field.name].astype(_GPKG_DTYPES[field.kind])
    return out


def to_csv(gdf: gpd.GeoDataFrame) -> str:
    """A layer as CSV, geometry as WKT in a ``wkt`` column (empty when no place).

    A layer of the data has its one download geometry type, as in GeoJSON. Each field is
    typed as ``datapackage.json`` declares it (a year ``2006``, a list ``["EGY","LBY"]``), and
    text that a spreadsheet would run as a formula starts with ``'`` (:func:`csv_text`).
    """
    spec = layer_spec(gdf)
    if spec is not None:
        gdf = one_geometry_type(gdf, spec)
    frame = pd.DataFrame(gdf.drop(columns="geometry"))
    frame["wkt"] = [g.wkt if g is not None and not g.is_empty else "" for g in gdf.geometry]
    return csv_text(frame, spec)


def to_geopackage(layers: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    """Every non-empty layer as a table of one GeoPackage file.

    Each layer of the data is declared with its one download geometry type, whatever the
    filters left in it (events are MultiPoint even when only single points remain), and its
    fields with their types: years INTEGER, lists JSON arrays (:func:`_geopackage_columns`).
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "layers.gpkg"
        for name, gdf in layers.items():
            if not len(gdf):
                continue
            spec = SPECS.get(name) or layer_spec(gdf)
            options = {}
            if spec is not None and spec.geometry_types:
                gdf = one_geometry_type(gdf, spec)
                options["geometry_type"] = download_geometry_type(spec)
            _geopackage_columns(gdf, spec).to_file(
                path, layer=name, driver="GPKG", engine="pyogrio", **options
            )
        return path.read_bytes() if path.exists() else b""


def readme(description: str, counts: Mapping[str, int], sources: list[str]) -> str:
    """The README that travels with a download: filters, sources, licence, how to cite."""
    today = dt.date.today().isoformat()
    lines = [
        "North Africa smuggling routes: data export",
        "",
        f"Exported: {today}",
        f"Filters: {description}",
        "",
        "Layers (GeoJSON: RFC 7946, WGS84 longitude/latitude; CSV: geometry as WKT):",
        *[f"- {name}: {n} feature(s). {SPECS[name].doc}" for name, n in counts.items()],
        "",
        "In the CSV files and the GeoPackage, a year is a whole number (2006), a number has",
        'no ".0" when whole (21653), and a list is a JSON array (["EGY","LBY"]), as in the',
        "GeoJSON; datapackage.json declares each CSV field's type.",
        "",
        "In the CSV files, a text that starts with =, +, -, @, a tab or a carriage return",
        "starts with an added ' so that no spreadsheet runs it as a formula; numbers are",
        "unchanged, and the GeoJSON and GeoPackage files hold every text as it is.",
        "",
        "Sources:",
        *[f"- {s}" for s in sources],
        "",
        f"Licence: {LICENCE}",
        "How to cite: North Africa smuggling-routes dashboard, data export of "
        f"{today} ({description}); cite the source named in each feature.",
        "",
        DISCLAIMER,
        "",
    ]
    return "\n".join(lines)


def bundle_zip(sel: Selection) -> bytes:
    """A ZIP of what ``sel`` shows: each layer as GeoJSON and CSV, one GeoPackage, a README.

    With the seeds' figures and the dated sources of the view, and a Frictionless
    ``datapackage.json`` describing every file (:mod:`geo.render.datapackage`).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, gdf in sel.layers.items():
            write_member(zf, f"{name}.geojson", to_geojson(gdf, indent=1))
            write_member(zf, f"{name}.csv", to_csv(gdf))
        write_member(zf, "projects.csv", csv_text(sel.projects, PROJECTS_SPEC))
        write_member(zf, "layers.gpkg", to_geopackage(sel.layers))
        counts = {k: len(v) for k, v in sel.layers.items()}
        write_member(zf, "README.txt", readme(sel.caption, counts, sel.source_titles))
    return with_datapackage(buffer.getvalue(), sel)
