"""The meaning of the filters, on tiny in-memory GeoDataFrames."""

import geopandas as gpd
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import LineString, Point, box

from geo import Filters
from geo.data.io import to_feature_collection

PROJECTS = pd.DataFrame(
    {
        "id": ["old", "new"],
        "short_name": ["Old", "New"],
        "start_date": ["2007-11-30", "2019"],
        "end_date": ["2012-08-31", "2022"],
        "countries": [["LBY", "EGY"], ["LBY"]],
    }
)
HUBS = gpd.GeoDataFrame(
    {"id": ["h1", "h2"], "project_ids": [["new"], ["old", "new"]]},
    geometry=[Point(13.2, 32.9), Point(23.3, 24.2)],
    crs=4326,
)
# A route leg names no project: it shows where it runs (its countries) when its sources speak.
ROUTES = gpd.GeoDataFrame(
    {"id": ["r1"], "observed_from": [2016], "observed_to": [2025], "countries": [["LBY"]]},
    geometry=[LineString([(23, 24), (20, 31)])],
    crs=4326,
)
COVERAGE = gpd.GeoDataFrame(
    {"id": ["c-old-LBY", "c-old-EGY", "c-new-LBY"], "project_ids": [["old"], ["old"], ["new"]]},
    geometry=[box(9, 19, 25, 33), box(25, 22, 35, 31), box(9, 19, 25, 33)],
    crs=4326,
)
EVENTS = gpd.GeoDataFrame(
    {
        "id": ["e2009", "e2021", "e2022-09", "e2023"],
        "project_ids": [["old"], ["new"], ["new"], ["new", "old"]],
        "start_date": ["2009-03-23", "2021-09-07", "2022-09", "2023-05-07"],
        "end_date": ["2009-03-25", "2021-09-07", "2022-09", "2023-05-08"],
    },
    geometry=[Point(31.2, 30.1), Point(31.2, 30.1), None, Point(28.9, 41.0)],
    crs=4326,
)
LAYERS = {"hubs": HUBS, "routes": ROUTES, "coverage": COVERAGE, "events": EVENTS}


def ids(layer, filters):
    return sorted(filters.apply(layer, LAYERS[layer], PROJECTS)["id"])


@pytest.mark.parametrize(
    ("filters", "layer", "expected"),
    [
        (Filters(), "hubs", ["h1", "h2"]),
        (Filters(years=(2008, 2008)), "coverage", ["c-old-EGY", "c-old-LBY"]),
        (Filters(years=(2008, 2008)), "hubs", ["h2"]),  # h2 is named by the old project too
        (Filters(years=(2013, 2018)), "coverage", []),  # between the projects
        (Filters(years=(2012, 2019)), "coverage", ["c-new-LBY", "c-old-EGY", "c-old-LBY"]),
        (Filters(("old",)), "routes", []),  # through Libya, but observed after Old ended
        (Filters(("new",)), "routes", ["r1"]),  # through Libya while New runs
        (Filters(("new",), (2020, 2020)), "routes", ["r1"]),
        (Filters(("new",), (2008, 2008)), "routes", []),  # before its sources speak of it
        (Filters(("old",), (2016, 2016)), "routes", []),  # Old is not active in 2016
        (Filters(years=(2024, 2024)), "routes", ["r1"]),  # no project is active: none chosen
        (Filters(years=(2010, 2015)), "routes", []),
        (Filters(years=(2022, 2022)), "events", ["e2022-09"]),  # month precision, no place
        (Filters(years=(2023, 2023)), "events", ["e2023"]),  # after its projects: its own date
        (Filters(("old",)), "events", ["e2009", "e2023"]),
        (Filters(("old",), (2021, 2023)), "events", ["e2023"]),
    ],
)
def test_filter_meanings(filters, layer, expected):
    assert ids(layer, filters) == expected


def test_no_filter_returns_the_layer_untouched():
    assert_geodataframe_equal(Filters().apply("hubs", HUBS, PROJECTS), HUBS)


def test_selected_projects_and_caption():
    f = Filters(("old", "new"), (2010, 2010))
    assert list(f.selected_projects(PROJECTS)["id"]) == ["old"]
    assert f.describe({"old": "Old", "new": "New"}) == "Old and New, in 2010"
    assert Filters(years=(2019, 2022)).describe({}) == "All projects, 2019–2022"


def test_query_params_round_trip():
    f = Filters(("new", "old"), (2019, 2022))
    again, notices = Filters.from_query_params(f.to_query_params(), ["old", "new"])
    assert (again, notices) == (f, [])


def test_feature_collection_keeps_null_geometry_and_lists():
    doc = to_feature_collection(EVENTS)
    unplaced = next(f for f in doc["features"] if f["properties"]["id"] == "e2022-09")
    assert unplaced["geometry"] is None
    assert unplaced["properties"]["project_ids"] == ["new"]
    assert "crs" not in doc
