"""The quick map the front shows first: the overview's map file, its scripts the app's own."""

import re
from html import escape

import pytest

from geo import ViewState, select
from geo.i18n import LANGUAGES, translator
from geo.render.assets import local_links
from geo.render.quick import STATUS, file_name, status_texts
from tests.cli_run import cli

HEADER = '<header class="geo-head">'


def ids_out(page: str) -> str:
    """A page with folium's element ids (new at each rendering) made alike."""
    return re.sub(r"[0-9a-f]{32}", "ID", page)


def drawn(tmp_path, lang: str, *served: str) -> str:
    out = tmp_path / f"{len(served)}-{file_name(lang)}"
    result = cli("map", "--view", f"lang={lang}", *served, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_quick_map_is_the_overviews_map_file_in_that_language(shipped, lang, tmp_path):
    page = drawn(tmp_path, lang, "--served")
    downloaded = drawn(tmp_path, lang)
    # What an official would have downloaded from the default overview: the same page,
    # byte for byte from its header on, the map's script included.
    assert ids_out(page[page.index(HEADER) :]) == ids_out(downloaded[downloaded.index(HEADER) :])
    # Only its scripts and styles are linked, as the live map links them (cached for it).
    scripts, styles = local_links()
    head = page[: page.index(HEADER)]
    assert f'<script src="{escape(scripts[0][1])}"></script>' in head
    assert all(f'href="{escape(url)}"' in head for _, url in styles)
    assert len(downloaded) - len(page) > 250_000  # the scripts (260 KB) left out
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in page
    caption = select(shipped, ViewState(lang=lang), translator(lang)).caption
    assert escape(caption) in page  # every project, every year


def test_the_quick_map_draws_every_placed_activity_and_hub(shipped, tmp_path):
    page = drawn(tmp_path, "en", "--served")
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
