"""The quick map the front shows first: the overview's map file, in each language."""

import datetime as dt
import re
from html import escape

import pytest

from geo import ViewState, select
from geo.i18n import LANGUAGES, translator
from geo.render.assets import local_links
from geo.render.basemap import display_basemap
from geo.render.quick import STATUS, file_name, quick_map, status_texts
from tests.cli_run import cli

DAY = dt.date(2026, 12, 7)


def ids_out(page: str) -> str:
    """A page with folium's element ids (new at each rendering) made alike."""
    return re.sub(r"[0-9a-f]{32}", "ID", page)


@pytest.fixture(scope="module")
def basemap(shipped):
    return display_basemap(shipped.basemap)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_quick_map_is_the_overviews_map_file_in_that_language(shipped, basemap, lang, tmp_path):
    page = quick_map(shipped, basemap, lang, dt.date.today())
    out = tmp_path / file_name(lang)
    result = cli("map", "--view", f"lang={lang}", "-o", str(out))
    assert result.returncode == 0, result.stderr
    downloaded = out.read_text(encoding="utf-8")
    # What an official would have downloaded from the default overview: the same page,
    # byte for byte from its header on, the map's script included.
    body = page.index('<header class="geo-head">')
    assert ids_out(page[body:]) == ids_out(
        downloaded[downloaded.index('<header class="geo-head">') :]
    )
    # Only its scripts and styles are linked, as the live map links them (cached for it).
    scripts, styles = local_links()
    head = page[:body]
    assert f'<script src="{escape(scripts[0][1])}"></script>' in head
    assert all(f'href="{escape(url)}"' in head for _, url in styles)
    assert len(downloaded) - len(page) > 250_000  # the scripts (260 KB) left out
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in page
    caption = select(shipped, ViewState(lang=lang), translator(lang)).caption
    assert escape(caption) in page  # every project, every year


def test_the_quick_map_draws_every_placed_activity_and_hub(shipped, basemap):
    page = quick_map(shipped, basemap, "en", DAY)
    for name in shipped.layer("hubs")["name"]:
        assert name in page, name
    events = shipped.layer("events")
    placed = events[events.geometry.notna() & ~events.geometry.is_empty]
    assert len(placed) > 10
    assert [i for i in placed["id"] if f'"{i}"' not in page] == []


def test_what_the_front_says_while_loading_is_translated():
    texts = status_texts()
    assert set(texts) == set(LANGUAGES)
    for lang in ("fr", "ar"):
        for key, english in STATUS.items():
            assert texts[lang][key] and texts[lang][key] != english, (lang, key)
    assert texts["en"] == STATUS
