"""Far places gathered into at most two insets, by nearness, for a few places or many."""

import random

from geo.render.framing import MAX_INSETS, Place, _insets


def _at(lon: float, lat: float, n: int = 1, spread: float = 0.0, seed: int = 1) -> list[Place]:
    rng = random.Random(seed)
    return [
        Place(
            lon + rng.uniform(-spread, spread),
            lat + rng.uniform(-spread, spread),
            "x",
            "events",
            f"{lon}-{i}",
        )
        for i in range(n)
    ]


def _groups(insets) -> list[set[str]]:
    return [{p.id for p in inset.places} for inset in insets]


def test_places_near_each_other_share_an_inset_and_far_ones_do_not():
    doha, dhaka = _at(51.53, 25.29, 3), _at(90.41, 23.81, 2)
    insets = _insets(doha + dhaka)
    assert _groups(insets) == [{p.id for p in doha}, {p.id for p in dhaka}]  # west to east
    (s, w), (n, e) = insets[0].bounds
    assert w <= 51.53 <= e and s <= 25.29 <= n


def test_three_groups_become_two_by_joining_the_nearest_pair():
    west, middle, east = _at(40.0, 20.0, 2), _at(60.0, 20.0, 2), _at(100.0, 20.0, 2)
    insets = _insets(west + middle + east)
    assert len(insets) == MAX_INSETS
    assert _groups(insets) == [{p.id for p in west + middle}, {p.id for p in east}]


def test_thousands_of_activities_at_a_few_far_places_make_the_same_two_insets():
    few = _at(51.53, 25.29, 2) + _at(90.41, 23.81, 2)
    many = _at(51.53, 25.29, 4000, 0.09, 2) + _at(90.41, 23.81, 4000, 0.09, 3)
    insets = _insets(many + _at(110.0, 25.0, 500, 0.09, 4))
    assert len(insets) == MAX_INSETS
    assert [len(g) for g in _groups(insets)] == [4000, 4500]  # Dhaka joins the nearer far east
    assert [round(i.bounds[0][1]) for i in insets] == [
        round(i.bounds[0][1]) for i in _insets(few + _at(110.0, 25.0))
    ]
