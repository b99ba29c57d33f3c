"""Text from data reaches the printed exports as plain text: never mathtext, never TeX.

A project short name or an activity named ``GLO.ACT $x_{y$`` is half a formula to
Matplotlib: read as mathtext it raised while the legend was laid out, and the PNG and PDF
buttons gave nothing. Here such names are in every place the PNG and the PDF draw data
from (title, caption, legend, hub and place labels, inset, key figures, lists), and both
files are drawn in English and Arabic, dollars and all.
"""

import copy
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from geo import ViewState, load_dataset, select
from geo.render import printed
from geo.render.basemap import display_basemap
from geo.view.filters import Filters
from geo.view.scene import Scene
from tests import tinydata
from tests.pdftext import flat, texts

# Matplotlib's mathtext raised on this: an opening brace that never closes, between dollars.
FORMULA = "GLO.ACT $x_{y$"
DHAKA = (90.41, 23.81)  # far from the rest: an inset


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    layers = tinydata.layers()
    events = layers["events.geojson"]
    events[0]["properties"].update(name=FORMULA, place=f"{FORMULA} Cairo", location_basis="stated")
    far = copy.deepcopy(events[0])
    far["geometry"]["coordinates"] = list(DHAKA)
    far["properties"].update(
        id="ev-dhaka", name=f"{FORMULA} in Dhaka", place=f"{FORMULA} Dhaka", location_basis="stated"
    )
    far["properties"].update(iso3="BGD", source=f"{FORMULA} source")
    events.append(far)
    layers["hubs.geojson"][1]["properties"]["name"] = f"{FORMULA} Kufra"
    bangladesh = {
        "type": "Polygon",
        "coordinates": [[[88, 21], [92.5, 21], [92.5, 26.5], [88, 21]]],
    }
    layers["basemap_countries.geojson"].append(
        tinydata.feature(bangladesh, id="BGD", iso3="BGD", name="Bangladesh")
    )
    folder = tinydata.write(tmp_path_factory.mktemp("formula") / "data", layers)
    projects = copy.deepcopy(tinydata.PROJECTS)
    projects[1]["short_name"] = FORMULA
    tinydata.write_rows(folder / "projects.csv", tinydata.PROJECT_COLUMNS, projects)
    figures = copy.deepcopy(tinydata.FIGURES)
    figures[0]["what"] = f"{FORMULA} migrants"
    tinydata.write_rows(folder / "figures.csv", tinydata.FIGURE_COLUMNS, figures)
    data = load_dataset(folder)
    assert data.ok, data.problems[:3]
    return data


def view(data, lang):
    return select(data, ViewState(Filters(projects=("new",)), lang=lang))


def drawn(figures) -> list:
    """The texts of ``figures``, but the axes' tick offsets ("1e7": no tick is drawn)."""
    axes = [a for fig in figures for ax in fig.axes for a in (ax, *ax.child_axes)]
    offsets = {id(a.offsetText) for ax in axes for a in (ax.xaxis, ax.yaxis)}
    return [t for fig in figures for t in texts(fig) if id(t) not in offsets]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_text_of_both_exports_is_plain(data, lang):
    sel = view(data, lang)
    basemap = display_basemap(data.basemap)
    png = printed._png_figure(sel, basemap, f"Title {FORMULA}", (1920, 1080))
    pdf = printed._pages(sel, basemap, f"Title {FORMULA}", None)
    found = drawn([png, *pdf])
    assert [t.get_text() for t in found if t.get_parse_math() or t.get_usetex()] == []
    # The formula is drawn where the data puts it: title, caption, legend, labels, lists.
    with_formula = [t for t in found if "$x_{y$" in t.get_text()]
    assert len(with_formula) >= 8
    inset_names = [t.get_text() for ax in png.axes[0].child_axes for t in texts(ax)]
    assert any("Dhaka" in name and "$x_{y$" in name for name in inset_names)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_png_and_pdf_are_made_with_the_dollars_in_them(data, lang):
    sel = view(data, lang)
    assert FORMULA in sel.caption
    basemap = display_basemap(data.basemap)
    png = printed.render_png(sel, basemap, Scene(name=f"Title {FORMULA}"))
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (1920, 1080))
    assert image.text["Description"] == sel.caption
    pdf = printed.render_pdf(sel, basemap, Scene(name=f"Title {FORMULA}"))
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.subject == sel.caption
    if lang == "en":  # pypdf gives Arabic lines in visual order: English is searched
        pages = [flat(page.extract_text()) for page in reader.pages]
        assert f"Title {FORMULA}" in pages[0]  # the title
        assert all(FORMULA in page for page in pages)  # every page's title
        everything = " ".join(pages)
        for text in (f"{FORMULA} in Dhaka", f"{FORMULA} migrants", f"{FORMULA} source"):
            assert flat(text) in everything, text
        assert everything.count("$x_{y$") >= 10
