"""Marks that only decorate the map are hidden from assistive technology.

A route leg's direction chevron is an inline SVG: left unnamed and not hidden, each one was
an unnamed graphic to a screen reader, about 60 on a map that draws the routes. What they
show is said in words elsewhere (the legend, each leg's name and popup, the list beside the
map). The legend's symbols are samples beside their label: hidden too, the label is read.
"""

import json
import re

import pytest

from geo import ViewState, select
from geo.render.basemap import display_basemap
from geo.render.maps import build_map
from tests import ROOT


@pytest.fixture(scope="module")
def html(shipped):
    sel = select(shipped, ViewState(lang="ar"))
    return build_map(sel, display_basemap(shipped.basemap)).get_root().render()


def test_route_arrows_are_hidden_from_assistive_technology(html, shipped):
    # One chevron a leg, drawn by geomap.js...
    found = re.search(r"GeoMap\.arrows\(\w+, (\[.*?\]\])\);", html)
    assert found, "the map draws no chevron"
    assert len(json.loads(found.group(1))) == len(shipped.layer("routes"))
    # ...as an SVG hidden from assistive technology.
    script = (ROOT / "geo" / "render" / "static" / "geomap.js").read_text(encoding="utf-8")
    body = script[script.index("GeoMap.arrows = function") :]
    svg = body[: body.index("</svg>")]
    assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg
    assert 'className: "geo-arrow"' in body[: body.index("};")]


def test_legend_symbols_are_hidden_and_their_labels_read(html):
    found = re.search(r'GeoMap\.legend\(\w+, ("(?:[^"\\]|\\.)*")\)', html)
    legend = json.loads(found.group(1))
    symbols = re.findall(r"<i [^>]*>", legend)
    assert symbols, legend[:400]
    assert all('aria-hidden="true"' in s or "aria-hidden='true'" in s for s in symbols), symbols
