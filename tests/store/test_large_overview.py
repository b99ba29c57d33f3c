"""The overview on a store with a large activity layer: counted and drawn from SQL."""

import pytest
from streamlit.testing.v1 import AppTest

from tests import ROOT
from tests.store.conftest import LARGE

# The store's tests share the worker's PostgreSQL and its large store: one worker.
pytestmark = pytest.mark.xdist_group("store")

ACTIVITIES = LARGE


@pytest.mark.parametrize("params", [{}, {"project": "dismantling", "years": "2021-2022"}])
def test_the_overview_counts_and_draws_a_large_layer_from_sql(large_store, monkeypatch, params):
    monkeypatch.setenv("GEO_DATABASE_URL", large_store[0])
    monkeypatch.setenv("GEO_STORE_LARGE_OVER", "1000")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()

    assert not at.exception, [e.value for e in at.exception]
    shown = int(next(m.value for m in at.metric if m.label == "Activities").replace(",", ""))
    assert 0 < shown <= ACTIVITIES
    if not params:
        assert shown == ACTIVITIES


PAGES = ["app.py", *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_on_a_large_layer(large_store, monkeypatch, name):
    monkeypatch.setenv("GEO_DATABASE_URL", large_store[0])
    monkeypatch.setenv("GEO_STORE_LARGE_OVER", "1000")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if name != "app.py":
        at.switch_page(name)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_the_data_page_counts_every_activity_and_says_how_to_get_them(large_store, monkeypatch):
    monkeypatch.setenv("GEO_DATABASE_URL", large_store[0])
    monkeypatch.setenv("GEO_STORE_LARGE_OVER", "1000")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/data.py")
    at.query_params["project"] = "dismantling"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    heading = next(h.value for h in at.header if h.value.startswith("Activities"))
    shown = int(heading.removeprefix("Activities (").removesuffix(")"))
    assert 1000 < shown <= ACTIVITIES  # every activity of the project, not its cells
    notice = next(i.value for i in at.info if "grid cells" in i.value)
    command = next(c.value for c in at.code if c.value.startswith("python -m geo export"))
    assert command == (
        "python -m geo export events --project dismantling -o events_dismantling.geojson"
    )
    cells = int(notice.split(" grid cells")[0].rsplit(" ", 1)[1])
    assert 0 < cells < shown
