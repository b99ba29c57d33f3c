"""Dates as precise as the sources: event or publication dates, real spans (issue 12, part 3)."""

import pytest

from geo import ViewState, select
from geo.data.schema import EVENTS
from geo.data.validate import check_fields
from geo.render.details import feature_details, find_feature
from geo.render.popups import event_html
from geo.render.timeline import timeline_table

BASE = {
    "id": "e",
    "name": "Workshop",
    "kind": "workshop",
    "start_date": "2020-11-10",
    "end_date": "2020-11-10",
    "project_ids": ["p"],
    "source": "Story",
    "location_precision": "city",
}


def messages(props):
    return [(p.field, p.message) for p in check_fields(props, EVENTS, "events.geojson", "e")]


def test_date_basis_is_required_and_checked():
    assert messages(BASE) == [("date_basis", "required field is missing")]
    assert messages({**BASE, "date_basis": "guess"}) == [
        ("date_basis", "'guess' is not one of event, publication")
    ]
    assert messages({**BASE, "date_basis": "publication"}) == []


def test_a_publication_date_is_one_date():
    props = {**BASE, "date_basis": "publication", "end_date": "2020-11-11"}
    assert messages(props) == [
        (
            "end_date",
            "a publication date is one date: end_date must equal start_date "
            "(the activity's own span is not known)",
        )
    ]
    assert messages({**props, "date_basis": "event"}) == []


@pytest.fixture(scope="module")
def sel(shipped):
    return select(shipped, ViewState())


def test_popups_details_and_list_say_reported_on(sel):
    row = find_feature(sel, "ev-2020-11-10-tripoli")[1]
    assert row["date_basis"] == "publication"
    assert "reported on Nov 10, 2020" in event_html(row, sel)
    details = dict(feature_details("events", row, sel).fields)
    assert details["Date"] == "reported on Nov 10, 2020"
    table = timeline_table(sel).set_index("id")
    assert table.loc["ev-2020-11-10-tripoli", "Date"] == "reported on Nov 10, 2020"
    # An activity its source dates keeps its own period.
    assert not table.loc["ev-2023-05-07-istanbul", "Date"].startswith("reported")


def test_shipped_dates_follow_their_sources(sel):
    events = sel.layer("events").set_index("id")
    # Dated only by the story that reports them (the review found these ten).
    for fid in [
        "ev-2020-03-kenitra",
        "ev-2020-11-10-tripoli",
        "ev-2021-02-04-rabat",
        "ev-2021-04-20-rabat",
        "ev-2021-05-18-tunis",
        "ev-2021-06-16-rabat",
        "ev-2021-09-07-cairo",
        "ev-2021-09-09-tunis",
        "ev-2022-08-08-tripoli",
        "ev-2023-04-30-catania-rome",
    ]:
        assert events.loc[fid, "date_basis"] == "publication", fid
    # Multi-day activities whose sources give their days keep the whole span.
    spans = {
        "ev-2021-10-04-untoc-workshop": ("2021-10-04", "2021-10-06"),
        "ev-2021-10-25-alexandria": ("2021-10-25", "2021-10-27"),
        "ev-2023-05-07-istanbul": ("2023-05-07", "2023-05-08"),
        "ev-2023-07-10-sharm-el-sheikh": ("2023-07-10", "2023-07-13"),
        "ev-2024-06-20-doha": ("2024-06-20", "2024-06-21"),
    }
    for fid, span in spans.items():
        assert (events.loc[fid, "start_date"], events.loc[fid, "end_date"]) == span, fid
        assert events.loc[fid, "date_basis"] == "event"
    assert not any("Date of the story" in (n or "") for n in events["note"])
