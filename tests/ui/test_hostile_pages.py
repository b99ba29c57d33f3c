"""Every page shows text from data as text: no payload renders as markup."""

import pytest

from tests import ROOT
from tests.apptest import open_page
from tests.hostile import PAYLOADS, write_hostile


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return write_hostile(ROOT / "data", tmp_path_factory.mktemp("hostile") / "data")


@pytest.mark.parametrize(
    "page", ["app.py", "pages/coverage.py", "pages/events.py", "pages/about.py"]
)
def test_pages_show_payloads_as_text(hostile, monkeypatch, page):
    monkeypatch.setenv("GEO_DATA_DIR", str(hostile))
    at = open_page(page)
    assert not at.exception
    for element in [*at.markdown, *at.caption]:
        assert element.proto.allow_html is False or not any(p in element.value for p in PAYLOADS)
