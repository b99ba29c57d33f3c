"""Every page under Streamlit's AppTest, and the filters acting on caption, tables, downloads."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import PAGES, open_page


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def showing(at: AppTest) -> str:
    """The caption under the map, as the reader sees it (Markdown escapes removed)."""
    return next(c for c in captions(at) if c.startswith("Showing:")).replace("\\", "")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs(name):
    at = open_page(name)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "each page has a title"


def test_choosing_a_project_changes_caption_and_figures():
    at = open_page("app.py")
    assert showing(at) == "Showing: All projects, all years"
    assert at.metric[0].value == "3"
    at.multiselect(key="w_projects").select("gloact-bgd").run()
    assert showing(at) == "Showing: GLO.ACT Bangladesh, all years"
    assert at.metric[0].value == "1"
    assert at.query_params["project"] == "gloact-bgd"


def test_choosing_years_changes_caption_and_url():
    at = open_page("app.py")
    at.slider(key="w_years").set_value((2008, 2008)).run()
    assert showing(at) == "Showing: All projects, in 2008"
    assert at.query_params["years"] == "2008"
    assert at.metric[2].value == "0"  # no hub city was named before 2021


def test_url_filters_reproduce_the_view():
    at = open_page("pages/coverage.py", project="xamt14", years="2008")
    assert showing(at) == "Showing: XAMT14, in 2008"
    assert at.multiselect(key="w_projects").value == ["xamt14"]
    assert at.slider(key="w_years").value == (2008, 2008)


def test_bad_url_values_show_a_notice_not_an_error():
    at = open_page("app.py", project="nope", years="20x8", lang="de")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "Ignored unknown project 'nope'" in notices
    assert "Ignored years '20x8'" in notices
    assert showing(at) == "Showing: All projects, all years"


@pytest.fixture
def served(monkeypatch):
    """Every file the page hands to Streamlit, by its URL stem or deferred file id.

    A file made on click is kept as the callable Streamlit runs for the click.
    """
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = path_or_data if isinstance(path_or_data, bytes) else b""
        return file_id

    def deferred(self, data_callable, *args, **kwargs):
        file_id = original_deferred(self, data_callable, *args, **kwargs)
        files[file_id] = data_callable  # what a click on the button runs
        return file_id

    original_deferred = MediaFileManager.add_deferred
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    monkeypatch.setattr(MediaFileManager, "add_deferred", deferred)
    return files


def download(at: AppTest, files: dict[str, bytes], label_start: str) -> bytes:
    """What clicking the download button labelled ``label_start...`` gives the browser."""
    button = next(b for b in at.get("download_button") if b.proto.label.startswith(label_start))
    if button.proto.deferred_file_id:
        return files[button.proto.deferred_file_id]()
    return files[Path(button.proto.url).stem]


def events_table(at: AppTest):
    """The Data page's table of activities (an HTML table, ui.tables)."""
    from tests.ui.tablehtml import html_tables

    return next(t for t in html_tables(at) if "start_date" in t.columns)


def test_data_page_tables_and_downloads_follow_the_filters(served):
    at = open_page("pages/data.py")
    all_events = events_table(at)
    everything = json.loads(download(at, served, "Download data-en-events.geojson"))
    assert sorted(f["properties"]["id"] for f in everything["features"]) == sorted(all_events["id"])
    at.multiselect(key="w_projects").select("gloact-bgd").run()
    # The first Bangladesh–Libya meeting is tied to no project: no source names its organiser.
    bgd_ids = {
        "ev-2023-04-27-dhaka",
        "ev-2023-05-07-istanbul",
        "ev-2024-06-20-doha",
    }
    assert set(events_table(at)["id"]) == bgd_ids
    downloaded = json.loads(download(at, served, "Download data-en-events_gloact-bgd.geojson"))
    assert {f["properties"]["id"] for f in downloaded["features"]} == bgd_ids
    headers = [s.value for s in at.header]
    assert "Activities (3)" in headers
    assert "Key hub cities (0)" in headers


def test_zip_download_holds_every_filtered_layer(served):
    import io
    import zipfile

    import geopandas as gpd

    at = open_page("pages/data.py", years="2008")
    archive = zipfile.ZipFile(io.BytesIO(download(at, served, "Download everything")))
    names = set(archive.namelist())
    assert {
        "README.txt",
        "layers.gpkg",
        "projects.csv",
        "coverage.geojson",
        "coverage.csv",
    } <= names
    coverage = json.loads(archive.read("coverage.geojson"))
    assert sorted(f["properties"]["iso3"] for f in coverage["features"]) == [
        "DZA",
        "EGY",
        "LBY",
        "MAR",
        "TUN",
    ]
    readme = archive.read("README.txt").decode()
    assert "Filters: All projects, in 2008" in readme
    assert "United Nations" in readme
    gpkg = io.BytesIO(archive.read("layers.gpkg"))
    assert len(gpd.read_file(gpkg, layer="coverage")) == 5


def test_empty_result_says_so_in_words():
    at = open_page("pages/events.py", project="xamt14")
    infos = [i.value for i in at.info]
    assert any(i.startswith("No activities match XAMT14, all years") for i in infos), infos


@pytest.mark.parametrize("years", ["2030", "1990-2030", "1950"])
def test_years_outside_the_data_show_nothing_without_error(years):
    at = open_page("app.py", years=years)
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value == "0" or years == "1990-2030"
    assert at.slider(key="w_years").value[0] <= int(years[:4])


def test_the_sidebar_search_offers_the_matches():
    from tests.apptest import open_page

    at = open_page("app.py")
    at.text_input(key="w_search").input("Gatroun").run()
    assert not at.exception
    matches = next(s for s in at.selectbox if s.label == "Matches")
    assert matches.options[0] == "Al Qatrun"
    # Benghazi is no hub: routes start there, and the map moves to it.
    at.text_input(key="w_search").input("Benghazi").run()
    matches = next(s for s in at.selectbox if s.label == "Matches")
    assert matches.options[0] == "Benghazi"
    assert at.session_state["found_place"]["lat"] == pytest.approx(32.1167)
    at.text_input(key="w_search").input("zzzz").run()
    assert any("No place matches" in c.value for c in at.caption)
