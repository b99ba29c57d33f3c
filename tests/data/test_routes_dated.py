"""Route legs dated by their own sources, and tied to projects by where they run."""

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, box

from geo import Filters
from geo.data import validate
from geo.data.dataset import load_dataset
from geo.data.geography import leg_countries
from geo.view.filters import leg_years
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


def test_a_source_missing_from_the_table_or_a_period_no_dated_source_gives_is_reported():
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
    undated = "is 2020, but no source the leg names is dated: leave it empty"
    assert fields == [
        ("sources", "'https://nowhere.example' is not in sources.csv: date unknown"),
        ("observed_from", undated),
        ("observed_to", undated),
    ]


def test_an_undated_leg_leaves_its_period_empty():
    legs = pd.DataFrame(
        [
            leg(id="U", source_url="https://c.example/wiki", sources=["https://c.example/wiki"]),
            leg(id="I", confidence="indicative", sources=[]),
        ]
    )
    legs["observed_from"] = legs["observed_to"] = None
    assert validate.check_observed_periods(legs, SOURCES) == []


def test_a_documented_leg_is_dated_by_its_main_source_when_it_lists_none():
    legs = pd.DataFrame([leg(sources=[], observed_from=None, observed_to=None)])
    assert [p.field for p in validate.check_observed_periods(legs, SOURCES)] == [
        "observed_from",
        "observed_to",
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


def _legs_on_disk(tmp_path, *extra):
    """The tiny folder with R4-01 (2016-2025) and more legs of its route R4."""
    features = tinydata.layers()["routes.geojson"]
    for props in extra:
        feature = json.loads(json.dumps(features[0]))
        feature["properties"].update(props)
        # Each leg a line of its own (the same line in the same direction is reported).
        feature["geometry"]["coordinates"][0][0] += len(features) * 0.1
        features.append(feature)
    return load_dataset(tinydata.write(tmp_path / "data", {"routes.geojson": features}))


def _shown(data, years):
    routes = data.layer("routes")
    return {
        y: sorted(Filters(years=(y, y)).apply("routes", routes, data.projects)["id"]) for y in years
    }


def test_a_leg_no_source_dates_shows_in_its_routes_years_or_in_none(tmp_path):
    undated = {"observed_from": None, "observed_to": None}
    data = _legs_on_disk(
        tmp_path,
        {"id": "R4-02", "confidence": "indicative", "sources": [], **undated},
        {
            "id": "R4-03",
            "source_url": "https://example.org/wiki",
            "sources": ["https://example.org/wiki"],
            **undated,
        },
    )
    assert data.problems == []
    assert list(data.layer("routes")["route_years"]) == [[2016, 2025]] * 3
    # R4-01's own sources span 2016-2025; R4-02, stated by none, shows in 2016 and 2025 only;
    # R4-03, stated by an undated source, in no chosen year (it cannot be placed in one).
    assert _shown(data, (2016, 2020, 2025)) == {
        2016: ["R4-01", "R4-02"],
        2020: ["R4-01"],
        2025: ["R4-01", "R4-02"],
    }
    assert len(Filters().apply("routes", data.layer("routes"), data.projects)) == 3


def test_the_same_line_the_other_way_is_a_leg_of_its_own(tmp_path):
    features = tinydata.layers()["routes.geojson"]
    back = json.loads(json.dumps(features[0]))
    back["properties"].update(
        id="R4-09",
        name="Ajdabiya → Kufra",
        observed_from=2025,
        sources=["https://example.org/reuters-2025"],
    )
    back["geometry"]["coordinates"].reverse()
    same = json.loads(json.dumps(features[0]))
    same["properties"]["id"] = "R4-10"
    folder = tinydata.write(tmp_path / "data", {"routes.geojson": [*features, back, same]})
    problems = [str(p) for p in load_dataset(folder).problems]
    assert problems == [
        "routes.geojson: R4-10: geometry: draws the same line as R4-01, in the same direction"
    ]


def _export(*args):
    result = cli("export", "routes", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["features"]


def test_shipped_routes_in_2024_and_2012():
    years = _source_years()
    assert _export("--year", "2024")
    legs_2012 = _export("--year", "2012")
    assert legs_2012
    for feature in legs_2012:
        own = [years[u] for u in validate.named_sources(feature["properties"]) if u in years]
        assert not own or min(own) <= 2012, feature["properties"]["id"]


def test_shipped_routes_name_no_project_and_follow_coverage():
    data = load_dataset(ROOT / "data")
    routes = data.layer("routes")
    assert "project_ids" not in routes.columns or routes["project_ids"].isna().all()
    gloact = Filters(("gloact-bgd",)).apply("routes", routes, data.projects)
    # GLO.ACT Bangladesh covers Bangladesh: the legs that leave Dhaka in its years (Dhaka →
    # Istanbul's sources are of 2017, before the project).
    assert sorted(gloact["id"]) == ["R10-01"]
    assert all("BGD" in cs for cs in gloact["countries"])


@pytest.mark.parametrize("project", ["xamt14", "dismantling", "gloact-bgd"])
def test_a_project_shows_no_leg_first_observed_after_it_ended(project):
    data = load_dataset(ROOT / "data")
    row = data.projects.set_index("id").loc[project]
    start, end = int(row["start_date"][:4]), int(row["end_date"][:4])
    legs = _export("--project", project)
    assert legs, f"{project} shows no leg at all"
    routes = data.layer("routes").set_index("id")
    late = []
    for f in legs:
        p = f["properties"]
        years = leg_years({**p, "route_years": routes.at[p["id"], "route_years"]})
        first, last = (years[0], years[-1]) if isinstance(years, tuple) else (None, None)
        if isinstance(years, tuple) and (first > end or last < start):
            late.append(p["id"])
        if isinstance(years, list) and not any(start <= y <= end for y in years):
            late.append(p["id"])
    assert late == []


def test_no_leg_shows_in_2006_that_only_later_sources_state():
    years = _source_years()
    for feature in _export("--year", "2006"):
        props = feature["properties"]
        own = [years[u] for u in validate.named_sources(props) if u in years]
        assert not own or min(own) <= 2006, (props["id"], own)


def test_the_2023_network_runs_ghadames_to_debdeb_and_the_older_transit_the_other_way():
    ids = {f["properties"]["id"]: f["properties"] for f in _export("--year", "2023")}
    assert "R3-09" in ids and ids["R3-09"]["from_place"] == "Ghadames"
    assert "R3-01" not in ids  # Debdeb → Ghadames: an undated source, not the 2023 network


def _source_years():
    sources = pd.read_csv(ROOT / "data" / "sources.csv", dtype=str)
    return {
        url: int(date[:4])
        for url, date in zip(sources["url"], sources["date"], strict=True)
        if isinstance(date, str)
    }
