"""Text from data never runs as code: every payload is escaped in the map, the pages, the exports."""

import re

import pytest

from geo import ViewState, load_dataset, select
from geo.render.basemap import display_basemap
from geo.render.maps import build_map
from geo.render.standalone import standalone_html
from tests import ROOT
from tests.hostile import LINK, PAYLOADS, write_hostile

# The hostile copy of the data is written and read once: one worker.
pytestmark = pytest.mark.xdist_group("hostile-text")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return write_hostile(ROOT / "data", tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(scope="module")
def data(hostile):
    data = load_dataset(hostile)
    assert data.ok, data.problems[:3]
    return data


def live_markup(html: str) -> list[str]:
    """Payload markup that a browser would parse as elements or attributes."""
    found = [p for p in PAYLOADS if p in html]
    found += re.findall(r"<(?:img|svg|iframe)[^>]*on\w+=|<script>window", html)
    found += re.findall(r"""href=["']?javascript:""", html, flags=re.I)
    return found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_map_html_escapes_every_payload(data, lang):
    m = build_map(select(data, ViewState(lang=lang)), display_basemap(data.basemap))
    html = m.get_root().render()
    assert live_markup(html) == []
    assert "\\u0026lt;img src=x onerror=" in html  # shown as text inside the popups
    assert LINK not in html


def test_standalone_file_escapes_every_payload(data):
    sel = select(data, ViewState())
    assert any(p in sel.caption or p in " ".join(sel.source_titles) for p in PAYLOADS)
    m = build_map(sel, display_basemap(data.basemap))
    html = standalone_html(m, sel, title=PAYLOADS[0], exported=PAYLOADS[1])
    assert live_markup(html) == []
    assert "&lt;img src=x onerror=" in html


def test_exports_keep_the_text_as_data(data):
    from geo.data.io import to_geojson
    from geo.render.downloads import bundle_zip

    text = to_geojson(data.layer("hubs"))
    assert PAYLOADS[0].replace('"', '\\"') in text  # JSON keeps the value, it is data
    assert bundle_zip(select(data, ViewState()))[:2] == b"PK"


TEMPLATES = (
    "{{ 7*7 }}",
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{# hidden #}",
)


def test_a_template_in_the_data_stays_text(shipped):
    """branca compiled each rendered layer as a Jinja template: data ran on the server."""
    from dataclasses import replace

    from ui.livemap import rendered

    data = replace(shipped, layers=dict(shipped.layers))
    hubs = data.layers["hubs"].copy()
    hubs.loc[hubs.index[0], "name"] = "Tripoli " + " ".join(TEMPLATES)
    data.layers["hubs"] = hubs
    sel = select(data, ViewState())
    basemap = display_basemap(data.basemap)
    outputs = {
        "map": build_map(sel, basemap).get_root().render(),
        "file": standalone_html(build_map(sel, basemap), sel, "Map", "today"),
        "live": "".join(rendered(build_map(sel, basemap))[part] for part in ("script", "view")),
    }
    for where, text in outputs.items():
        for template in TEMPLATES:
            assert template in text, (where, template)
        assert "49" not in text.split("Tripoli", 1)[1][:40], where
        assert str(ROOT) not in text, f"{where}: the server's folder reached the page"
