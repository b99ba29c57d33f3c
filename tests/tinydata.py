"""A tiny, valid data folder written to disk, to break one rule at a time."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

PROJECT_COLUMNS = [
    "id",
    "name",
    "name_fr",
    "name_ar",
    "short_name",
    "start_date",
    "end_date",
    "budget",
    "currency",
    "funders",
    "partners",
    "countries",
    "source",
    "source_url",
    "source_quote",
    "note",
]

PROJECTS = [
    {
        "id": "old",
        "name": "Old project",
        "short_name": "Old",
        "start_date": "2007-11-30",
        "end_date": "2012-08-31",
        "budget": "2705000",
        "currency": "USD",
        "funders": "European Commission",
        "countries": "LBY;EGY",
        "source": "Profile, UNODC",
    },
    {
        "id": "new",
        "name": "New project",
        "short_name": "New",
        "start_date": "2019",
        "end_date": "2022",
        "budget": "15000000",
        "currency": "EUR",
        "funders": "European Union",
        "countries": "LBY",
        "source": "Story, UNODC, 2021",
    },
]


SOURCE_COLUMNS = ["url", "title", "publisher", "date", "note"]

SOURCES = [
    {"url": "https://example.org/reuters-2025", "publisher": "Reuters", "date": "2025-03-13"},
    {"url": "https://example.org/ctc-2016", "publisher": "CTC Sentinel", "date": "2016-05"},
    {"url": "https://example.org/wiki", "publisher": "Wikipedia", "note": "not dated"},
]


FIGURE_COLUMNS = [
    "id",
    "value",
    "value_max",
    "unit",
    "what",
    "what_fr",
    "what_ar",
    "iso3",
    "place",
    "start_date",
    "end_date",
    "source",
    "source_quote",
]

FIGURES = [
    {
        "id": "fig-migrants",
        "value": "21653",
        "unit": "people",
        "what": "migrants from Bangladesh in Libya",
        "what_fr": "migrants originaires du Bangladesh en Libye",
        "what_ar": "مهاجرون من بنغلاديش في ليبيا",
        "iso3": "LBY",
        "place": "Libya",
        "start_date": "2022-12",
        "end_date": "2022-12",
        "source": "Story, UNODC, 2023",
        "source_quote": "there were 21,653 migrants from Bangladesh in Libya",
    },
    {
        "id": "fig-per-year",
        "value": "300000",
        "unit": "people per year",
        "what": "Africans who try to reach Europe every year",
        "what_fr": "Africains qui tentent chaque année de rejoindre l'Europe",
        "what_ar": "أفارقة يحاولون الوصول إلى أوروبا كل عام",
        "source": "Profile, UNODC",
        "source_quote": "around 300,000 Africans illegally try to reach Europe every year",
    },
]


def _box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def _point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


def feature(geometry, **props):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def layers() -> dict[str, list[dict]]:
    libya, egypt = _box(9, 19, 25, 33), _box(25, 22, 35, 31.5)
    return {
        "basemap_countries.geojson": [
            feature(libya, id="LBY", iso3="LBY", name="Libya", name_fr="Libye", name_ar="ليبيا"),
            feature(egypt, id="EGY", iso3="EGY", name="Egypt", name_fr="Égypte", name_ar="مصر"),
        ],
        "hubs.geojson": [
            feature(
                _point(13.19, 32.88),
                id="hub-tripoli",
                name="Tripoli",
                iso3="LBY",
                project_ids=["new"],
                source="Story",
                location_precision="city",
            ),
            feature(
                _point(23.29, 24.2),
                id="hub-kufra",
                name="Kufra",
                iso3="LBY",
                project_ids=["new"],
                source="Story",
                location_precision="city",
            ),
        ],
        "events.geojson": [
            feature(
                _point(31.25, 30.06),
                id="ev-cairo",
                name="Roundtable",
                kind="roundtable",
                iso3="EGY",
                start_date="2021-09-07",
                end_date="2021-09-07",
                date_basis="event",
                project_ids=["new"],
                source="Story",
                location_precision="city",
            ),
            feature(
                None,
                id="ev-unknown",
                name="First meeting",
                kind="meeting",
                iso3=None,
                start_date="2022-09",
                end_date="2022-09",
                date_basis="event",
                project_ids=["new"],
                source="Story",
                location_precision="unknown",
            ),
            feature(
                _point(31.25, 30.06),
                id="ev-2009",
                name="Expert meeting",
                kind="meeting",
                iso3="EGY",
                start_date="2009-03-23",
                end_date="2009-03-25",
                date_basis="event",
                project_ids=["old"],
                source="Page",
                location_precision="city",
            ),
        ],
        "routes.geojson": [
            feature(
                {"type": "LineString", "coordinates": [[23.29, 24.2], [20.23, 30.76]]},
                id="R4-01",
                route_id="R4",
                route_name="Sudan–Kufra",
                name="Kufra → Ajdabiya",
                mode="land",
                confidence="documented",
                observed_from=2016,
                observed_to=2025,
                source="Reuters",
                source_url="https://example.org/reuters-2025",
                sources=["https://example.org/reuters-2025", "https://example.org/ctc-2016"],
            ),
        ],
        "coverage.geojson": [
            feature(
                libya,
                id="cov-old-LBY",
                name="Libya",
                project_id="old",
                project_ids=["old"],
                iso3="LBY",
                source="Profile",
            ),
            feature(
                egypt,
                id="cov-old-EGY",
                name="Egypt",
                project_id="old",
                project_ids=["old"],
                iso3="EGY",
                source="Profile",
            ),
            feature(
                libya,
                id="cov-new-LBY",
                name="Libya",
                project_id="new",
                project_ids=["new"],
                iso3="LBY",
                source="Story",
            ),
        ],
    }


def write_rows(path: Path, columns, rows) -> None:
    """A CSV table with its header row."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)


def write(folder: Path, overrides: dict[str, list[dict]] | None = None) -> Path:
    """Write the tiny folder; ``overrides`` replaces the features of some files."""
    folder.mkdir(parents=True, exist_ok=True)
    write_rows(folder / "projects.csv", PROJECT_COLUMNS, PROJECTS)
    write_rows(folder / "sources.csv", SOURCE_COLUMNS, SOURCES)
    write_rows(folder / "figures.csv", FIGURE_COLUMNS, FIGURES)
    for name, features in {**layers(), **(overrides or {})}.items():
        doc = {"type": "FeatureCollection", "features": features}
        (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


def broken(tmp_path, file, index, change):
    """A tiny folder where feature ``index`` of ``file`` went through ``change``."""
    features = copy.deepcopy(layers()[file])
    change(features[index])
    return write(tmp_path / "data", {file: features})


def set_prop(name, value):
    return lambda f: f["properties"].__setitem__(name, value)


def set_geom(geometry):
    return lambda f: f.__setitem__("geometry", geometry)


def drop_prop(name):
    return lambda f: f["properties"].pop(name)
