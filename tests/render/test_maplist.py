"""The list beside the map: what it holds under the filters, where a choice sends the map,
and the map's summary (its accessible name)."""

import json
import re

import pytest
from shapely.geometry import box

from geo import Filters, ViewState, select
from geo.i18n import localized
from geo.render.basemap import display_basemap
from geo.render.maplist import map_items, map_summary, pick_target
from geo.render.maps import MapOptions, build_map, coverage_by_country, pick_layer

HOSTILE = '</script><img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def items_of(sel, layer):
    section = next((s for s in map_items(sel) if s.layer == layer), None)
    return [] if section is None else list(section.items)


def test_every_feature_the_map_draws_is_listed_once(data):
    sel = select(data, ViewState())
    listed = {s.layer: [i.id for i in s.items] for s in map_items(sel)}
    assert sorted(listed["hubs"]) == sorted(sel.layer("hubs")["id"])
    assert sorted(listed["routes"]) == sorted(sel.layer("routes")["id"])
    assert sorted(listed["events"]) == sorted(sel.layer("events")["id"])
    # A country once, under the id its shape carries on the map (what a click returns).
    shapes = coverage_by_country(sel.layer("coverage"), sel.project_names)
    assert sorted(listed["coverage"]) == sorted(shapes["id"])
    assert len(listed["coverage"]) == sel.layer("coverage")["iso3"].nunique()


def test_the_list_follows_the_filters(data):
    sel = select(data, ViewState(Filters(("gloact-bgd",), None)))
    hubs = {i.id for i in items_of(sel, "hubs")}
    assert "hub-kufra" not in hubs and hubs == set(sel.layer("hubs")["id"])
    legs = items_of(sel, "routes")
    assert legs and {i.id for i in legs} == set(sel.layer("routes")["id"])
    assert any("Dhaka" in i.label for i in legs)
    countries = {i.label for i in items_of(sel, "coverage")}
    assert countries == {"Bangladesh"}
    # Only the layers the page's map draws.
    assert [s.layer for s in map_items(sel.only(("coverage",)))] == ["coverage"]


def test_names_in_the_language_sorted_and_legs_under_their_route(data):
    sel = select(data, ViewState(lang="ar"))
    hubs = items_of(sel, "hubs")
    rows = {r["id"]: r for r in sel.layer("hubs").to_dict("records")}
    assert [i.label for i in hubs] == sorted(localized(rows[i.id], "name", "ar") for i in hubs)
    assert "الكفرة" in [i.label for i in hubs]
    legs = items_of(sel, "routes")
    groups = [i.group for i in legs]
    # Each route's legs together, under its Arabic name, in the data's order within it.
    assert len(set(groups)) == sel.layer("routes")["route_id"].nunique()
    assert all(
        groups[k] == groups[k - 1] or groups[k] not in groups[:k] for k in range(1, len(groups))
    )
    routes = sel.layer("routes")
    first = routes.iloc[0]
    assert localized(first, "route_name", "ar") in groups


def test_activities_in_date_order_those_with_no_place_marked(data):
    sel = select(data, ViewState())
    events = items_of(sel, "events")
    assert [i.id for i in events] == [r["id"] for r in sel.events]
    unplaced = {i.id for i in events if not i.placed}
    assert unplaced == set(sel.layer("events").loc[sel.layer("events").geometry.isna(), "id"])
    assert len(unplaced) == 3
    assert "reported on" in next(i.label for i in events if i.id == "ev-2019-08-01-announcement")


def test_a_hub_is_centred_a_leg_and_a_country_fitted(data):
    sel = select(data, ViewState())
    kufra = sel.layer("hubs").set_index("id").geometry["hub-kufra"]
    target = pick_target(sel, "hub-kufra")
    assert target["points"] == [[round(kufra.y, 5), round(kufra.x, 5)]] and target["bounds"] is None
    leg = sel.layer("routes").iloc[0]
    (south, west), (north, east) = pick_target(sel, leg["id"])["bounds"]
    assert box(west, south, east, north).buffer(1e-4).contains(leg.geometry)
    egypt = next(i for i in items_of(sel, "coverage") if i.label == "Egypt")
    (south, west), (north, east) = pick_target(sel, egypt.id)["bounds"]
    assert 21 < south < 23 and 31 < north < 32.5 and 24 < west < 26 and 35 < east < 37.5


def test_an_activity_with_no_place_leaves_the_map_and_an_unknown_id_is_none(data):
    sel = select(data, ViewState())
    target = pick_target(sel, "ev-2019-08-01-announcement")
    assert target["points"] == [] and target["bounds"] is None
    assert pick_target(sel, "no-such-feature") is None
    assert pick_target(sel.only(("coverage",)), "hub-kufra") is None  # not on that map


@pytest.mark.parametrize(
    ("view", "want"),
    [
        (
            ViewState(),
            "Map of North Africa, with Doha and Dhaka — key hub cities: 5, routes: 10 (legs: 61),"
            " countries covered: 6, and activities: 19 (and 3 with no stated place, listed but"
            " not drawn)",
        ),
        (ViewState(layers=("coverage",)), "Map of North Africa — countries covered: 6"),
        (
            ViewState(Filters((), (2008, 2008)), layers=("hubs", "events")),
            "Map of North Africa — nothing matches the filters",
        ),
        (
            ViewState(Filters(("gloact-bgd",)), layers=("coverage", "events")),
            "Map of Bangladesh, Qatar, and Turkey — countries covered: 1 and activities: 3",
        ),
        (ViewState(Filters((), (2024, 2024)), layers=("events",)), "Map of Qatar — activities: 1"),
    ],
)
def test_the_summary_counts_what_the_map_shows(data, view, want):
    assert map_summary(select(data, view)) == want


def test_every_word_of_the_summary_is_translated(data):
    sel = select(data, ViewState(layers=("hubs", "events")), t=lambda s: f"«{s}»")
    assert map_summary(sel) == (
        "«Map of «North Africa», with Doha and Dhaka — «key hub cities: 5» and «activities: 19»"
        " «(and 3 with no stated place, listed but not drawn)»»"
    )


def test_the_map_carries_its_name_and_named_pan_buttons(data):
    sel = select(data, ViewState())
    html = build_map(sel, display_basemap(data.basemap), options=MapOptions()).get_root().render()
    call = re.search(r"GeoMap\.view\(\w+, (\{.*\})\);", html).group(1)
    labels = json.loads(call)["labels"]
    assert labels["map"] == map_summary(sel)
    assert set(labels["pan"]) == {"group", "north", "west", "east", "south"}
    assert all(labels["pan"].values()) and labels["zoomIn"] and labels["zoomOut"]


def test_a_chosen_feature_travels_as_inert_json(data):
    sel = select(data, ViewState())
    target = {**pick_target(sel, "hub-kufra"), "id": HOSTILE}
    m = build_map(sel, display_basemap(data.basemap), options=MapOptions())
    pick_layer(target, nonce=3).add_to(m)
    m.get_root().render()
    script = m.get_root().script.render()
    script = script[script.index("GeoMap.pick(") :]
    assert "</script>" not in script and "<img" not in script
    assert '"n": 3' in script
