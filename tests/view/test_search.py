"""The place search finds a hub or activity by any of its spellings."""

import pytest

from geo.view.search import normalize, search_places


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Qatrun", "hub-qatrun"),
        ("Al Qatrun", "hub-qatrun"),
        ("al-qatrun", "hub-qatrun"),
        ("Gatroun", "hub-qatrun"),
        ("القطرون", "hub-qatrun"),
        ("Kufra", "hub-kufra"),
        ("Koufra", "hub-kufra"),
        ("الكفرة", "hub-kufra"),
        ("Ghadamès", "hub-ghadames"),
        ("Ghadamis", "hub-ghadames"),
        ("غدامس", "hub-ghadames"),
        ("Tarabulus", "hub-tripoli"),
        ("طرابلس", "hub-tripoli"),
        ("Ajdabiya", "hub-ajdabiya"),
        ("اجدابيا", "hub-ajdabiya"),
        ("Agedabia", "hub-ajdabiya"),
    ],
)
def test_each_spelling_finds_its_hub(data, query, expected):
    matches = search_places(query, data.layer("hubs"), data.layer("events"))
    assert matches and matches[0].id == expected, matches[:2]
    hub = data.layer("hubs").set_index("id").loc[expected].geometry
    assert (matches[0].lon, matches[0].lat) == (hub.x, hub.y)


def test_activities_are_found_by_place_in_any_language(data):
    ids = {m.id for m in search_places("الرباط", data.layer("hubs"), data.layer("events"))}
    assert "ev-2019-10-18-rabat" in ids
    ids = {m.id for m in search_places("Le Caire", data.layer("hubs"), data.layer("events"))}
    assert "ev-2021-09-07-cairo" in ids


def test_unplaced_activities_and_nonsense_find_nothing(data):
    assert search_places("zzzzqqq", data.layer("hubs"), data.layer("events")) == []
    assert search_places("a", data.layer("hubs"), data.layer("events")) == []
    ids = {m.id for m in search_places("bilateral", data.layer("hubs"), data.layer("events"))}
    assert "ev-2022-09-bgd-lby-1" not in ids  # no place stated: nothing to move the map to


def test_normalize_folds_scripts_and_articles():
    assert normalize("Al-Kufrah") == normalize("Kufrah")
    assert normalize("أجدابيا") == normalize("اجدابيا")


def _find(data, query, lang="en"):
    return search_places(
        query, data.layer("hubs"), data.layer("events"), lang, routes=data.layer("routes")
    )


@pytest.mark.parametrize(
    ("query", "lang", "label"),
    [("Benghazi", "en", "Benghazi"), ("بنغازي", "ar", "بنغازي"), ("Zouara", "fr", "Zouara")],
)
def test_where_routes_start_and_end_is_found_as_a_place(data, query, lang, label):
    """Benghazi is no hub, yet routes start there: the place is found, where its legs meet."""
    matches = _find(data, query, lang)
    assert matches and (matches[0].layer, matches[0].label) == ("places", label), matches[:2]
    ends = set()
    for geom in data.layer("routes").geometry:
        ends |= {geom.coords[0], geom.coords[-1]}
    assert (matches[0].lon, matches[0].lat) in ends


def test_a_city_comes_before_the_activities_held_there(data):
    matches = _find(data, "Cairo")
    assert (matches[0].layer, matches[0].label) == ("places", "Cairo"), matches[:2]
    assert {m.layer for m in matches[1:]} == {"events"}
    assert len({m.id for m in matches}) == len(matches)  # the city once, not once a leg


def test_a_hub_is_not_listed_again_as_a_place(data):
    matches = _find(data, "Tripoli")
    assert matches[0].id == "hub-tripoli"
    assert "places" not in {m.layer for m in matches}


def test_arabic_labels_of_activities_take_the_arabic_comma(data):
    labels = [m.label for m in _find(data, "الرباط", "ar") if m.layer == "events"]
    assert labels and all("،" in label and "," not in label for label in labels), labels
