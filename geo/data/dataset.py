"""Load every data file of a data folder, validated, into one :class:`Dataset`."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.data import geography, validate
from geo.data.io import empty_layer, parse_geometry, read_csv_rows, read_features
from geo.data.problems import Problem
from geo.data.schema import (
    BASEMAP_SPEC,
    CRS,
    FIGURES_SPEC,
    LAYERS,
    PROJECTS_SPEC,
    SOURCES_SPEC,
    SPECS,
    LayerSpec,
)

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"  # the checkout's data/
DATA_DIR_ENV = "GEO_DATA_DIR"
DATABASE_URL_ENV = "GEO_DATABASE_URL"
_COUNTRY_CHECKED = ("hubs", "events")


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data folder: ``explicit``, else ``$GEO_DATA_DIR``, else the project's ``data/``."""
    chosen = explicit or os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
    return Path(chosen).expanduser().resolve()


def data_signature(folder: str | os.PathLike | None = None) -> str:
    """A string that changes whenever a data file changes on disk (for caches)."""
    folder = data_dir(folder)
    parts = []
    for spec in SPECS.values():
        path = folder / spec.filename
        try:
            stat = path.stat()
            parts.append(f"{spec.filename}:{stat.st_mtime_ns}:{stat.st_size}")
        except OSError:
            parts.append(f"{spec.filename}:missing")
    return "|".join(parts)


@dataclass
class Dataset:
    """The sound part of every layer, and every problem found on the way."""

    folder: Path
    projects: pd.DataFrame
    layers: dict[str, gpd.GeoDataFrame]
    basemap: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    version: int | None = None  # the store's version it was read from; None for files
    # Layers too large to read whole, left in the store (empty in ``layers``), by name: each
    # narrows a view's selection in SQL (geo.store.activities.LargeEvents).
    large: dict = field(default_factory=dict)

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """The sound features of layer ``name``."""
        return self.layers[name]

    def table(self, name: str) -> pd.DataFrame:
        """The sound rows of table ``name`` (``sources``...); empty when it could not be read."""
        if name in self.tables:
            return self.tables[name]
        return pd.DataFrame(columns=SPECS[name].field_names, dtype=object)

    def problems_in(self, filename: str) -> list[Problem]:
        """Problems found in one file."""
        return [p for p in self.problems if p.file == filename]

    @property
    def ok(self) -> bool:
        """Whether the data has no problem at all."""
        return not self.problems


def load_dataset(
    folder: str | os.PathLike | None = None, streamed: Collection[str] = ()
) -> Dataset:
    """Read and validate every file of the data folder.

    Never raises on bad data: the problems are collected, the features they
    concern are left out and the rest is kept. Files only: the store
    (:mod:`geo.store`) is chosen at the top, by the app (ui/data.py) and the CLI
    (geo/cli.py), and reads its rows through this function.

    ``streamed``: layers left empty here, for a caller that reads them a batch at a time
    with :func:`check_features` and :func:`row_checks` (``db load``, :mod:`geo.store.load`).
    """
    folder = data_dir(folder)
    problems: list[Problem] = []
    projects, found = load_projects(folder)
    problems += found
    basemap, found = load_layer(folder, BASEMAP_SPEC)
    problems += found
    project_ids = set(projects["id"])
    layers = {}
    for name in LAYERS:
        if name in streamed:
            layers[name] = empty_layer(SPECS[name])
            continue
        gdf, found = load_layer(folder, SPECS[name], project_ids, basemap)
        layers[name] = gdf
        problems += found
    problems += _check_project_countries(projects, basemap)
    sources, found = load_table(folder, SOURCES_SPEC, key="url")
    problems += found
    figures, found = load_table(folder, FIGURES_SPEC)
    problems += found
    for row in figures.itertuples():
        ids = row.project_ids if isinstance(row.project_ids, list) else []
        problems += validate.check_project_ids(ids, project_ids, FIGURES_SPEC.filename, row.id)
    routes = layers["routes"]
    shapes = validate.country_shapes(basemap)
    routes["countries"] = pd.Series(
        geography.leg_countries(routes, shapes),
        index=routes.index,
        dtype=object,
    )
    years = validate.route_years(routes, sources) if not sources.empty else {}
    routes["route_years"] = pd.Series(
        [years.get(r, []) for r in routes["route_id"]], index=routes.index, dtype=object
    )
    if not sources.empty:
        problems += validate.check_observed_periods(routes, sources, SPECS["routes"].filename)
        problems += validate.check_listed_sources(
            layers["hubs"], "role_sources", sources, SPECS["hubs"].filename
        )
    problems += _check_route_geography(folder, routes, basemap, shapes)
    problems += row_checks("events", layers["events"], projects)
    tables = {"sources": sources, "figures": figures}
    return Dataset(folder, projects, layers, basemap, problems, tables)


def load_projects(folder: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The projects table with list fields split, and its problems."""
    spec = PROJECTS_SPEC
    rows, problems = read_csv_rows(folder / spec.filename)
    records = []
    for n, raw in enumerate(rows, start=2):  # row 1 is the header
        fid = (raw.get("id") or "").strip() or f"row {n}"
        row = _typed_row(raw, spec)
        found = validate.check_fields(row, spec, spec.filename, fid)
        if isinstance(row.get("budget"), str):
            found.append(
                Problem(spec.filename, fid, "budget", f"must be a number, got {row['budget']!r}")
            )
        problems += found + validate.check_translations(row, spec, spec.filename, fid)
        if not found:
            records.append(row)
    problems += validate.check_duplicate_ids([r["id"] for r in records], spec.filename)
    records = list({r["id"]: r for r in reversed(records)}.values())[::-1]
    return pd.DataFrame(records, columns=spec.field_names, dtype=object), problems


def load_table(
    folder: Path, spec: LayerSpec, key: str = "id"
) -> tuple[pd.DataFrame, list[Problem]]:
    """A CSV table's sound rows, typed by ``spec``, and its problems; ``key`` names a row."""
    rows, problems = read_csv_rows(folder / spec.filename)
    records = []
    for n, raw in enumerate(rows, start=2):  # row 1 is the header
        fid = (raw.get(key) or "").strip() or f"row {n}"
        row = _typed_row(raw, spec)
        found = validate.check_fields(row, spec, spec.filename, fid)
        problems += found + validate.check_translations(row, spec, spec.filename, fid)
        if not found:
            records.append(row)
    problems += validate.check_duplicate_ids([r[key] for r in records], spec.filename)
    records = list({r[key]: r for r in reversed(records)}.values())[::-1]
    return pd.DataFrame(records, columns=spec.field_names, dtype=object), problems


def _typed_row(raw: dict, spec: LayerSpec) -> dict:
    row: dict = {}
    for f in spec.fields:
        value = (raw.get(f.name) or "").strip()
        if not value:
            row[f.name] = None
        elif f.kind == "list":
            row[f.name] = [v.strip() for v in value.split(";") if v.strip()]
        elif f.kind == "number":
            try:
                row[f.name] = float(value)
            except ValueError:
                row[f.name] = value
        elif f.kind == "year":
            row[f.name] = int(value) if value.isdigit() else value
        else:
            row[f.name] = value
    return row


def load_layer(
    folder: Path,
    spec: LayerSpec,
    project_ids: set[str] | None = None,
    basemap: gpd.GeoDataFrame | None = None,
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """One layer's sound features as a GeoDataFrame (EPSG:4326), and its problems."""
    raw_features, problems = read_features(folder / spec.filename)
    records, geoms, found = check_features(
        raw_features, spec, project_ids, layer_shapes(spec, basemap)
    )
    problems += found
    problems += validate.check_duplicate_ids([r["id"] for r in records], spec.filename)
    return layer_frame(spec, records, geoms), problems


def layer_shapes(spec: LayerSpec, basemap: gpd.GeoDataFrame | None) -> dict:
    """The countries a layer's features are checked against (hubs, activities), or none."""
    if basemap is None or basemap.empty or spec.name not in _COUNTRY_CHECKED:
        return {}
    return validate.country_shapes(basemap)


def check_features(
    raw_features: Iterable[Any],
    spec: LayerSpec,
    project_ids: set[str] | None = None,
    shapes: dict | None = None,
    first: int = 1,
) -> tuple[list[dict], list[Any], list[Problem]]:
    """The sound features' properties and geometries, and the problems of every feature.

    Each feature on its own (the ids' uniqueness is the caller's): a whole layer, or a
    batch of one whose first feature is number ``first`` of its file. ``shapes``: the
    countries of :func:`layer_shapes`, when the layer's places are checked against them.
    """
    file = spec.filename
    problems: list[Problem] = []
    records, geoms = [], []
    for n, feature in enumerate(raw_features, start=first):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.append(
                Problem(file, f"feature {n}", "properties", "feature has no properties")
            )
            continue
        fid = (
            props.get("id") if isinstance(props.get("id"), str) and props["id"] else f"feature {n}"
        )
        geom, error = parse_geometry(feature.get("geometry"))
        found = (
            [Problem(file, fid, "geometry", error)]
            if error
            else validate.check_geometry(geom, spec, file, fid)
        )
        found += validate.check_fields(props, spec, file, fid)
        if project_ids is not None:
            ids = props.get("project_ids") if isinstance(props.get("project_ids"), list) else []
            found += validate.check_project_ids(ids, project_ids, file, fid)
            if isinstance(props.get("project_id"), str):
                found += validate.check_project_ids(
                    [props["project_id"]], project_ids, file, fid, "project_id"
                )
        if not found and shapes:
            found += validate.check_in_country(geom, props.get("iso3"), shapes, file, fid)
            found += validate.check_precision(props, geom, shapes, file, fid)
        # A missing translation is reported, but the feature stays (shown in English).
        problems += found + validate.check_translations(props, spec, file, fid)
        if not found:
            records.append(props)
            geoms.append(geom)
    return records, geoms, problems


def layer_frame(spec: LayerSpec, records: list[dict], geoms: list[Any]) -> gpd.GeoDataFrame:
    """Sound features (:func:`check_features`) as a layer: the first of an id kept."""
    if not records:
        return empty_layer(spec)
    columns = spec.field_names + sorted({k for r in records for k in r} - set(spec.field_names))
    frame = pd.DataFrame(records, columns=columns, dtype=object)
    gdf = gpd.GeoDataFrame(
        frame.where(frame.notna(), None),
        geometry=gpd.GeoSeries(geoms, crs=CRS),
        crs=CRS,
    )
    return gdf[~gdf["id"].duplicated()].reset_index(drop=True)


def row_checks(name: str, rows: pd.DataFrame | list[dict], projects: pd.DataFrame) -> list[Problem]:
    """The checks of a whole layer that hold row by row, so a batch of it can take them.

    An activity within its projects' periods, a named place with its basis. ``rows``: the
    layer, or a batch's sound properties (:func:`check_features`).
    """
    if name != "events":
        return []
    file = SPECS[name].filename
    return validate.check_project_periods(rows, projects, file) + validate.check_location_basis(
        rows, file
    )


def _check_route_geography(
    folder: Path, routes: gpd.GeoDataFrame, basemap: gpd.GeoDataFrame, shapes: dict
) -> list[Problem]:
    """Sea legs on the sea, land legs on land, no line drawn twice (see geo.data.geography)."""
    file = SPECS["routes"].filename
    problems = geography.check_duplicate_legs(routes, file)
    problems += geography.check_third_countries(routes, shapes, file)
    land = geography.read_land(folder / geography.LAND_FILE)
    if land is None and not basemap.empty:
        land = basemap.geometry.union_all()
    if land is not None:
        problems += geography.check_surfaces(routes, land, file)
    return problems


def _check_project_countries(projects: pd.DataFrame, basemap: gpd.GeoDataFrame) -> list[Problem]:
    if basemap.empty:
        return []
    known = set(basemap["iso3"].dropna())
    return [
        Problem(
            PROJECTS_SPEC.filename, row.id, "countries", f"{code!r} is not a country of the basemap"
        )
        for row in projects.itertuples()
        for code in row.countries
        if code not in known
    ]
