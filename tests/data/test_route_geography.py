"""Sea legs on the sea, land legs on land, no line drawn twice (issue 12, part 5)."""

import geopandas as gpd
import pytest
from shapely.geometry import LineString, box

from geo.data.dataset import load_dataset
from geo.data.geography import check_duplicate_legs, check_surfaces
from tests import ROOT, tinydata
from tests.cli_run import cli

LAND = box(0, 0, 2, 2)  # an island about 220 km across, sea all round


def legs(*rows):
    return gpd.GeoDataFrame(
        {"id": [r[0] for r in rows], "mode": [r[1] for r in rows]},
        geometry=[LineString(r[2]) for r in rows],
        crs=4326,
    )


def messages(gdf):
    return [str(p) for p in check_surfaces(gdf, LAND, "routes.geojson")]


def test_a_sea_leg_over_land_is_reported():
    found = messages(legs(("across", "sea", [(-1, 1), (3, 1)])))
    assert found == [
        "routes.geojson: across: geometry: a sea leg crosses 223 km of land away from its ends "
        "(at most 10 km)"
    ]


def test_a_sea_leg_leaving_a_coastal_place_is_sound():
    # From a town 5 km inland, out to sea: the land near its end does not count.
    assert messages(legs(("out", "sea", [(1.95, 1), (4, 1)]))) == []
    # Grazing a cape for less than 10 km is within the tolerance.
    assert messages(legs(("cape", "sea", [(-1, 2.03), (3, 1.99)]))) == []


def test_a_land_leg_over_sea_is_reported():
    found = messages(legs(("bay", "land", [(0.5, 0.5), (2.9, 1), (1.5, 1.5)])))
    assert len(found) == 1 and "a land leg crosses" in found[0] and "km of sea" in found[0]
    assert messages(legs(("road", "land", [(0.2, 0.2), (1.8, 1.8)]))) == []


def test_air_legs_are_not_checked():
    assert messages(legs(("flight", "air", [(-5, 1), (5, 1)]))) == []


def test_a_leg_drawn_twice_the_same_way_is_reported_and_the_other_way_is_not():
    gdf = legs(
        ("a", "land", [(0, 0), (1, 1), (2, 1)]),
        ("b", "land", [(2, 1), (1, 1), (0, 0)]),  # the way back: another claim
        ("c", "land", [(0, 0), (1, 1)]),
        ("d", "land", [(0, 0), (1, 1), (2, 1)]),
    )
    assert [str(p) for p in check_duplicate_legs(gdf, "routes.geojson")] == [
        "routes.geojson: d: geometry: draws the same line as a, in the same direction"
    ]


def test_validate_reports_them_on_disk(tmp_path):
    routes = tinydata.layers()["routes.geojson"]
    over_libya = {**routes[0], "properties": {**routes[0]["properties"], "id": "SEA-1"}}
    over_libya["properties"]["mode"] = "sea"
    over_libya["geometry"] = {"type": "LineString", "coordinates": [[8, 25], [26, 25]]}
    again = {**routes[0], "properties": {**routes[0]["properties"], "id": "R4-02"}}
    again["geometry"] = {"type": "LineString", "coordinates": routes[0]["geometry"]["coordinates"]}
    folder = tinydata.write(tmp_path / "data", {"routes.geojson": [*routes, over_libya, again]})
    result = cli("validate", "--data-dir", str(folder))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # No land file in the tiny folder: the countries of the basemap stand for the land.
    assert any(
        line.startswith("routes.geojson: SEA-1: geometry: a sea leg crosses") for line in lines
    )
    assert (
        "routes.geojson: R4-02: geometry: draws the same line as R4-01, in the same direction"
        in lines
    )


@pytest.fixture(scope="module")
def routes(shipped):
    return shipped.layer("routes").set_index("id")


def test_the_legs_the_review_found_are_fixed(routes):
    data = load_dataset(ROOT / "data")
    assert not [p for p in data.problems if p.file == "routes.geojson"]
    assert "R3-06" not in routes.index and "R10-07" not in routes.index  # drawn once now
    for fid in ["R6-02", "R6-01", "R7-02", "R7-04", "R1-14", "R1-13", "R9-03", "R10-05"]:
        assert len(routes.loc[fid].geometry.coords) > 2 or fid == "R6-01", fid
        assert routes.loc[fid, "source_url"], fid  # its own, or (stated by none) its route's
    assert routes.loc["R6-01", "to_place"] == "southern Crete"


def test_a_land_leg_cutting_through_a_third_country_is_reported_unless_it_goes_round():
    from shapely.geometry import box

    from geo.data.geography import check_third_countries

    shapes = {"LBY": box(9, 19, 25, 33), "TUN": box(7, 30, 10, 37), "EGY": box(25, 22, 35, 31)}
    gdf = legs(
        ("straight", "land", [(9.5, 29.5), (11, 31.9)]),  # two Libyan towns, through Tunisia
        ("round", "land", [(9.5, 29.5), (10.5, 30.0), (11, 31.9)]),
        ("border", "land", [(24, 30), (26, 30)]),  # its ends in the two countries it crosses
    )
    assert [str(p) for p in check_third_countries(gdf, shapes, "routes.geojson")] == [
        "routes.geojson: straight: geometry: a land leg runs 38 km through TUN, where neither "
        "of its ends is: draw it along its road with drawing points"
    ]


def test_ghadames_to_nalut_stays_in_libya(routes, shipped):
    from geo.data import validate
    from geo.data.geography import check_third_countries

    leg = routes.loc[["R3-02"]].reset_index()
    assert check_third_countries(leg, validate.country_shapes(shipped.basemap), "r") == []
    assert routes.loc["R3-02", "countries"] == ["LBY"]
