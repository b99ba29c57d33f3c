"""Briefing exports: the PNG map and the one-page A4 PDF, from the shipped data."""

import ast
import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from matplotlib.backends.backend_pdf import PdfFile, RendererPdf
from matplotlib.text import Text
from PIL import Image
from pypdf import PdfReader

from geo import LAYERS, Filters, briefing, load_dataset, style
from geo.briefing import sheet
from geo.export import DISCLAIMER
from geo.maps import display_basemap
from geo.summary import key_figures
from tests.conftest import ROOT

TITLE = "North Africa: smuggling routes and the response"
ALL = Filters()
Y2008 = Filters(("xamt14",), (2008, 2008))  # five countries, no hub, no activity
NOTHING = Filters(("xamt14",), (2030, 2030))


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def basemap(data):
    return display_basemap(data.basemap)


def view(data, filters):
    """What a page shows for ``filters``: layers, selected projects, caption, sources."""
    layers = {name: filters.apply(name, data.layer(name), data.projects) for name in LAYERS}
    selected = filters.selected_projects(data.projects)
    names = dict(zip(data.projects["id"], data.projects["short_name"], strict=True))
    sources = sorted(
        {s for gdf in (*layers.values(), selected) for s in gdf["source"].dropna() if s}
    )
    return layers, selected, filters.describe(names), sources


def png(data, basemap, filters, **kwargs):
    layers, _, description, _ = view(data, filters)
    return briefing.render_png(
        layers, basemap, data.projects, title=TITLE, description=description, **kwargs
    )


def pdf(data, basemap, filters, **kwargs):
    layers, selected, description, sources = view(data, filters)
    options = {
        "title": TITLE,
        "description": description,
        "figures": key_figures(layers, selected),
        "sources": sources,
        "disclaimer": DISCLAIMER,
        **kwargs,
    }
    return briefing.render_pdf(layers, basemap, data.projects, **options)


def colours(image_bytes):
    image = Image.open(io.BytesIO(image_bytes)).convert("RGB")
    return {c for _, c in image.getcolors(maxcolors=1 << 20)}


@pytest.fixture(scope="module")
def full_png(data, basemap):
    return png(data, basemap, ALL)


@pytest.fixture(scope="module")
def full_pdf(data, basemap):
    return PdfReader(io.BytesIO(pdf(data, basemap, ALL)))


def test_png_is_full_hd_and_shows_every_layer(full_png):
    image = Image.open(io.BytesIO(full_png))
    assert image.format == "PNG"
    assert image.size == (1920, 1080)
    found = colours(full_png)
    assert len(found) > 100
    for colour in (style.HUB_COLOUR, style.SEA, style.BASEMAP_FILL, *style.MODE_COLOURS.values()):
        assert rgb(colour) in found, colour
    assert rgb(style.PROJECT_COLOURS[0]) in found  # activities of the first project


def test_filtered_png_differs_from_the_full_one(data, basemap, full_png):
    filtered = png(data, basemap, Y2008)
    assert Image.open(io.BytesIO(filtered)).size == (1920, 1080)
    assert filtered != full_png
    found = colours(filtered)
    assert rgb(style.HUB_COLOUR) not in found  # no hub city in 2008
    assert rgb(style.coverage_colour(1)) in found


def test_png_size_is_exact_for_any_request(data, basemap):
    image = Image.open(io.BytesIO(png(data, basemap, Y2008, width=801, height=601)))
    assert image.size == (801, 601)


def test_png_renders_in_parallel_threads(data, basemap):
    def render(lang):
        return png(data, basemap, Y2008, lang=lang, width=480, height=270)

    with ThreadPoolExecutor(3) as pool:
        together = list(pool.map(render, ["en", "ar", "en"]))
    assert together[0] == together[2] == render("en")


def test_pdf_is_one_landscape_a4_page_with_metadata(full_pdf):
    assert len(full_pdf.pages) == 1
    box = full_pdf.pages[0].mediabox
    assert float(box.width) == pytest.approx(842, abs=1)
    assert float(box.height) == pytest.approx(595, abs=1)
    assert full_pdf.metadata.title == TITLE


def test_pdf_holds_title_filters_figures_events_and_disclaimer(full_pdf):
    text = " ".join(full_pdf.pages[0].extract_text().split())
    assert TITLE in text
    assert "All projects, all years" in text
    assert "Launch of the Egyptian component" in text
    assert "not stated" in text  # an activity whose place no source gives
    assert "EUR 15,000,000" in text
    assert "Basemap: Natural Earth" in text
    assert " ".join(DISCLAIMER.split()[:6]) in text
    assert re.search(r"and \d+ more", text)  # more sources than the sheet holds


def test_pdf_of_nothing_says_so(data, basemap):
    reader = PdfReader(io.BytesIO(pdf(data, basemap, NOTHING)))
    text = reader.pages[0].extract_text()
    assert "Nothing matches these filters" in text
    assert "XAMT14, in 2030" in text


def test_arabic_pdf_renders(data, basemap):
    title = "شمال أفريقيا: طرق التهريب والاستجابة"
    reader = PdfReader(io.BytesIO(pdf(data, basemap, ALL, title=title, lang="ar")))
    assert len(reader.pages) == 1
    assert reader.metadata.title == title


def test_arabic_text_is_marked_right_to_left():
    assert sheet._shape("طرابلس", "ar") == "\u200fطرابلس"
    assert sheet._shape("2,000 km", "ar") == "2,000 km"
    assert sheet._shape("طرابلس", "en") == "طرابلس"


def outside(fig, renderer):
    """Texts of ``fig`` that reach past its edges, as laid out by ``renderer``."""
    page = fig.bbox
    found = []
    for artist in fig.findobj(Text):
        if not artist.get_visible() or not artist.get_text():
            continue
        box = artist.get_window_extent(renderer)
        if (
            box.x0 < page.x0 - 0.5
            or box.x1 > page.x1 + 0.5
            or box.y0 < page.y0 - 0.5
            or box.y1 > page.y1 + 0.5
        ):
            found.append((artist.get_text(), box))
    return found


def pdf_renderer(fig):
    """The PDF backend's renderer: its font metrics, not Agg's hinted ones."""
    width, height = fig.get_size_inches()
    return RendererPdf(PdfFile(io.BytesIO()), 72, height, width)


def test_long_texts_stay_on_the_page(data, basemap):
    layers, selected, _, sources = view(data, ALL)
    events = layers["events"]
    many = events.assign(id=events["id"] + "-copy", name=events["name"] + " " + "and more " * 20)
    layers = {**layers, "events": briefing.pd.concat([events, many], ignore_index=True)}
    long = "A very long line about the filters that goes on " * 8
    fig = briefing._pdf_figure(
        layers,
        basemap,
        data.projects,
        long,
        long,
        key_figures(layers, selected),
        [f"{s} " * 4 for s in sources] * 4,
        DISCLAIMER * 5,
        "en",
        lambda s: s,
    )
    assert outside(fig, pdf_renderer(fig)) == []
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert any(t.startswith("and ") and t.endswith(" more") for t in texts)


def test_arabic_sheet_stays_on_the_page(data, basemap):
    layers, selected, description, sources = view(data, ALL)
    fig = briefing._pdf_figure(
        layers,
        basemap,
        data.projects,
        TITLE,
        description,
        key_figures(layers, selected),
        sources,
        DISCLAIMER,
        "ar",
        lambda s: s,
    )
    assert outside(fig, pdf_renderer(fig)) == []
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert "\u200fالكفرة" in texts  # the hub's Arabic name, right to left


@pytest.mark.parametrize("size", [(1920, 1080), (900, 1200), (480, 270)])
def test_png_texts_stay_in_the_image(data, basemap, size):
    layers, _, _, _ = view(data, ALL)
    long = "A very long line about the filters that goes on " * 8
    fig = briefing._png_figure(layers, basemap, data.projects, long, long, "en", lambda s: s, *size)
    fig.canvas.draw()
    assert outside(fig, fig.canvas.get_renderer()) == []


def test_no_streamlit_and_no_pyplot():
    modules = set()
    trees = [
        ast.parse(f.read_text(encoding="utf-8")) for f in (ROOT / "geo" / "briefing").glob("*.py")
    ]
    for node in (n for tree in trees for n in ast.walk(tree)):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add(node.module or "")
    assert not any(m.startswith("streamlit") or m.endswith("pyplot") for m in modules)
