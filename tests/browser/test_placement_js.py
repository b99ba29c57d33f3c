"""The map's label placement on its own: geo/render/static/placement.js, pure functions of
boxes and pixels, run in Chromium on a page holding nothing else (no Leaflet, no map), a few
milliseconds a call. What the reader sees of it on the live map (no two names overlapping,
no name over a hub) is checked in tests/browser/test_map.py.
"""

from __future__ import annotations

import pytest

from tests import ROOT
from tests.browser.bare import script_page

SCRIPT = ROOT / "geo" / "render" / "static" / "placement.js"
W, H = 40, 10  # a name's box, px
MAP = {"x": 800, "y": 600}
HUB = {"kind": "hub", "r": 6, "minZoom": 0}
PLACE = {"kind": "place", "r": 4, "minZoom": 5}


@pytest.fixture(scope="module")
def js(browser):
    """A page with placement.js alone: ``js(expression, arg)`` evaluates with GeoPlace."""
    run, close = script_page(browser, SCRIPT)
    yield run
    close()


def box(left, top, w=W, h=H) -> dict:
    return {"left": left, "top": top, "right": left + w, "bottom": top + h}


def choose(js, item, x, y, zoom=6, taken=()):
    return js(
        "GeoPlace.choose(a.it, a.p, a.w, a.h, a.size, a.zoom, a.taken)",
        {
            "it": item,
            "p": {"x": x, "y": y},
            "w": W,
            "h": H,
            "size": MAP,
            "zoom": zoom,
            "taken": list(taken),
        },
    )


def test_boxes_that_only_touch_do_not_overlap(js):
    a, touching, across = box(0, 0), box(W, 0), box(W - 5, H - 2)
    assert js("GeoPlace.overlaps(a[0], a[1])", [a, touching]) is False
    assert js("GeoPlace.overlaps(a[0], a[1])", [a, across]) is True
    assert js("GeoPlace.overlapArea(a[0], a[1])", [a, across]) == 5 * 2
    assert js("GeoPlace.overlapArea(a[0], a[1])", [a, touching]) == 0


def test_a_name_goes_first_to_the_side_its_country_lies(js):
    right = js("GeoPlace.spots(a[0], a[1], a[2])[0]", [HUB, W, H])
    left = js("GeoPlace.spots(a[0], a[1], a[2])[0]", [{**HUB, "side": "left"}, W, H])
    assert right == [HUB["r"] + 4, -H / 2]
    assert left == [-HUB["r"] - 4 - W, -H / 2]
    assert js("GeoPlace.spots(a[0], a[1], a[2])", [{"kind": "country", "r": 0}, W, H]) == [
        [-W / 2, -H / 2]
    ]


def test_a_free_spot_inside_the_map_wins(js):
    offset, placed = choose(js, HUB, 400, 300)
    assert offset == [HUB["r"] + 4, -H / 2]  # nothing there: beside it, to the right
    # Its right taken, the name goes to the left.
    offset, _ = choose(js, HUB, 400, 300, taken=[placed])
    assert offset == [-HUB["r"] - 4 - W, -H / 2]
    # At the map's right edge the right-hand spot is outside: the left one.
    offset, placed = choose(js, HUB, MAP["x"] - 12, 300)
    assert offset[0] < 0 and placed["right"] <= MAP["x"]


def test_a_place_is_named_from_its_zoom_and_a_country_where_its_name_fits(js):
    assert choose(js, PLACE, 400, 300, zoom=4) is None
    assert choose(js, PLACE, 400, 300, zoom=5) is not None
    country = {"kind": "country", "r": 0, "minZoom": 0, "width": 0.5}
    assert choose(js, country, 400, 300, zoom=6) is None  # 32 px wide: a 40 px name does not fit
    assert choose(js, country, 400, 300, zoom=7) is not None  # 64 px
    no_zoom = {k: v for k, v in PLACE.items() if k != "minZoom"}
    assert choose(js, no_zoom, 400, 300) is None  # a name with no zoom of its own: not shown


def test_with_no_free_spot_a_hub_is_named_where_it_covers_least_and_a_place_is_not(js):
    everything = [box(300, 200, 200, 200)]  # over every spot around (400, 300)
    assert choose(js, PLACE, 400, 300, taken=everything) is None
    offset, placed = choose(js, HUB, 400, 300, taken=[*everything, box(300, 290, 100, 20)])
    assert offset is not None
    covered = js(
        "a.t.reduce((s, t) => s + GeoPlace.overlapArea(t, a.b), 0)",
        {"t": [*everything, box(300, 290, 100, 20)], "b": placed},
    )
    assert covered == W * H  # only the large box under it: the spot the small one leaves


# A popup's room (room.js): the zoom buttons in the top-left corner, the legend along the
# bottom-left, the layers button top-right; a popup 200 x 100 px.
GAP = 6
ZOOM = {"rect": box(10, 10, 30, 60), "top": True, "left": True}
LEGEND = {"rect": box(10, 500, 600, 90), "top": False, "left": True}
LAYERS = {"rect": box(750, 10, 40, 40), "top": True, "left": False}


def clear_of(js, controls, rect):
    return js("GeoPlace.clearOf(a[0], a[1], a[2])", [controls, rect, GAP])


def test_a_popup_clear_of_every_control_does_not_move(js):
    assert clear_of(js, [ZOOM, LEGEND, LAYERS], box(300, 200, 200, 100)) == {"x": 0, "y": 0}


def test_a_popup_under_a_control_moves_out_of_its_corner_the_shorter_way(js):
    # 10 px under the zoom buttons' right edge: 16 px right is shorter than 36 px down.
    assert clear_of(js, [ZOOM], box(30, 40, 200, 100)) == {"x": 40 + GAP - 30, "y": 0}
    # Its bottom 20 px into the legend, far across it: it moves up, not sideways.
    assert clear_of(js, [LEGEND], box(200, 420, 200, 100)) == {"x": 0, "y": -(20 + GAP)}
    # Under the layers button at the top right: left, out of its corner.
    moved = clear_of(js, [LAYERS], box(560, 20, 200, 100))
    assert moved == {"x": -(760 - (750 - GAP)), "y": 0}


def test_pushes_the_same_way_take_the_largest(js):
    lower = {"rect": box(10, 60, 50, 30), "top": True, "left": True}  # wider than the zoom
    moved = clear_of(js, [ZOOM, lower], box(35, 30, 200, 100))  # under both: 11 and 31 px
    assert moved == {"x": 60 + GAP - 35, "y": 0}


def test_a_popup_is_brought_inside_the_map_only_where_it_fits(js):
    size = {"x": 800, "y": 600}
    within = "GeoPlace.within(a[0], a[1], a[2])"
    assert js(within, [size, box(-20, 100, 200, 100), GAP]) == {"x": 26, "y": 0}
    assert js(within, [size, box(700, -30, 200, 100), GAP]) == {"x": -106, "y": 36}
    # Wider than the map: left where it is across; taller: left where it is down.
    assert js(within, [size, box(-20, -30, 900, 700), GAP]) == {"x": 0, "y": 0}
