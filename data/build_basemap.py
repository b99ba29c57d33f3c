"""Rebuild the committed offline basemap from a package registry.

Why this exists
---------------
The dashboard draws its own basemap from ``data/`` so that the map needs no tile
server and works on machines that reach package registries only. The basemap is
Natural Earth 1:50m (public domain) as shipped, in TopoJSON, by the npm package
``world-atlas`` (ISC). This script is the one way those committed files are made:
it fetches the pinned package with ``npm pack``, checks the tarball against the
registry's integrity hash, and writes

``basemap_countries.geojson``
    Country polygons clipped to the region, with ``id``, ``iso3``, ``iso_n3``,
    ``name`` (Natural Earth's English name), ``name_fr`` and ``name_ar``.
``basemap_land.geojson``
    The land polygons clipped the same way, as one feature.

Both are RFC 7946 FeatureCollections in WGS84 (EPSG:4326), coordinates on a
1e-4 degree grid, valid geometries, written one feature per line so that a
rebuild shows up as a readable diff. Provenance is in ``basemap_SOURCE.md``.

Usage
-----
``python data/build_basemap.py [--out-dir DIR]``
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import importlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from babel import Locale

PACKAGE = "world-atlas@2.0.2"
# dist.integrity of world-atlas@2.0.2 on the npm registry.
PACKAGE_INTEGRITY = (
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/"
    "MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
)
CRS = "EPSG:4326"
# lon_min, lat_min, lon_max, lat_max: the Atlantic coast of West Africa to Bangladesh, the
# Cape to the Arctic: far enough that a phone's tall map, which never pans or zooms past the
# basemap, can zoom out to a frame from Morocco to Bangladesh without a cut edge in view.
REGION_BBOX = (-30.0, -36.0, 100.0, 80.0)
GRID_SIZE = 1e-4  # degrees, i.e. coordinates rounded to 4 decimals (about 11 m)
COUNTRY_FIELDS = ["id", "iso3", "iso_n3", "name", "name_fr", "name_ar"]
LAND_FIELDS = ["id", "name"]
# Natural Earth numeric codes whose ISO 3166-1 entry must be pinned rather than looked up.
ISO3_OVERRIDES = {"732": "ESH"}  # Western Sahara
MOROCCO_N3, WESTERN_SAHARA_N3 = "504", "732"
COUNTRIES_FILE = "basemap_countries.geojson"
LAND_FILE = "basemap_land.geojson"


def fetch_world_atlas(workdir: Path) -> Path:
    """Download the pinned ``world-atlas`` tarball with npm and extract it.

    Parameters
    ----------
    workdir : Path
        An empty temporary folder; the tarball and its contents go there.

    Returns
    -------
    Path
        The extracted ``package`` folder holding the TopoJSON files.
    """
    result = subprocess.run(
        ["npm", "pack", "--silent", PACKAGE],
        cwd=workdir,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    _check_integrity(tarball)
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def _check_integrity(tarball: Path) -> None:
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if f"sha512-{digest}" != PACKAGE_INTEGRITY:
        raise SystemExit(f"{tarball.name}: integrity mismatch, refusing to build")


def import_pycountry():
    """Import ``pycountry``, installing it with pip into this environment if missing.

    Returns
    -------
    module
        The ``pycountry`` module.
    """
    try:
        return importlib.import_module("pycountry")
    except ModuleNotFoundError:
        subprocess.run([sys.executable, "-m", "pip", "install", "pycountry"], check=True)
        importlib.invalidate_caches()
        return importlib.import_module("pycountry")


def read_topojson(path: Path, layer: str) -> gpd.GeoDataFrame:
    """Read one TopoJSON layer and declare its CRS (the file declares none).

    Parameters
    ----------
    path : Path
        A ``world-atlas`` TopoJSON file.
    layer : str
        ``"countries"`` or ``"land"``.

    Returns
    -------
    GeoDataFrame
        The layer in EPSG:4326.
    """
    return gpd.read_file(path, layer=layer, engine="pyogrio").set_crs(CRS)


def reunite_western_sahara(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Show Western Sahara as one territory, as United Nations maps do.

    Natural Earth's Admin 0 layer is de facto: its "W. Sahara" is only the strip
    east of the berm, and the rest of the territory (Laayoune, Dakhla) is drawn
    inside Morocco. The United Nations lists Western Sahara as a Non-Self-Governing
    Territory and draws it whole, bounded from Morocco by the parallel 27°40'N.
    Natural Earth draws that boundary as the northern edge of its "W. Sahara"
    polygon, so the part of Morocco's polygon south of that edge moves to ESH.

    Parameters
    ----------
    gdf : GeoDataFrame
        The Natural Earth countries, ``id`` being the ISO numeric code.

    Returns
    -------
    GeoDataFrame
        A copy with Morocco and Western Sahara redrawn; other rows untouched.
    """
    gdf = gdf.copy()
    mar = gdf.index[gdf["id"] == MOROCCO_N3][0]
    esh = gdf.index[gdf["id"] == WESTERN_SAHARA_N3][0]
    north_edge = gdf.at[esh, "geometry"].bounds[3]
    south = shapely.box(-180.0, -90.0, 180.0, north_edge)
    moved = gdf.at[mar, "geometry"].intersection(south)
    if moved.is_empty:
        raise SystemExit("Morocco has no part south of Western Sahara's northern edge")
    gdf.at[esh, "geometry"] = gdf.at[esh, "geometry"].union(moved)
    gdf.at[mar, "geometry"] = gdf.at[mar, "geometry"].difference(south)
    return gdf


def _polygonal(geom):
    """Keep only the polygonal parts of a geometry, as a Polygon or MultiPolygon."""
    parts = shapely.get_parts(shapely.get_parts(geom))
    polygons = [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]
    if not polygons:
        return shapely.Polygon()
    if len(polygons) == 1:
        return polygons[0]
    return shapely.MultiPolygon(polygons)


def unwrap_antimeridian(geom):
    """A polygon that crosses 180° (Russia's Chukotka, Fiji) drawn in one piece.

    world-atlas keeps such polygons whole on the sphere; read as flat longitudes, a ring
    that jumps from 180 to -180 wraps the globe, and clipped it can fill the whole region
    (Russia did, once the region reached the Arctic). Each ring of a part wider than 180
    degrees is made continuous (a jump of more than 180 degrees is a crossing), then moved
    by 360 degrees if its middle falls outside -180..180.

    >>> from shapely.geometry import Polygon
    >>> band = Polygon([(170, 60), (-170, 60), (-170, 70), (170, 70)])
    >>> unwrap_antimeridian(band).bounds
    (170.0, 60.0, 190.0, 70.0)
    """
    if geom is None or geom.is_empty:
        return geom
    parts = []
    for part in shapely.get_parts(geom):
        minx, _, maxx, _ = part.bounds
        if maxx - minx > 180:
            rings = [_unwrap(r) for r in [part.exterior, *part.interiors]]
            part = shapely.Polygon(rings[0], rings[1:])
        parts.append(part)
    return shapely.multipolygons(parts) if len(parts) > 1 else parts[0]


def _unwrap(ring) -> list[tuple[float, float]]:
    xy = shapely.get_coordinates(ring)
    x = np.unwrap(xy[:, 0], period=360)
    x -= 360 * np.round(np.median(x) / 360)
    return list(zip(x, xy[:, 1], strict=True))


def clip_to_region(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Clip to the region, make valid, snap to the grid and orient for RFC 7946.

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygonal features in EPSG:4326.

    Returns
    -------
    GeoDataFrame
        Non-empty, valid Polygon/MultiPolygon features inside ``REGION_BBOX``,
        exterior rings counter-clockwise, coordinates on a ``GRID_SIZE`` grid.
    """
    gdf = gdf.set_geometry([unwrap_antimeridian(g) for g in gdf.geometry], crs=gdf.crs)
    clipped = gpd.clip(gdf, REGION_BBOX)
    geoms = shapely.make_valid(clipped.geometry.values)
    geoms = [_polygonal(g) for g in geoms]
    geoms = shapely.set_precision(geoms, GRID_SIZE)
    geoms = [_polygonal(g) for g in geoms]  # snapping can collapse slivers to lines
    geoms = shapely.orient_polygons(geoms, exterior_cw=False)
    clipped = clipped.set_geometry(gpd.GeoSeries(geoms, index=clipped.index, crs=CRS))
    clipped = clipped[~clipped.geometry.is_empty]
    invalid = clipped[~clipped.geometry.is_valid]
    if len(invalid):
        raise SystemExit(f"invalid geometries after cleaning: {invalid.index.tolist()}")
    return clipped


def country_properties(iso_n3, ne_name: str, pycountry, fr: Locale, ar: Locale) -> dict:
    """Build a country's properties from its ISO numeric code and Natural Earth name.

    Parameters
    ----------
    iso_n3 : str or None
        The ISO 3166-1 numeric code as Natural Earth gives it (``"434"``), or None.
    ne_name : str
        Natural Earth's English name.
    pycountry : module
        Maps the numeric code to alpha-2 and alpha-3.
    fr, ar : babel.Locale
        Give the French and Arabic territory names by alpha-2 code.

    Returns
    -------
    dict
        ``id``, ``iso3``, ``iso_n3``, ``name``, ``name_fr``, ``name_ar``.

    Examples
    --------
    >>> import pycountry
    >>> props = country_properties("434", "Libya", pycountry, Locale("fr"), Locale("ar"))
    >>> props["id"], props["name_fr"]
    ('LBY', 'Libye')
    >>> country_properties(None, "Kosovo", pycountry, Locale("fr"), Locale("ar"))["id"]
    'NE-Kosovo'
    """
    iso_n3 = iso_n3 if isinstance(iso_n3, str) and iso_n3 else None
    record = pycountry.countries.get(numeric=iso_n3) if iso_n3 else None
    iso3 = ISO3_OVERRIDES.get(iso_n3) or (record.alpha_3 if record else None)
    alpha2 = record.alpha_2 if record else None
    if iso3:
        feature_id = iso3
    elif iso_n3:
        feature_id = f"NE-{iso_n3}"
    else:
        feature_id = f"NE-{ne_name}"
    return {
        "id": feature_id,
        "iso3": iso3,
        "iso_n3": iso_n3,
        "name": ne_name,
        "name_fr": fr.territories.get(alpha2, ne_name) if alpha2 else ne_name,
        "name_ar": ar.territories.get(alpha2, ne_name) if alpha2 else ne_name,
    }


def build_countries(package_dir: Path, pycountry) -> gpd.GeoDataFrame:
    """Make the clipped, named country layer, sorted by ``id``.

    Parameters
    ----------
    package_dir : Path
        The extracted ``world-atlas`` package.
    pycountry : module
        Maps ISO numeric codes to alpha codes.

    Returns
    -------
    GeoDataFrame
        Columns ``COUNTRY_FIELDS`` plus geometry.
    """
    gdf = read_topojson(package_dir / "countries-50m.json", "countries")
    gdf = clip_to_region(reunite_western_sahara(gdf))
    fr, ar = Locale("fr"), Locale("ar")
    props = [
        country_properties(code, name, pycountry, fr, ar)
        for code, name in zip(gdf["id"], gdf["name"], strict=True)
    ]
    countries = gpd.GeoDataFrame(props, geometry=gdf.geometry.values, crs=CRS)
    duplicated = countries.loc[countries["id"].duplicated(), "id"].tolist()
    if duplicated:
        raise SystemExit(f"duplicate country ids: {duplicated}")
    return countries.sort_values("id").reset_index(drop=True)


def build_land(package_dir: Path) -> gpd.GeoDataFrame:
    """Make the clipped land layer as one feature with ``id`` "land".

    Parameters
    ----------
    package_dir : Path
        The extracted ``world-atlas`` package.

    Returns
    -------
    GeoDataFrame
        One row: ``id``, ``name`` and a (Multi)Polygon geometry.
    """
    gdf = clip_to_region(read_topojson(package_dir / "land-50m.json", "land"))
    geom = _polygonal(shapely.union_all(gdf.geometry.values, grid_size=GRID_SIZE))
    geom = shapely.orient_polygons(geom, exterior_cw=False)
    return gpd.GeoDataFrame({"id": ["land"], "name": ["Land"]}, geometry=[geom], crs=CRS)


def write_feature_collection(gdf: gpd.GeoDataFrame, fields: list[str], path: Path) -> None:
    """Write an RFC 7946 FeatureCollection, compact, one feature per line.

    Parameters
    ----------
    gdf : GeoDataFrame
        Features in EPSG:4326.
    fields : list of str
        The properties to write, in this order.
    path : Path
        The output file (UTF-8).
    """
    features = gdf[fields + [gdf.geometry.name]].to_geo_dict(na="null", drop_id=True)["features"]
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def _report(path: Path, count: int) -> None:
    print(f"wrote {path}: {count} features, {path.stat().st_size / 1024:.1f} KB")


def main(argv: list[str] | None = None) -> None:
    """Rebuild the basemap files in ``--out-dir`` (default: this script's folder)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="folder to write the GeoJSON files to (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    pycountry = import_pycountry()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        package_dir = fetch_world_atlas(Path(tmp))
        countries = build_countries(package_dir, pycountry)
        land = build_land(package_dir)
    for gdf, fields, name in [
        (countries, COUNTRY_FIELDS, COUNTRIES_FILE),
        (land, LAND_FIELDS, LAND_FILE),
    ]:
        path = args.out_dir / name
        write_feature_collection(gdf, fields, path)
        _report(path, len(gdf))


if __name__ == "__main__":
    main()
