"""The scene: one frozen value for what a map shows, taken by the live map and every export."""

import datetime as dt
import io
import json
import re

import pytest
from PIL import Image

from geo import ViewState, select
from geo.i18n import TITLE, format_day, translator
from geo.render.basemap import display_basemap
from geo.render.printed import render_png
from geo.render.standalone import map_file
from geo.view.scene import TILE_URL_ENV, Focus, Scene, scene_of, tiles_for

CAIRO = Focus(30.04, 31.24)


@pytest.fixture(scope="module")
def presenting(shipped):
    return select(shipped, ViewState(present=True, step=3))


@pytest.fixture(scope="module")
def basemap(shipped):
    return display_basemap(shipped.basemap)


def test_steps_share_one_map_and_differ_as_files(presenting):
    two, three = scene_of(presenting, step=2), scene_of(presenting, step=3)
    assert two != three and hash(two) != hash(three)  # files of each step: made apart
    assert two.without_step() == three.without_step()  # the live map: rendered once
    assert two.without_step().title == two.name and two.title.endswith(two.step.title)
    assert two.highlight == two.step.event["id"]


def test_a_step_past_the_last_is_the_last(presenting):
    scene = scene_of(presenting, step=10_000)
    assert scene.view.step == scene.step.number == scene.step.count


def test_the_title_is_in_the_views_language(shipped):
    sel = select(shipped, ViewState(lang="fr"), translator("fr"))
    assert scene_of(sel).title == translator("fr")(TITLE) != TITLE


def test_a_base_map_stands_for_its_tiles():
    assert tiles_for("offline") is None
    assert tiles_for("osm").url.startswith("https://tile.openstreetmap.org/")
    assert tiles_for("custom", env={}) is None  # no tile server configured: the built-in map
    custom = tiles_for("custom", env={TILE_URL_ENV: "http://tiles.lan/{z}/{x}/{y}.png"})
    assert custom.url == "http://tiles.lan/{z}/{x}/{y}.png" and custom.attribution


def test_a_place_found_opens_the_map_file_on_it(shipped, basemap):
    """The file's key held the place the search found, but the file framed the whole view."""
    sel = select(shipped, ViewState())
    day = format_day(dt.date(2026, 12, 7), "en")
    found = map_file(sel, basemap, scene_of(sel, focus=CAIRO), day)
    whole = map_file(sel, basemap, scene_of(sel), day)
    assert json.loads(re.search(r'"focus": (\[.*?\])', found).group(1)) == [30.04, 31.24, 8]
    assert '"focus": null' in whole


def test_the_png_takes_the_scenes_title(presenting, basemap):
    scene = scene_of(presenting, step=2)
    image = Image.open(io.BytesIO(render_png(presenting, basemap, scene, size=(640, 360))))
    assert image.info["Title"] == scene.title and scene.step.heading in scene.title


def test_scenes_of_other_layers_are_other_maps(shipped):
    sel = select(shipped, ViewState())
    routes = scene_of(sel, layers=("routes",))
    assert routes != scene_of(sel) and Scene() == Scene()
    assert set(routes.shown(sel).layers) == {"routes"}
