"""The map's label placement on its own: geo/render/static/placement.js, pure functions of
boxes and pixels, run in Chromium on a page holding nothing else (no Leaflet, no map), a few
milliseconds a call. What the reader sees of it on the live map (no two names overlapping,
no name over a hub) is checked in tests/browser/test_map.py.
"""

from __future__ import annotations

import pytest

from tests import ROOT

SCRIPT = ROOT / "geo" / "render" / "static" / "placement.js"
W, H = 40, 10  # a name's box, px
MAP = {"x": 800, "y": 600}
HUB = {"kind": "hub", "r": 6, "minZoom": 0}
PLACE = {"kind": "place", "r": 4, "minZoom": 5}


@pytest.fixture(scope="module")
def js(browser):
    """A page with placement.js alone: ``js(expression, arg)`` evaluates with GeoPlace."""
    page = browser.new_page()
    page.set_content(f"<!DOCTYPE html><script>{SCRIPT.read_text(encoding='utf-8')}</script>")
    assert page.evaluate("() => typeof window.L") == "undefined"  # nothing but the script

    def run(expression: str, arg=None):
        return page.evaluate(f"(a) => {expression}", arg)

    yield run
    page.close()


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
