"""Printed exports: the PNG map image and the A4 PDF sheet, from the shipped data."""

import ast
import io
import itertools
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from geopandas import GeoSeries
from matplotlib.text import Text
from PIL import Image
from pypdf import PdfReader

from geo.i18n import (
    DISCLAIMER,
    TITLE,
    format_money,
    format_period,
    isolate_amount,
    localized,
    translator,
)
from geo.render import printed, style
from geo.render.basemap import display_basemap
from geo.render.legend import leg_arrow, legend_sections
from geo.view.filters import Filters
from geo.view.scene import Scene
from geo.view.selection import select
from geo.view.urlstate import ViewState
from tests import ROOT
from tests.pdftext import flat, has_words, outside, pdf_renderer, texts

# The PNG and PDF are drawn once for the module: its tests run on one worker.
pytestmark = pytest.mark.xdist_group("printed")

NONE_1950 = Filters((), (1950, 1950))
Y2008 = Filters(("xamt14",), (2008, 2008))  # five countries, no hub, no activity
HUBS_AR = ("طرابلس", "غدامس", "الكفرة", "القطرون", "أجدابيا")


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


@pytest.fixture(scope="module")
def basemap(data):
    return display_basemap(data.basemap)


@pytest.fixture(scope="module")
def view(data):
    def make(lang="en", filters=None):
        return select(data, ViewState(filters or Filters(), lang=lang))

    return make


def title(lang):
    return translator(lang)(TITLE)


@pytest.fixture(scope="module")
def png_en(view, basemap):
    return printed.render_png(view("en"), basemap, Scene(name=title("en")))


@pytest.fixture(scope="module")
def png_ar(view, basemap):
    return printed.render_png(view("ar"), basemap, Scene(name=title("ar")))


@pytest.fixture(scope="module")
def pdf_en(view, basemap):
    return printed.render_pdf(view("en"), basemap, Scene(name=title("en")))


@pytest.fixture(scope="module")
def pdf_ar(view, basemap):
    return printed.render_pdf(view("ar"), basemap, Scene(name=title("ar")))


def pages_text(pdf_bytes):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def colours(image_bytes):
    image = Image.open(io.BytesIO(image_bytes)).convert("RGB")
    return {c for _, c in image.getcolors(maxcolors=1 << 22)}


def overlapping(boxes):
    return [(a, b) for (a, x), (b, y) in itertools.combinations(boxes, 2) if x.overlaps(y)]


# --------------------------------------------------------------------------- the PNG


def test_png_is_full_hd_with_metadata_and_every_layer(png_en, view):
    image = Image.open(io.BytesIO(png_en))
    assert (image.format, image.size) == ("PNG", (1920, 1080))
    assert image.text["Title"] == title("en")
    assert image.text["Description"] == view("en").caption == "All projects, all years"
    found = colours(png_en)
    assert len(found) > 100
    layers = (style.HUB_COLOUR, style.SEA, style.BASEMAP_FILL, *style.MODE_COLOURS.values())
    for colour in (*layers, *style.COVERAGE_COLOURS, *style.PROJECT_COLOURS[:2]):
        assert rgb(colour) in found, colour


@pytest.mark.parametrize("size", [(801, 601), (900, 1200)])
def test_png_has_exactly_the_size_asked(view, basemap, size):
    png = printed.render_png(view("en", Y2008), basemap, Scene(name="T"), size)
    assert Image.open(io.BytesIO(png)).size == size
    found = colours(png)  # five countries covered by one project, no hub
    assert rgb(style.coverage_colour(1)) in found and rgb(style.HUB_COLOUR) not in found


def test_png_refuses_a_thumbnail(view, basemap):
    with pytest.raises(ValueError, match="too small"):
        printed.render_png(view(), basemap, Scene(name="T"), (100, 80))


@pytest.mark.parametrize(("lang", "size"), [("en", (1920, 1080)), ("ar", (900, 1200))])
def test_png_texts_stay_in_the_image_and_the_legend_is_complete(view, basemap, lang, size):
    sel = view(lang)
    long = replace(sel, caption="A very long line about the filters that goes on " * 8)
    fig = printed._png_figure(long, basemap, "A long title that goes on and on " * 5, size)
    fig.canvas.draw()
    assert outside(fig, fig.canvas.get_renderer()) == []
    drawn = {flat(t.get_text()) for t in texts(fig)}
    for section in legend_sections(sel):
        assert flat(section.heading) in drawn
        assert {flat(item.label) for item in section.items} <= drawn
    unplaced = sel.t("{n} activities without a stated place are not mapped").format(n=3)
    assert flat(unplaced) in flat(" ".join(drawn))
    assert flat(sel.t(DISCLAIMER)) in flat(" ".join(drawn))


def hub_labels(fig):
    return [t for t in fig.findobj(Text) if t.get_gid() == printed.HUB_LABEL]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_hub_labels_are_named_in_the_language_and_do_not_overlap(view, basemap, lang):
    sel = view(lang)
    figures = {
        "png": printed._png_figure(sel, basemap, "T", (1920, 1080)),
        "pdf": printed._summary_page(sel, basemap, "T", 3),
    }
    names = {localized(h, "name", lang) for h in sel.layer("hubs").to_dict("records")}
    assert len(names) == 5 and (lang != "ar" or names == set(HUBS_AR))
    for kind, fig in figures.items():
        labels = hub_labels(fig)
        assert {flat(t.get_text()) for t in labels} == names, kind
        assert all(t.get_text().startswith(printed.RLM) == (lang == "ar") for t in labels)
        renderer = fig.canvas.get_renderer()
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
        assert overlapping(boxes) == [], kind
        frame = fig.axes[-1].get_window_extent(renderer)
        for name, box in boxes:
            assert frame.contains(*box.p0) and frame.contains(*box.p1), (kind, name)


def test_route_chevrons_follow_the_shared_direction_rule(view, basemap):
    sel = view("en")
    fig = printed._png_figure(sel, basemap, "T", (960, 540))
    ax = fig.axes[0]
    chevrons = [line for line in ax.get_lines() if len(line.get_xdata()) == 1]
    assert len(chevrons) == len(sel.layer("routes"))
    for chevron, leg in zip(chevrons, sel.layer("routes").geometry, strict=True):
        lon, lat, degrees = leg_arrow(leg)
        x, y = GeoSeries.from_xy([lon], [lat], crs=4326).to_crs(3857).get_coordinates().iloc[0]
        assert (chevron.get_xdata()[0], chevron.get_ydata()[0]) == pytest.approx((x, y))
        tip = chevron._marker.get_user_transform().transform((1, 0))  # where the tip points
        assert math.degrees(math.atan2(tip[1], tip[0])) == pytest.approx(degrees, abs=1e-6)


def test_map_is_framed_on_the_features_within_the_basemap(view, basemap):
    fig = printed._png_figure(view("en", Y2008), basemap, "T", (960, 540))
    x0, x1 = fig.axes[0].get_xlim()
    y0, y1 = fig.axes[0].get_ylim()
    bx0, by0, bx1, by1 = basemap.to_crs(3857).total_bounds
    assert bx0 <= x0 < x1 <= bx1 and by0 <= y0 < y1 <= by1
    cx0, cy0, cx1, cy1 = view("en", Y2008).layer("coverage").to_crs(3857).total_bounds
    assert x0 < cx0 and cx1 < x1 and y0 < cy0 and cy1 < y1
    assert (x1 - x0) < 0.8 * (bx1 - bx0)  # the five countries, not the whole basemap


# --------------------------------------------------------------------------- the PDF


def test_pdf_is_a4_landscape_with_metadata(pdf_en, view):
    reader = PdfReader(io.BytesIO(pdf_en))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(842, abs=1)
        assert float(page.mediabox.height) == pytest.approx(595, abs=1)
    assert reader.metadata.title == title("en")
    assert reader.metadata.subject == view("en").caption
    assert "/CreationDate" not in reader.metadata


def test_pdf_first_page_is_the_summary_with_the_map(pdf_en, view):
    sel, first = view("en"), flat(pages_text(pdf_en)[0])
    f = sel.figures
    assert (f.projects, f.countries, f.hubs, f.events, f.events_unplaced) == (3, 6, 5, 22, 3)
    assert title("en") in first
    assert "Filters: All projects, all years" in first
    for label in ("Projects", "Countries covered", "Key hub cities", "Activities", "Route legs"):
        assert label in first
    assert f"{f.projects} {f.countries} {f.hubs} {f.events} {f.route_legs}" in first
    for currency, amount in f.budgets.items():
        assert format_money(amount, currency, "en") in first
    assert "Activities without a stated place: 3 (listed, not mapped)." in first
    assert "Projects without a stated budget: 1." in first
    for hub in ("Tripoli", "Ghadames", "Kufra", "Al Qatrun", "Ajdabiya"):  # labels on the map
        assert hub in first
    for section in legend_sections(sel):  # the legend under the map
        assert section.heading in first
        assert all(item.label in first for item in section.items)
    assert "Basemap: Natural Earth" in first and "Exported " in first
    assert flat(DISCLAIMER) in first
    assert f"Page 1 of {len(pages_text(pdf_en))}" in first


def test_pdf_lists_every_activity_and_every_source(pdf_en, view):
    sel, pages = view("en"), pages_text(pdf_en)
    rest = flat(" ".join(pages[1:]))
    assert len(sel.events) == 22 and len(sel.sources) >= 30
    for event in sel.events:
        assert flat(event["name"]) in rest, event["name"]
        assert flat(format_period(event["start_date"], event["end_date"], "en")) in rest
    assert "not stated" in rest  # an activity whose place no source gives
    for source in sel.source_titles:
        assert flat(source) in rest, source
    assert " more" not in rest  # nothing is cut short
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in flat(text)
        assert flat(DISCLAIMER) in flat(text)


def test_long_lists_flow_onto_more_pages_and_stay_on_them(view, basemap):
    sel = view("en")
    long = [{**e, "name": e["name"] + " and more" * 12} for e in sel.events]
    sel = replace(sel, events=sel.events + tuple(long) * 3, sources=sel.sources * 3)
    pages = printed._list_pages(sel, "A title long enough to need two lines " * 3)
    assert len(pages) >= 6
    drawn = flat(" ".join(t.get_text() for page in pages for t in texts(page.fig)))
    assert all(flat(e["name"]) in drawn for e in sel.events)
    for page in pages:
        assert outside(page.fig, pdf_renderer(page.fig)) == []
        renderer = pdf_renderer(page.fig)
        assert (
            overlapping([(t.get_text(), t.get_window_extent(renderer)) for t in texts(page.fig)])
            == []
        )


def test_arabic_pdf_is_in_arabic_and_right_to_left(pdf_ar, view, basemap):
    sel = view("ar")
    pages = pages_text(pdf_ar)
    first, everything = pages[0], " ".join(pages)
    assert all(has_words(hub, first) for hub in HUBS_AR)  # the hub labels on the map
    for msgid in ("Key hub cities", "Projects", "Countries covered", "Legend", "Filters"):
        assert has_words(sel.t(msgid), first), msgid
    for msgid in ("Sources", "Date", "Place", "Activities, in date order"):
        assert has_words(sel.t(msgid), everything), msgid
    assert has_words(sel.caption, first)
    # Every activity and source is drawn, in Arabic where the data has it, right to left.
    lists = printed._list_pages(sel, title("ar"))
    drawn = [t.get_text() for page in lists for t in texts(page.fig)]
    assert all(
        t.startswith(printed.RLM) for t in drawn if any("\u0600" <= c <= "\u06ff" for c in t)
    )
    assert {t.get_ha() for page in lists for t in texts(page.fig)} == {"right"}
    joined = flat(" ".join(drawn))
    for event in sel.events:
        assert flat(localized(event, "name", "ar")) in joined
    assert all(flat(s) in joined for s in sel.source_titles)


def test_arabic_summary_stays_on_the_page(view, basemap):
    fig = printed._summary_page(view("ar"), basemap, title("ar"), 3)
    fig.savefig(io.BytesIO(), format="pdf")  # places the legend's texts
    assert outside(fig, pdf_renderer(fig)) == []
    assert [t.get_language() for t in hub_labels(fig)] == ["ar"] * 5


def test_an_empty_view_still_makes_both_files(view, basemap):
    sel = view("en", NONE_1950)
    assert sel.figures.events == sel.figures.projects == 0 and not sel.sources
    image = Image.open(io.BytesIO(printed.render_png(sel, basemap, Scene(name="Nothing"))))
    assert image.size == (1920, 1080)
    pages = [flat(t) for t in pages_text(printed.render_pdf(sel, basemap, Scene(name="Nothing")))]
    assert "Nothing matches these filters" in pages[0]
    assert "All projects, in 1950" in pages[0]
    assert "0 0 0 0 0" in pages[0]
    assert "No activity matches these filters." in pages[1]
    assert "None stated" in pages[1]


def test_french_pages_are_in_french(view, basemap):
    t = translator("fr")
    pages = [
        flat(t)
        for t in pages_text(printed.render_pdf(view("fr"), basemap, Scene(name=title("fr"))))
    ]
    assert f"Page 1 sur {len(pages)}" in pages[0]
    assert t("Key hub cities") in pages[0] and t("Countries covered") in pages[0]
    assert t("Activities, in date order") in pages[1] and t("Sources") in " ".join(pages[1:])


def test_renders_in_parallel_threads_are_identical(view, basemap, png_en, png_ar, pdf_en):
    def render(job):
        kind, lang = job
        draw = printed.render_png if kind == "png" else printed.render_pdf
        return draw(view(lang), basemap, Scene(name=title(lang)))

    with ThreadPoolExecutor(3) as pool:
        together = list(pool.map(render, [("png", "en"), ("pdf", "en"), ("png", "ar")]))
    assert together == [png_en, pdf_en, png_ar]


def test_bidi_marks_right_to_left_lines_only():
    assert printed.bidi("طرابلس", "ar") == "\u200fطرابلس"
    assert printed.bidi("2,000 km", "ar") == "2,000 km"
    assert printed.bidi("طرابلس", "en") == "طرابلس"
    assert printed.bidi("Kufra\nالكفرة", "ar") == "Kufra\n\u200fالكفرة"


def test_no_streamlit_no_pyplot_no_global_settings():
    source = (ROOT / "geo" / "render" / "printed.py").read_text(encoding="utf-8")
    modules, names = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add(node.module or "")
        elif isinstance(node, ast.Attribute | ast.Name):
            names.add(getattr(node, "attr", getattr(node, "id", "")))
    assert not any(m.startswith("streamlit") or m.endswith("pyplot") for m in modules)
    assert not names & {"rcParams", "rc", "rc_context", "use", "pyplot"}
    assert "briefing" not in source.lower()


def test_each_amount_of_the_arabic_budget_line_is_isolated(view, basemap):
    """ "$US 2,705,000 ;€ 15,000,000" was drawn: each amount now keeps its own order."""
    sel = view("ar")
    fig = printed._summary_page(sel, basemap, title("ar"), 3)
    drawn = " ".join(t.get_text() for t in texts(fig)).replace("\n", " ")
    for currency, amount in sel.figures.budgets.items():
        amount = isolate_amount(format_money(amount, currency, "ar"), "ar")
        assert amount.replace("\xa0", " ") in drawn.replace("\xa0", " "), currency
