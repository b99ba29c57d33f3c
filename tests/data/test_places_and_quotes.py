"""Places as precise as the sources, roles and quotes from the source named (issue 12, part 4)."""

from pathlib import Path

import pytest
from shapely.geometry import Point, box

from geo import ViewState, load_dataset, select
from geo.data import validate
from geo.render.popups import event_html
from tests import ROOT

SEEDS = ROOT / "data" / "seeds"
SHAPES = {"TUR": box(26, 36, 44, 42)}


def problems(props, geom):
    return [(p.field, p.message) for p in validate.check_precision(props, geom, SHAPES, "e", "x")]


def test_a_country_precision_activity_names_no_city_and_stands_for_the_country():
    centre = SHAPES["TUR"].representative_point()
    assert problems({"location_precision": "country", "iso3": "TUR"}, centre) == []
    found = problems(
        {"location_precision": "country", "iso3": "TUR", "place": "Istanbul"}, Point(28.95, 41.01)
    )
    assert [f for f, _ in found] == ["place", "geometry"]


def test_city_precision_names_its_place_and_unknown_has_no_point():
    assert problems({"location_precision": "city", "place": None}, Point(30, 38)) == [
        ("place", "a city-precision activity names its place")
    ]
    assert problems({"location_precision": "unknown"}, Point(30, 38)) == [
        ("geometry", "a place that is unknown has no geometry")
    ]


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def test_the_turkiye_meeting_is_placed_at_country_precision(data):
    sel = select(data, ViewState())
    meeting = sel.layer("events").set_index("id").loc["ev-2023-05-07-istanbul"]
    assert meeting["location_precision"] == "country"
    assert meeting["iso3"] == "TUR" and not meeting["place"]
    row = {**meeting.to_dict(), "id": "ev-2023-05-07-istanbul"}
    assert f"{sel.country_names['TUR']} (country only)" in event_html(row, sel)
    assert "Istanbul" not in event_html(row, sel)


def test_hub_roles_cite_sources_that_are_listed(data):
    hubs = data.layer("hubs")
    listed = set(data.table("sources")["url"])
    for hub in hubs.to_dict("records"):
        assert hub["role_sources"], hub["id"]
        assert set(hub["role_sources"]) <= listed
        # Each claim after the seed's names its source in brackets.
        claims = hub["role"].split("(the meeting's own date is not stated).", 1)[1]
        assert claims.count("(") >= len(hub["role_sources"]), hub["id"]
    roles = " ".join(hubs["role"])
    for unsourced in ("Tummo", "capital of Kufra district", "tri-border", "Chad and Sudan"):
        assert unsourced not in roles


def test_role_sources_missing_from_the_table_are_reported(tmp_path):
    from tests import tinydata

    features = tinydata.layers()["hubs.geojson"]
    features[0]["properties"]["role_sources"] = ["https://example.org/unknown"]
    data = load_dataset(tinydata.write(tmp_path / "data", {"hubs.geojson": features}))
    assert [str(p) for p in data.problems] == [
        "hubs.geojson: hub-tripoli: role_sources: 'https://example.org/unknown' is not in "
        "sources.csv"
    ]


def test_every_quote_comes_from_the_source_the_feature_names(data):
    seeds = {
        p.read_text(encoding="utf-8").splitlines()[0].strip(): p.read_text(encoding="utf-8")
        for p in Path(SEEDS).glob("*.txt")
    }
    frames = [data.projects, *data.layers.values()]
    checked = 0
    for frame in frames:
        if "source_quote" not in frame:
            continue
        for row in frame.to_dict("records"):
            quote = row.get("source_quote")
            if not quote:
                continue
            titles = [title for title, text in seeds.items() if quote in text]
            assert titles, (row["id"], quote[:60])
            assert any(title in row["source"] for title in titles), (row["id"], row["source"])
            checked += 1
    assert checked >= 10
