"""Route legs dated by their sources, and tied to projects by where they run (issue 12, part 1)."""

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, box

from geo import Filters
from geo.data import validate
from geo.data.dataset import load_dataset
from geo.data.geography import leg_countries
from tests import ROOT, tinydata
from tests.cli_run import cli

SOURCES = pd.DataFrame(
    {
        "url": ["https://a.example/2012", "https://b.example/2023", "https://c.example/wiki"],
        "date": ["2012-05-13", "2023-10", None],
    }
)


def leg(**props):
    return {"id": "L1", "source_url": "https://a.example/2012", **props}


def test_observed_period_matching_its_sources_is_sound():
    legs = pd.DataFrame(
        [
            leg(
                sources=[
                    "https://a.example/2012",
                    "https://b.example/2023",
                    "https://c.example/wiki",
                ],
                observed_from=2012,
                observed_to=2023,
            )
        ]
    )
    assert validate.check_observed_periods(legs, SOURCES) == []


def test_observed_period_wider_than_its_sources_is_reported():
    legs = pd.DataFrame([leg(sources=[], observed_from=2008, observed_to=2024)])
    messages = [str(p) for p in validate.check_observed_periods(legs, SOURCES)]
    assert messages == [
        "routes.geojson: L1: observed_from: is 2008, but the earliest dated source the leg "
        "names is from 2012",
        "routes.geojson: L1: observed_to: is 2024, but the latest dated source the leg names "
        "is from 2012",
    ]


def test_a_source_missing_from_the_table_or_no_dated_source_is_reported():
    legs = pd.DataFrame(
        [
            {
                "id": "L2",
                "source_url": "https://c.example/wiki",
                "sources": ["https://c.example/wiki", "https://nowhere.example"],
                "observed_from": 2020,
                "observed_to": 2020,
            }
        ]
    )
    fields = [(p.field, p.message) for p in validate.check_observed_periods(legs, SOURCES)]
    assert fields == [
        ("sources", "'https://nowhere.example' is not in sources.csv: date unknown"),
        ("observed_from", "no source the leg names is dated"),
    ]


def test_countries_come_from_the_geometry():
    shapes = {"LBY": box(9, 19, 25, 33), "EGY": box(25, 22, 35, 31.5), "TUR": box(26, 36, 44, 42)}
    legs = gpd.GeoDataFrame(
        {"mode": ["land", "sea", "air"]},
        geometry=[
            LineString([(20, 30), (30, 30)]),  # Libya into Egypt
            LineString([(24, 32.5), (24, 35)]),  # leaves Libya by sea
            LineString([(28.9, 41), (20, 32)]),  # flies over Egypt's corner: only its ends count
        ],
    )
    assert leg_countries(legs, shapes) == [["EGY", "LBY"], ["LBY"], ["LBY", "TUR"]]


def test_the_observed_period_drives_the_year_filter_on_disk(tmp_path):
    data = load_dataset(tinydata.write(tmp_path / "data"))
    routes = data.layer("routes")
    assert data.problems == []
    assert list(routes["countries"]) == [["LBY"]]
    shown = {
        y: len(Filters(years=(y, y)).apply("routes", routes, data.projects))
        for y in (2015, 2016, 2025, 2026)
    }
    assert shown == {2015: 0, 2016: 1, 2025: 1, 2026: 0}


def test_a_wrong_period_on_disk_fails_validation(tmp_path):
    features = tinydata.layers()["routes.geojson"]
    features[0]["properties"]["observed_from"] = 2008
    folder = tinydata.write(tmp_path / "data", {"routes.geojson": features})
    result = cli("validate", "--data-dir", str(folder))
    assert result.returncode == 1
    assert (
        "routes.geojson: R4-01: observed_from: is 2008, but the earliest dated source the leg "
        "names is from 2016" in result.stdout
    )


def _export(*args):
    result = cli("export", "routes", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["features"]


def test_shipped_routes_in_2024_and_2010():
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str)
    years = {
        url: int(date[:4])
        for url, date in zip(sources["url"], sources["date"], strict=True)
        if isinstance(date, str)
    }
    assert _export("--year", "2024")
    legs_2010 = _export("--year", "2010")
    for feature in legs_2010:
        named = validate.named_sources(feature["properties"])
        assert min(years[u] for u in named if u in years) <= 2015, feature["properties"]["id"]


def test_shipped_routes_name_no_project_and_follow_coverage():
    data = load_dataset(ROOT / "data")
    routes = data.layer("routes")
    assert "project_ids" not in routes.columns or routes["project_ids"].isna().all()
    gloact = Filters(("gloact-bgd",)).apply("routes", routes, data.projects)
    # GLO.ACT Bangladesh covers Bangladesh: the legs that leave Dhaka.
    assert sorted(gloact["from_place"]) == ["Dhaka", "Dhaka"]
    assert all("BGD" in cs for cs in gloact["countries"])


@pytest.mark.parametrize("project", ["xamt14", "dismantling", "gloact-bgd"])
def test_a_project_shows_no_leg_first_observed_after_it_ended(project):
    data = load_dataset(ROOT / "data")
    row = data.projects.set_index("id").loc[project]
    start, end = int(row["start_date"][:4]), int(row["end_date"][:4])
    legs = _export("--project", project)
    assert legs, f"{project} shows no leg at all"
    late = [
        f["properties"]["id"]
        for f in legs
        if f["properties"]["observed_from"] > end or f["properties"]["observed_to"] < start
    ]
    assert late == []
