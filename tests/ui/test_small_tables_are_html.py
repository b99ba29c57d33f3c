"""Issue 25: small tables are plain accessible HTML tables, whole, their text escaped."""

from __future__ import annotations

import pytest

from geo import LAYERS
from tests import ROOT
from tests.apptest import open_page
from tests.hostile import LINK, PAYLOADS, write_hostile
from tests.ui.tablehtml import html_tables


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return write_hostile(ROOT / "data", tmp_path_factory.mktemp("hostile") / "data")


def test_the_data_pages_layers_are_whole_html_tables(shipped):
    at = open_page("pages/data.py")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) == 0, "a grid widget is left on the Data page"
    tables = {t.attrs["caption"]: t for t in html_tables(at)}
    headings = [h.value for h in at.header]
    for name in LAYERS:
        gdf = shipped.layer(name)
        heading = next(h for h in headings if h.endswith(f"({len(gdf)})"))
        table = tables[heading]
        assert list(table.columns) == [c for c in gdf.columns if c != "geometry"]
        assert len(table) == len(gdf)  # every row, none behind a scroll
        assert sorted(table["id"]) == sorted(gdf["id"])
        assert set(table.attrs["scopes"]) == {"col"}
    # The data dictionary too: one table a file.
    assert sum(1 for c in tables if ".geojson:" in c or ".csv:" in c) >= len(LAYERS)


def test_the_events_table_is_html_with_whole_sources_linked(shipped):
    at = open_page("pages/events.py")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) == 0, "a grid widget is left on the Events page"
    table = next(t for t in html_tables(at) if t.attrs["caption"] == "All activities, with sources")
    events = shipped.layer("events")
    assert len(table) == len(events)
    assert set(table["Source"]) == set(events["source"])
    body = next(
        h.proto.body for h in at.get("html") if "All activities, with sources" in h.proto.body
    )
    for url in events["source_url"].dropna():
        assert f'href="{url.replace("&", "&amp;")}"' in body


@pytest.mark.parametrize("page", ["pages/data.py", "pages/events.py"])
def test_text_from_data_is_escaped_in_tables(hostile, monkeypatch, page):
    monkeypatch.setenv("GEO_DATA_DIR", str(hostile))
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    bodies = [h.proto.body for h in at.get("html")]
    assert any("<table" in b for b in bodies)
    for body in bodies:
        assert not any(p in body for p in PAYLOADS), body[:300]
        assert f'href="{LINK}' not in body
    # The payloads are shown as text.
    cells = {c for t in html_tables(at) for col in t.columns for c in t[col]}
    assert any(PAYLOADS[0] in c for c in cells)
