"""Every view is a good map: a matrix of selections, on every map page, in every language.

Each project alone, each year from 2007 to 2024 alone, and two project-and-year pairs: for
each, the map as the live map draws it (tests.browser.bare, at the desktop's map size)
must show every activity and hub it draws, in its opening view or in an inset shown; its
caption (the map's accessible name, the line above it) must say what the view holds, never
"North Africa" over Qatar; and the PNG export's map must not be one colour.

Selections that draw the same features (2013 and 2015 alone, say) are framed alike (the
frame is made from what is drawn): the map is shown for the first of them, and each of
the others has its own caption checked against that frame.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from PIL import Image

from geo.data.schema import LAYERS
from geo.i18n import translator
from geo.render import printed
from geo.render.basemap import display_basemap
from geo.render.framing import NORTH_AFRICA
from geo.render.maplist import map_summary
from geo.render.maps import MapOptions, build_map
from geo.view.filters import Filters
from geo.view.scene import Scene
from geo.view.selection import select
from geo.view.urlstate import ViewState
from tests.browser.bare import DESKTOP, PHONE

PAGE_LAYERS = {
    "overview": LAYERS,
    "routes": ("routes", "hubs", "events"),
    "coverage": ("coverage",),
    "events": ("events",),
}
YEARS = range(2007, 2025)
PAIRS = [Filters(("dismantling",), (2021, 2021)), Filters(("gloact-bgd",), (2023, 2023))]
EPSILON = 1e-6


def selections(data) -> list[Filters]:
    projects = [Filters((pid,)) for pid in data.projects["id"]]
    return projects + [Filters((), (y, y)) for y in YEARS] + PAIRS


@pytest.fixture(scope="module")
def basemap(shipped):
    return display_basemap(shipped.basemap)


def drawn(sel) -> tuple:
    """What a selection draws: the ids of each layer's features."""
    return tuple((k, tuple(sorted(v["id"]))) for k, v in sel.layers.items())


def inside(bounds, lat: float, lng: float) -> bool:
    (s, w), (n, e) = bounds
    return s - EPSILON <= lat <= n + EPSILON and w - EPSILON <= lng <= e + EPSILON


def unseen(shown: dict) -> list[str]:
    """The places drawn but neither in the opening view nor in an inset shown."""
    out = []
    for p in shown["places"]:
        if inside(shown["view"], p["lat"], p["lng"]):
            continue
        if any(
            p["id"] in i["ids"] and inside(i["bounds"], p["lat"], p["lng"]) for i in shown["insets"]
        ):
            continue
        out.append(f"{p['layer']} {p['id']} at {p['lat']:.2f}, {p['lng']:.2f}")
    return out


def check_caption(sel, shown: dict) -> None:
    """The caption is the summary, names North Africa only over it, and names the insets."""
    assert shown["label"] == map_summary(sel)
    (s, w), (n, e) = shown["view"]
    west, south, east, north = NORTH_AFRICA
    over = min(e, east) > max(w, west) and min(n, north) > max(s, south)
    says = translator(sel.lang)("North Africa") in shown["label"]
    assert over or not says, f"the caption says North Africa over {shown['view']}"
    for inset in shown["insets"]:
        for name in inset["title"].replace("،", ",").split(","):
            assert name.strip().split(" ")[-1] in shown["label"], (inset["title"], shown["label"])


def blank(png: bytes) -> bool:
    """Whether the map's part of the image is one colour (a beige rectangle and a dot).

    The whole map frame is measured (between the title and the legend): a sparse view
    framed on its few lines (a year when no project ran) is mostly land, yet not blank.
    """
    image = Image.open(io.BytesIO(png)).convert("RGB")
    w, h = image.size
    middle = image.crop((int(w * 0.03), int(h * 0.1), int(w * 0.97), int(h * 0.78)))
    counts = Counter(middle.getdata())
    return counts.most_common(1)[0][1] > 0.92 * sum(counts.values())


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("page_name", list(PAGE_LAYERS))
def test_every_selection_shows_all_it_draws(bare_maps, shipped, basemap, page_name, lang):
    failures, framed = [], {}
    for filters in selections(shipped):
        sel = select(shipped, ViewState(filters, layers=PAGE_LAYERS[page_name], lang=lang))
        if drawn(sel) in framed:  # the same features: the same frame, its own caption
            check_caption(sel, {**framed[drawn(sel)], "label": map_summary(sel)})
            continue
        bare_maps.show(build_map(sel, basemap, options=MapOptions(height=DESKTOP[1])), DESKTOP)
        shown = framed[drawn(sel)] = bare_maps.places()
        missing = unseen(shown)
        if missing:
            failures.append(f"{sel.caption}: {missing}")
        check_caption(sel, shown)
    assert len(framed) > 1 and not failures, "\n".join(failures)


@pytest.mark.parametrize("page_name", ["overview", "events"])
def test_on_a_phone_too(bare_maps, shipped, basemap, page_name):
    failures, framed = [], set()
    for filters in selections(shipped):
        sel = select(shipped, ViewState(filters, layers=PAGE_LAYERS[page_name]))
        if drawn(sel) in framed:
            continue
        framed.add(drawn(sel))
        bare_maps.show(build_map(sel, basemap, options=MapOptions(height=PHONE[1])), PHONE)
        missing = unseen(bare_maps.places())
        if missing:
            failures.append(f"{sel.caption}: {missing}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("page_name", list(PAGE_LAYERS))
def test_no_png_export_is_a_blank_map(shipped, basemap, page_name):
    """The map area of each distinct view's PNG holds more than one colour.

    The language changes the words on the map, not where it is framed (frame_of is the
    same in every language: tests/render/test_framing.py).
    """
    seen, blanks = set(), []
    for filters in selections(shipped):
        sel = select(shipped, ViewState(filters, layers=PAGE_LAYERS[page_name]))
        if drawn(sel) in seen or not any(len(v) for v in sel.layers.values()):
            continue
        seen.add(drawn(sel))
        if blank(printed.render_png(sel, basemap, Scene(name="Map"), size=(640, 360))):
            blanks.append(sel.caption)
    assert seen and not blanks, blanks


INSETS_SHARE_JS = """() => {
    const box = window.map.getContainer().getBoundingClientRect();
    const insets = [...document.querySelectorAll('a.geo-inset')]
        .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height);
    return {count: insets.length,
            share: insets.reduce((s, r) => s + r.width * r.height, 0) / (box.width * box.height)};
}"""


@pytest.mark.parametrize("large", [False, True], ids=["normal", "presenter"])
def test_the_insets_leave_most_of_a_phones_map_in_sight(bare_maps, shipped, basemap, large):
    """Doha's and Dhaka's insets took half of a presenter's map on a phone (240 px each)."""
    sel = select(shipped, ViewState())
    bare_maps.show(build_map(sel, basemap, options=MapOptions(height=PHONE[1], large=large)), PHONE)
    seen = bare_maps.page.evaluate(INSETS_SHARE_JS)
    assert seen["count"] == 2 and seen["share"] <= 0.15, seen


# Markers whose middle lies under the column of buttons down the map's left side.
UNDER_BUTTONS_JS = """() => {
    const map = window.map, box = map.getContainer().getBoundingClientRect();
    const column = [...document.querySelectorAll('.leaflet-top.leaflet-left > *')]
        .map(c => c.getBoundingClientRect());
    const right = Math.max(...column.map(r => r.right)), bottom = Math.max(...column.map(r => r.bottom));
    return [...document.querySelectorAll('.leaflet-marker-icon')]
        .map(e => e.getBoundingClientRect())
        .filter(r => r.width && (r.left + r.right) / 2 < right && (r.top + r.bottom) / 2 < bottom)
        .map(r => [Math.round(r.left - box.left), Math.round(r.top - box.top)]);
}"""


@pytest.mark.parametrize("large", [False, True], ids=["normal", "presenter"])
def test_no_place_opens_under_the_buttons(bare_maps, shipped, basemap, large):
    """The frame left room for the zoom buttons only, the column measured before the other
    buttons were made: places opened under the pan buttons (and a first visit, framed once
    the stylesheet came, framed otherwise than every later one)."""
    sel = select(shipped, ViewState())
    size = (1400, 720) if large else DESKTOP  # the presenter's map at 1920x1080
    bare_maps.show(build_map(sel, basemap, options=MapOptions(height=size[1], large=large)), size)
    assert bare_maps.page.evaluate(UNDER_BUTTONS_JS) == []
