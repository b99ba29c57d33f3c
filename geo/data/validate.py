"""Every validation rule as a function that returns problems and never raises on bad data.

Each problem names the file, the feature id (or row), the field and what is wrong;
a feature with any problem is left out of its layer, the rest are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS as ProjCRS
from shapely.geometry import Point
from shapely.validation import explain_validity

from geo.data import dates
from geo.data.problems import Problem
from geo.data.schema import (
    COUNTRY_TOLERANCE_KM,
    MAX_COORDINATES,
    MAX_LIST_ITEMS,
    Field,
    LayerSpec,
)

_KM_PER_DEGREE_MAX = 111.32


def check_fields(props: Mapping[str, Any], spec: LayerSpec, file: str, fid: str) -> list[Problem]:
    """Required fields present, of the right kind, choices known, dates read.

    Translations are checked apart (:func:`check_translations`): a missing one is reported,
    and the feature stays, shown in English.

    >>> from geo.data.schema import HUBS
    >>> [p.field for p in check_fields({"id": "h"}, HUBS, "hubs.geojson", "h")][:3]
    ['name', 'iso3', 'project_ids']
    """
    problems = []
    for field in spec.fields:
        value = props.get(field.name)
        if _is_blank(value):
            if field.required:
                problems.append(Problem(file, fid, field.name, "required field is missing"))
            continue
        message = _kind_problem(field.kind, value, field.choices) or _size_problem(field, value)
        if message:
            problems.append(Problem(file, fid, field.name, message))
    if not problems and props.get("date_basis") == "publication":
        if props.get("start_date") != props.get("end_date"):
            problems.append(
                Problem(
                    file,
                    fid,
                    "end_date",
                    "a publication date is one date: end_date must equal start_date "
                    "(the activity's own span is not known)",
                )
            )
    if not problems and isinstance(props.get("value_max"), (int, float)):
        if props["value_max"] < props["value"]:
            problems.append(Problem(file, fid, "value_max", f"is below value ({props['value']})"))
    both = [props.get("start_date"), props.get("end_date")]
    if not problems and all(isinstance(d, str) for d in both):
        if dates.last_day(props["end_date"]) < dates.first_day(props["start_date"]):
            problems.append(
                Problem(
                    file,
                    fid,
                    "end_date",
                    f"ends ({props['end_date']}) before it starts ({props['start_date']})",
                )
            )
    return problems


_LANGUAGE_NAMES = {"fr": "French", "ar": "Arabic"}


def check_translations(
    props: Mapping[str, Any], spec: LayerSpec, file: str, fid: str
) -> list[Problem]:
    """Every free English text has its translations, and no translation stands alone.

    The English is the source text (:attr:`geo.data.schema.Field.translation_of`): a
    translation without it translates nothing.

    >>> from geo.data.schema import HUBS
    >>> [str(p) for p in check_translations({"role": "Hub", "role_fr": "Carrefour"},
    ...     HUBS, "hubs.geojson", "h")]
    ['hubs.geojson: h: role_ar: missing Arabic translation of role']
    >>> [p.message for p in check_translations({"role_fr": "Carrefour", "role_ar": "محور"},
    ...     HUBS, "hubs.geojson", "h")][0]
    'translates no English: role is empty, and the English is the source text'
    """
    problems = []
    for field in spec.translations:
        english = not _is_blank(props.get(field.translation_of))
        translated = not _is_blank(props.get(field.name))
        if english and not translated:
            language = _LANGUAGE_NAMES.get(field.language, field.language)
            message = f"missing {language} translation of {field.translation_of}"
        elif translated and not english:
            message = (
                f"translates no English: {field.translation_of} is empty, "
                "and the English is the source text"
            )
        else:
            continue
        problems.append(Problem(file, fid, field.name, message))
    return problems


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _size_problem(field: Field, value: Any) -> str | None:
    """Too long a text, too many items, or a character no file can hold (a lone surrogate).

    >>> from geo.data.schema import Field
    >>> _size_problem(Field("summary"), "x" * 5001)
    'too long (5001 > 5000 characters)'
    >>> _size_problem(Field("alt_names", "list"), ["a"] * 201)
    'too many items (201 > 200)'
    >>> _size_problem(Field("name"), "Tripoli " + chr(0xD800))
    'holds a character that is not text (a lone UTF-16 surrogate at 9)'
    """
    texts = value if isinstance(value, list) else [value]
    if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
        return f"too many items ({len(value)} > {MAX_LIST_ITEMS})"
    for text in texts:
        if not isinstance(text, str):
            continue
        if len(text) > field.max_chars:
            return f"too long ({len(text)} > {field.max_chars} characters)"
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            where = exc.start + 1
            return f"holds a character that is not text (a lone UTF-16 surrogate at {where})"
    return None


def _kind_problem(kind: str, value: Any, choices: tuple[str, ...]) -> str | None:
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            return f"must be a list of texts, got {value!r}"
        return None
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a number, got {value!r}"
        return None
    if kind == "year":
        if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
            return f"must be a year (a whole number like 2021), got {value!r}"
        return None
    if not isinstance(value, str):
        return f"must be a text, got {value!r}"
    if kind == "date" and not dates.is_valid(value):
        return f"cannot read date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD"
    if kind == "iso3" and not (len(value) == 3 and value.isalpha() and value.isupper()):
        return f"{value!r} is not an ISO 3166 alpha-3 code"
    if kind == "choice" and value not in choices:
        return f"{value!r} is not one of {', '.join(choices)}"
    return None


def check_geometry(geom: Any, spec: LayerSpec, file: str, fid: str) -> list[Problem]:
    """Geometry present where required, of an allowed type, valid and in lon/lat range.

    >>> from geo.data.schema import HUBS
    >>> [p.message for p in check_geometry(Point(200, 10), HUBS, "hubs.geojson", "h")]
    ['coordinates out of range: longitude must lie in -180..180, latitude in -90..90']
    """
    if geom is None or geom.is_empty:
        if spec.allow_null_geometry:
            return []
        return [Problem(file, fid, "geometry", "geometry is missing or empty")]
    if geom.geom_type not in spec.geometry_types:
        allowed = " or ".join(spec.geometry_types)
        return [Problem(file, fid, "geometry", f"is a {geom.geom_type}, expected {allowed}")]
    count = shapely.get_num_coordinates(geom)
    if count > MAX_COORDINATES:
        return [Problem(file, fid, "geometry", f"too many points ({count} > {MAX_COORDINATES})")]
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        return [Problem(file, fid, "geometry", "coordinates are not finite numbers")]
    lon, lat = coords[:, 0], coords[:, 1]
    if (np.abs(lon) > 180).any() or (np.abs(lat) > 90).any():
        return [
            Problem(
                file,
                fid,
                "geometry",
                "coordinates out of range: longitude must lie in -180..180, latitude in -90..90",
            )
        ]
    if not geom.is_valid:
        return [Problem(file, fid, "geometry", f"invalid geometry: {explain_validity(geom)}")]
    return []


def check_duplicate_ids(ids: Iterable[str], file: str) -> list[Problem]:
    """Each id used once; every repeated id is reported (the first use is kept).

    >>> [str(p) for p in check_duplicate_ids(["a", "b", "a"], "f.geojson")]
    ['f.geojson: a: id: id is used 2 times; only the first is kept']
    """
    counts = Counter(i for i in ids if isinstance(i, str))
    return [
        Problem(file, i, "id", f"id is used {n} times; only the first is kept")
        for i, n in sorted(counts.items())
        if n > 1
    ]


def check_project_ids(
    values: Iterable[str], known: set[str], file: str, fid: str, field: str = "project_ids"
) -> list[Problem]:
    """Every project id named by a feature is in the projects table.

    >>> check_project_ids(["nope"], {"xamt14"}, "hubs.geojson", "h")[0].message
    "unknown project id 'nope' (known: xamt14)"
    """
    return [
        Problem(file, fid, field, f"unknown project id {v!r} (known: {', '.join(sorted(known))})")
        for v in values
        if v not in known
    ]


def country_shapes(countries: gpd.GeoDataFrame) -> dict[str, Any]:
    """One prepared (fast to test) geometry per ISO3 code of the basemap."""
    shapes = {}
    for iso3, group in countries.dropna(subset=["iso3"]).groupby("iso3"):
        shape = group.geometry.union_all()
        shapely.prepare(shape)
        shapes[iso3] = shape
    return shapes


def check_in_country(
    geom: Any,
    iso3: str,
    shapes: Mapping[str, Any],
    file: str,
    fid: str,
) -> list[Problem]:
    """Each point lies in the country ``iso3`` names, or within 25 km of it (a city's size).

    ``shapes`` maps ISO3 codes to country geometries (see :func:`country_shapes`).
    """
    if geom is None or geom.is_empty or not iso3:
        return []
    shape = shapes.get(iso3)
    if shape is None:
        return [Problem(file, fid, "iso3", f"{iso3!r} is not a country of the basemap")]
    problems = []
    for point in getattr(geom, "geoms", [geom]):
        # A degree is at most 111.32 km on the ground: close enough in degrees is close enough.
        near = shape.distance(point) * _KM_PER_DEGREE_MAX <= COUNTRY_TOLERANCE_KM
        if shape.covers(point) or near:
            continue
        km = _distance_km(point, shape)
        if km > COUNTRY_TOLERANCE_KM:
            problems.append(
                Problem(
                    file,
                    fid,
                    "geometry",
                    f"point ({point.x:.4f}, {point.y:.4f}) lies {km:.0f} km outside {iso3}, "
                    f"more than the {COUNTRY_TOLERANCE_KM:.0f} km allowed",
                )
            )
    return problems


def check_precision(
    props: Mapping[str, Any], geom: Any, shapes: Mapping[str, Any], file: str, fid: str
) -> list[Problem]:
    """The place and geometry say no more than ``location_precision`` does.

    ``unknown``: no geometry. ``country``: no venue city (``place``) and the point is the
    basemap's representative point of the country (it stands for the country, not for a
    spot in it). ``city`` or ``exact`` on an activity: its ``place`` is named.

    >>> from shapely.geometry import box
    >>> shapes = {"TUR": box(26, 36, 44, 42)}
    >>> props = {"location_precision": "country", "iso3": "TUR", "place": "Istanbul"}
    >>> [p.message for p in check_precision(props, Point(28.95, 41.01), shapes, "e", "x")]
    ['a country-precision activity names no venue city', 'a country-precision point must be \
the representative point of TUR in the basemap (35.0000, 39.0000), to stand for the country']
    """
    precision = props.get("location_precision")
    placed = geom is not None and not geom.is_empty
    problems = []
    if precision == "unknown" and placed:
        problems.append(Problem(file, fid, "geometry", "a place that is unknown has no geometry"))
    if precision == "country":
        if props.get("place"):
            problems.append(
                Problem(file, fid, "place", "a country-precision activity names no venue city")
            )
        shape = shapes.get(props.get("iso3"))
        if placed and shape is not None:
            point = shape.representative_point()
            if geom.distance(point) * _KM_PER_DEGREE_MAX > 1.0:
                problems.append(
                    Problem(
                        file,
                        fid,
                        "geometry",
                        "a country-precision point must be the representative point of "
                        f"{props.get('iso3')} in the basemap ({point.x:.4f}, {point.y:.4f}), "
                        "to stand for the country",
                    )
                )
    if precision in ("city", "exact") and "place" in props and not props.get("place"):
        problems.append(
            Problem(file, fid, "place", f"a {precision}-precision activity names its place")
        )
    return problems


def _distance_km(point: Point, shape: Any) -> float:
    """Distance on the ground, in an equidistant projection centred on the point."""
    aeqd = ProjCRS.from_proj4(f"+proj=aeqd +lat_0={point.y} +lon_0={point.x} +datum=WGS84")
    projected = gpd.GeoSeries([shape], crs="EPSG:4326").to_crs(aeqd)
    return float(projected.distance(Point(0, 0)).iloc[0]) / 1000.0


def named_sources(leg: Mapping[str, Any]) -> list[str]:
    """The sources that state a leg: its ``sources``, else its ``source_url``.

    ``sources`` lists them, its main ``source_url`` first. An indicative leg that no source
    states has ``sources: []``: its ``source_url`` is then its route's, which states nothing
    of the leg.

    >>> named_sources({"source_url": "https://a", "sources": ["https://a", "https://b"]})
    ['https://a', 'https://b']
    >>> named_sources({"source_url": "https://a", "sources": None})
    ['https://a']
    >>> named_sources({"source_url": "https://a", "sources": [], "confidence": "indicative"})
    []
    """
    named = leg.get("sources")
    if not isinstance(named, list) or (not named and leg.get("confidence") != "indicative"):
        named = [leg.get("source_url")]
    return list(dict.fromkeys(u for u in named if isinstance(u, str) and u))


def source_years(sources: pd.DataFrame) -> dict[str, int]:
    """The year of each dated source of the sources table, by address."""
    return {
        url: dates.first_day(date).year
        for url, date in zip(sources["url"], sources["date"], strict=True)
        if isinstance(date, str) and dates.is_valid(date)
    }


def route_years(routes: pd.DataFrame, sources: pd.DataFrame) -> dict[str, list[int]]:
    """The years of the dated sources of each route's legs, by ``route_id``.

    >>> src = pd.DataFrame({"url": ["https://a", "https://b"], "date": ["2014-06", "2023"]})
    >>> legs = pd.DataFrame({"route_id": ["R", "R"], "sources": [["https://a"], ["https://b"]],
    ...     "source_url": ["https://a", "https://b"], "confidence": ["documented"] * 2})
    >>> route_years(legs, src)
    {'R': [2014, 2023]}
    """
    years = source_years(sources)
    found: dict[str, set[int]] = {}
    for leg in routes.to_dict("records"):
        dated = {years[u] for u in named_sources(leg) if u in years}
        found.setdefault(leg.get("route_id"), set()).update(dated)
    return {route: sorted(ys) for route, ys in found.items()}


def check_observed_periods(
    routes: pd.DataFrame, sources: pd.DataFrame, file: str = "routes.geojson"
) -> list[Problem]:
    """Each leg's ``observed_from``/``observed_to`` are the years of its own sources.

    Every source a leg names must be in the sources table; the period runs from the
    earliest to the latest date of those that are dated, and is empty when none is (the
    leg then shows in its route's dated years). Only an indicative leg may name no source.

    >>> src = pd.DataFrame({"url": ["https://a", "https://b"], "date": ["2014-06", None]})
    >>> leg = {"id": "L", "source_url": "https://a", "sources": ["https://a", "https://b"],
    ...     "observed_from": 2012, "observed_to": 2014}
    >>> [p.message for p in check_observed_periods(pd.DataFrame([leg]), src)]
    ['is 2012, but the earliest dated source the leg names is from 2014']
    >>> undated = {"id": "U", "source_url": "https://b", "sources": ["https://b"],
    ...     "observed_from": 2014, "observed_to": 2014}
    >>> [p.message for p in check_observed_periods(pd.DataFrame([undated]), src)]
    ['is 2014, but no source the leg names is dated: leave it empty', \
'is 2014, but no source the leg names is dated: leave it empty']
    """
    known = set(sources["url"])
    years = source_years(sources)
    problems = []
    for leg in routes.to_dict("records"):
        fid = leg["id"]
        named = named_sources(leg)
        for url in named:
            if url not in known:
                problems.append(
                    Problem(file, fid, "sources", f"{url!r} is not in sources.csv: date unknown")
                )
        dated = sorted(years[u] for u in named if u in years)
        for field, want, which in (
            ("observed_from", dated[0] if dated else None, "earliest"),
            ("observed_to", dated[-1] if dated else None, "latest"),
        ):
            have = leg.get(field)
            have = None if have is None or have != have else have  # NaN is empty
            if have == want:
                continue
            if want is None:
                message = f"is {have}, but no source the leg names is dated: leave it empty"
            else:
                message = (
                    f"is {have if have is not None else 'empty'}, but the {which} dated source "
                    f"the leg names is from {want}"
                )
            problems.append(Problem(file, fid, field, message))
    return problems


def _records(rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    """Rows as mappings: a frame's records, or the features' properties as they are.

    ``db load`` checks its batches on their properties: a frame's ``to_dict`` would cost
    more than the checks.
    """
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows


def check_location_basis(
    events: pd.DataFrame | Iterable[Mapping[str, Any]], file: str = "events.geojson"
) -> list[Problem]:
    """An activity that names a place says on what basis: stated, dateline or organiser.

    >>> rows = pd.DataFrame({"id": ["a", "b"], "place": ["Rabat", None],
    ...     "location_basis": [None, None]})
    >>> [str(p) for p in check_location_basis(rows)]
    ['events.geojson: a: location_basis: the place is given with no basis: say whether the \
source states it, or only its dateline or the seat of its organiser names it \
(stated, dateline, organiser)']
    """
    if isinstance(events, pd.DataFrame) and "place" not in events:
        return []
    return [
        Problem(
            file,
            row["id"],
            "location_basis",
            "the place is given with no basis: say whether the source states it, or only "
            "its dateline or the seat of its organiser names it (stated, dateline, organiser)",
        )
        for row in _records(events)
        if isinstance(row.get("place"), str)
        and row["place"].strip()
        and not isinstance(row.get("location_basis"), str)
    ]


def check_listed_sources(
    frame: pd.DataFrame, field: str, sources: pd.DataFrame, file: str
) -> list[Problem]:
    """Every address in the list field ``field`` is a row of the sources table.

    >>> hubs = pd.DataFrame({"id": ["h"], "role_sources": [["https://a", "https://z"]]})
    >>> [p.message for p in check_listed_sources(hubs, "role_sources",
    ...     pd.DataFrame({"url": ["https://a"]}), "hubs.geojson")]
    ["'https://z' is not in sources.csv"]
    """
    if field not in frame:
        return []
    known = set(sources["url"])
    return [
        Problem(file, row["id"], field, f"{url!r} is not in sources.csv")
        for row in frame.to_dict("records")
        for url in row.get(field) or []
        if url not in known
    ]


def check_project_periods(
    events: pd.DataFrame | Iterable[Mapping[str, Any]],
    projects: pd.DataFrame,
    file: str = "events.geojson",
) -> list[Problem]:
    """Each activity lies within the period of every project it belongs to.

    An activity outside the period is reported unless the project's ``period_note`` says
    why, naming each year of the activity that falls outside (an extension, a later phase).

    >>> projects = pd.DataFrame({"id": ["p"], "start_date": ["2019"], "end_date": ["2022"],
    ...     "period_note": ["The project went on in 2023 (a second phase)."]})
    >>> events = pd.DataFrame({"id": ["a", "b"], "start_date": ["2023-05-07", "2024-06-20"],
    ...     "end_date": ["2023-05-08", "2024-06-21"], "project_ids": [["p"], ["p"]]})
    >>> [str(p) for p in check_project_periods(events, projects)]  # doctest: +NORMALIZE_WHITESPACE
    ["events.geojson: b: start_date: 2024-06-20 to 2024-06-21 lies outside the period of project
    'p' (2019 to 2022), and the project's period_note gives no reason for 2024"]
    """
    by_id = {p["id"]: p for p in projects.to_dict("records")}
    problems = []
    for event in _records(events):
        start, end = dates.first_day(event["start_date"]), dates.last_day(event["end_date"])
        for pid in event.get("project_ids") or []:
            project = by_id.get(pid)
            if project is None:
                continue
            first = dates.first_day(project["start_date"])
            last = dates.last_day(project["end_date"])
            if first <= start and end <= last:
                continue
            years = [y for y in range(start.year, end.year + 1) if y < first.year or y > last.year]
            years = years or [start.year if start < first else end.year]
            note = project.get("period_note")
            note = note if isinstance(note, str) else ""
            unexplained = [y for y in years if not re.search(rf"\b{y}\b", note)]
            if unexplained:
                problems.append(
                    Problem(
                        file,
                        event["id"],
                        "start_date",
                        f"{event['start_date']} to {event['end_date']} lies outside the period "
                        f"of project {pid!r} ({project['start_date']} to {project['end_date']}), "
                        "and the project's period_note gives no reason for "
                        + ", ".join(str(y) for y in unexplained),
                    )
                )
    return problems
