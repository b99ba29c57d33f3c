"""A hub shows from the year its choice was reported, not over its project's whole period."""

import json

from geo.render.popups import hub_html
from geo.view.selection import select
from geo.view.urlstate import ViewState
from tests.cli_run import cli


def _hubs(*args):
    result = cli("export", "hubs", *args)
    assert result.returncode == 0, result.stderr
    return [f["properties"]["id"] for f in json.loads(result.stdout)["features"]]


def test_no_hub_before_its_choice_was_reported():
    # The 2019-2022 project names the five hubs; UNODC reported their choice in 2021.
    assert _hubs("--year", "2019") == _hubs("--year", "2020") == []
    assert len(_hubs("--year", "2021")) == len(_hubs("--project", "dismantling")) == 5


def test_the_hub_popup_says_when_its_choice_was_reported_and_that_the_meeting_is_undated(
    shipped,
):
    sel = select(shipped, ViewState())
    row = shipped.layer("hubs").iloc[0].to_dict()
    html = hub_html(row, sel)
    assert "reported on Sep 7, 2021" in html
    assert "the meeting&#x27;s own date is not stated" in html
