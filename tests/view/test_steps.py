"""Presenter steps: numbered from 1, one map for all steps, exports framed on the step."""

import io

import pytest
from pypdf import PdfReader

from geo.render import printed
from geo.render.basemap import display_basemap
from geo.render.maps import MapOptions, build_map, step_layer, step_mark
from geo.view.scene import Scene
from geo.view.selection import select
from geo.view.steps import STEP_ZOOM, step_count, step_of
from geo.view.urlstate import ViewState
from ui.private_api import js_hash, map_parts


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


@pytest.fixture(scope="module")
def sel(data):
    return select(data, ViewState(present=True))


@pytest.fixture(scope="module")
def basemap(data):
    return display_basemap(data.basemap)


def test_steps_count_from_one_with_the_overview_first(sel):
    assert step_count(sel) == len(sel.events) + 1 == 23
    first, second, last = step_of(sel, 1), step_of(sel, 2), step_of(sel, 23)
    assert (first.label, first.title, first.event) == ("Step 1 of 23", "Overview", None)
    assert second.event is sel.events[0] and last.event is sel.events[-1]
    assert step_of(sel, 0) == first  # a URL without a step opens the overview
    assert step_of(sel, 500) == last


def test_a_placed_step_moves_the_map_to_its_place_and_names_it(sel):
    step = next(step_of(sel, n) for n in range(2, 24) if "Rabat" in step_of(sel, n).place)
    mark = step_mark(step)
    assert (round(mark["lat"], 1), round(mark["lon"], 1)) == (34.0, -6.8)
    # Rabat only dates the story: the ring is named as the card says, "reported from Rabat".
    assert step.place == "reported from Rabat"
    assert mark["zoom"] == STEP_ZOOM and mark["label"] == step.place and not mark["overview"]
    unplaced = next(step_of(sel, n) for n in range(2, 24) if not step_of(sel, n).placed)
    assert step_mark(unplaced)["lat"] is None and not step_mark(unplaced)["overview"]
    assert step_mark(step_of(sel, 1))["overview"]


def test_every_step_shares_one_map_script_so_the_browser_keeps_the_map(sel, basemap):
    """streamlit-folium remounts the map when its script's hash changes: it must not."""
    hashes = set()
    for n in (1, 3, 9):
        m = build_map(sel, basemap, options=MapOptions(height=720, large=True))
        script = map_parts(m)[2]
        hashes.add(js_hash(script, "present_map"))
        group = step_layer(step_of(sel, n))
        group.add_to(m)
        group.render()
    assert len(hashes) == 1


def test_the_step_layer_carries_the_step(sel, basemap):
    m = build_map(sel, basemap, options=MapOptions())
    group = step_layer(step_of(sel, 3))
    group.add_to(m)
    m.get_root().render()
    assert "GeoMap.step(" in m.get_root().script.render()


def test_a_png_at_a_step_is_framed_on_its_activity(sel, basemap):
    step = step_of(sel, 3)  # Rabat
    fig = printed._png_figure(sel, basemap, "T", (1920, 1080), step)
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    whole = printed._png_figure(sel, basemap, "T", (1920, 1080), None).axes[0]
    assert x1 - x0 < 0.5 * (whole.get_xlim()[1] - whole.get_xlim()[0])
    at = printed.gpd.GeoSeries.from_xy([step.lon], [step.lat], crs=4326).to_crs(printed.MERCATOR)
    assert x0 < at.x[0] < x1 and y0 < at.y[0] < y1
    texts = [t.get_text() for t in ax.texts]
    assert "Rabat" in texts


def test_a_pdf_at_a_step_names_the_step_and_keeps_every_source(sel, basemap):
    step = step_of(sel, 3)
    pdf = printed.render_pdf(sel, basemap, Scene(name="Title", step=step))
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0].extract_text()
    assert "Step 3 of 23" in first and "Launch of the Morocco country package" in first
    assert reader.metadata.title.endswith(step.heading)
    rest = " ".join(" ".join(p.extract_text().split()) for p in reader.pages[1:])
    assert all(" ".join(s.split()) in rest for s in sel.source_titles)
