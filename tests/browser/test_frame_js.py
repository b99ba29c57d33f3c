"""The map's frame in numbers on its own: geo/render/static/frame.js, pure functions of sizes
in pixels, run in Chromium on a page holding nothing else (no Leaflet, no map). What the
reader sees of it (every place of a view in the frame or an inset, nothing under the
buttons or the legend) is checked over a matrix of views in test_every_view_framed.py.
"""

from __future__ import annotations

import pytest

from tests import ROOT
from tests.browser.bare import script_page

SCRIPT = ROOT / "geo" / "render" / "static" / "frame.js"


@pytest.fixture(scope="module")
def js(browser):
    """A page with frame.js alone: ``js(expression, arg)`` evaluates with GeoFrame."""
    run, close = script_page(browser, SCRIPT)
    yield run
    close()


def left_room(js, map_width, buttons, view):
    return js("GeoFrame.leftRoom(a[0], a[1], a[2])", [map_width, buttons, view])


def test_the_buttons_get_their_column_where_the_view_fits_beside_them(js):
    assert left_room(js, 850, 60, 500) == 66  # the buttons' width and a gap
    # A phone: the view at its widest fits only over the buttons; it keeps what is spare...
    assert left_room(js, 360, 60, 320) == 360 - 12 - 320
    # ...and never less than the edge every side keeps.
    assert left_room(js, 360, 60, 400) == 12


def test_the_padding_keeps_the_legend_the_buttons_and_the_insets_clear(js):
    measured = {"mapWidth": 850, "buttonsWidth": 60, "viewWidth": 500, "legendHeight": 80}
    padding = js("GeoFrame.padding(a)", {**measured, "rightRoom": 170})
    assert padding == {"paddingTopLeft": [66, 12], "paddingBottomRight": [170, 96]}
    # No insets' column, no legend: the edge alone.
    bare = js("GeoFrame.padding(a)", {**measured, "legendHeight": None, "rightRoom": 0})
    assert bare == {"paddingTopLeft": [66, 12], "paddingBottomRight": [12, 12]}


def test_a_map_is_framed_once_it_is_taller_than_its_legend(js):
    assert js("GeoFrame.roomy(a[0], a[1], a[2])", [850, 600, 80]) is True
    assert js("GeoFrame.roomy(a[0], a[1], a[2])", [850, 180, 80]) is False  # legend + 100 px
    assert js("GeoFrame.roomy(a[0], a[1], a[2])", [90, 600, None]) is False  # not laid out


@pytest.mark.parametrize(
    ("top", "bottom", "width", "corner"),
    [
        (0, None, 850, {"position": "topright", "column": False}),  # the top right is free
        (3, 0, 850, {"position": "bottomright", "column": False}),  # the bottom right is
        (3, 2, 850, {"position": "topright", "column": True}),  # a column of their own
        (3, 2, 358, {"position": "bottomright", "column": False}),  # a phone: fewer covered
        (2, 3, 358, {"position": "topright", "column": False}),
    ],
)
def test_the_insets_take_the_corner_over_the_fewest_places(js, top, bottom, width, corner):
    assert js("GeoFrame.insetCorner(a[0], a[1], a[2])", [top, bottom, width]) == corner
