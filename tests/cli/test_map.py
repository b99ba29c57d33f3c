"""``python -m geo map``: the app's map files, made from a link to a view, with no browser."""

import io
import json
import re
from html import unescape

import pytest
from PIL import Image
from pypdf import PdfReader

from geo import ViewState, select
from geo.i18n import translator
from geo.view.filters import Filters
from geo.view.scene import scene_of
from geo.view.steps import step_of
from tests.cli_run import cli

LINK = "http://localhost:8501/?project=gloact-bgd&lang=ar&present=1&step=2"


def write(tmp_path, name: str, view: str = "") -> tuple[bytes, str]:
    out = tmp_path / name
    result = cli("map", "--view", view, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out.read_bytes(), result.stderr


def title_of(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def test_a_presenters_link_gives_that_steps_map_file(tmp_path, shipped):
    html = write(tmp_path, "step.html", LINK)[0].decode()
    view = ViewState(Filters(("gloact-bgd",)), lang="ar", present=True, step=2)
    sel = select(shipped, view, translator("ar"))
    step = step_of(sel, 2)
    assert re.search(r'<html lang="ar" dir="rtl"', html)
    assert title_of(html) == scene_of(sel, step=2).title
    assert step.heading in title_of(html) and step.event is not None
    assert "GeoMap.step(" in html  # the step's activity marked on the map
    # Framed on the project's places, far from North Africa: Dhaka in the view, not Tripoli.
    (south, west), (north, east) = json.loads(re.search(r'"home": (\[\[.*?\]\])', html).group(1))
    assert south < 23.8 < north and west < 90.4 < east  # Dhaka
    assert not (south < 32.9 < north and west < 13.2 < east)  # Tripoli


def test_a_png_and_a_pdf_carry_the_views_title_and_filters(tmp_path):
    png, said = write(tmp_path, "view.png", "years=2021&lang=fr")
    image = Image.open(io.BytesIO(png))
    assert image.size == (1920, 1080)
    assert image.info["Title"].startswith("Afrique du Nord")
    assert "en 2021" in image.info["Description"]
    assert "view.png" in said and "en 2021" in said

    pdf, _ = write(tmp_path, "view.pdf", "years=2021")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "North Africa: smuggling routes and the response"
    assert "in 2021" in reader.metadata.subject
    assert "in 2021" in reader.pages[0].extract_text()


def test_a_bad_value_is_left_out_with_a_warning_and_the_rest_kept(tmp_path):
    html, said = write(tmp_path, "bad.html", "?years=abc&lang=fr&project=nope")
    assert "warning:" in said and "nope" in said and "abc" in said
    assert '<html lang="fr"' in html.decode()


def test_a_tile_server_not_configured_is_said_as_the_app_says_it(tmp_path, monkeypatch):
    monkeypatch.delenv("GEO_TILE_URL", raising=False)
    html, said = write(tmp_path, "custom.html", "base=custom")
    assert "warning: No internal tile server is configured" in said
    assert "tile.openstreetmap.org" not in html.decode()


def test_a_step_outside_presenter_mode_is_not_a_step(tmp_path):
    html = write(tmp_path, "nostep.html", "step=3")[0].decode()
    assert title_of(html) == "North Africa: smuggling routes and the response"
    assert "GeoMap.step(" not in html


@pytest.mark.parametrize("name", ["map.svg", "map"])
def test_only_the_apps_formats(tmp_path, name):
    result = cli("map", "-o", str(tmp_path / name))
    assert result.returncode == 2
    assert "write .html, .png or .pdf" in result.stderr
    assert not (tmp_path / name).exists()
