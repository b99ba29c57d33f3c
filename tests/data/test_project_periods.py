"""Activities within their projects' periods, unless the project says why (issue 12, part 2)."""

from pathlib import Path

import pandas as pd

from geo.data import dates, validate
from tests import ROOT, tinydata
from tests.cli_run import cli

SEEDS = ROOT / "data" / "seeds"

PROJECTS = pd.DataFrame(
    {
        "id": ["p", "q"],
        "start_date": ["2019", "2007-11-30"],
        "end_date": ["2022", "2012-08-31"],
        "period_note": ["A second phase ran in 2023.", None],
    }
)


def events(*rows):
    return pd.DataFrame(
        [{"id": i, "start_date": s, "end_date": e, "project_ids": ids} for i, s, e, ids in rows]
    )


def test_an_activity_outside_its_project_period_is_reported():
    found = validate.check_project_periods(events(("late", "2013-01", "2013-01", ["q"])), PROJECTS)
    assert [str(p) for p in found] == [
        "events.geojson: late: start_date: 2013-01 to 2013-01 lies outside the period of "
        "project 'q' (2007-11-30 to 2012-08-31), and the project's period_note gives no reason "
        "for 2013"
    ]


def test_an_activity_the_period_note_explains_is_not_reported():
    rows = events(
        ("phase-2", "2023-05-07", "2023-05-08", ["p"]), ("in", "2021-09", "2021-09", ["p"])
    )
    assert validate.check_project_periods(rows, PROJECTS) == []


def test_a_year_the_period_note_does_not_name_is_reported():
    found = validate.check_project_periods(
        events(("x", "2024-06-20", "2024-06-21", ["p"])), PROJECTS
    )
    assert [p.feature for p in found] == ["x"]


def test_a_span_reaching_past_the_end_is_reported_for_its_outside_years():
    found = validate.check_project_periods(events(("x", "2012-08", "2013-02", ["q"])), PROJECTS)
    assert found[0].message.endswith("gives no reason for 2013")


def test_validate_reports_it_on_disk(tmp_path):
    features = tinydata.layers()["events.geojson"]
    features[2]["properties"]["start_date"] = "2013-03-23"  # ev-2009, of the 2007-2012 project
    features[2]["properties"]["end_date"] = "2013-03-25"
    folder = tinydata.write(tmp_path / "data", {"events.geojson": features})
    result = cli("validate", "--data-dir", str(folder))
    assert result.returncode == 1
    assert (
        "events.geojson: ev-2009: start_date: 2013-03-23 to 2013-03-25 lies outside"
        in result.stdout
    )


def test_no_shipped_activity_is_unexplained(shipped):
    assert validate.check_project_periods(shipped.layer("events"), shipped.projects) == []


def test_gloact_bangladesh_runs_as_long_as_its_sources_show_it_running(shipped):
    seed = " ".join(p.read_text(encoding="utf-8") for p in Path(SEEDS).glob("*.txt"))
    assert (
        "being implemented in partnership with the International Organization for Migration" in seed
    )
    gloact = shipped.projects.set_index("id").loc["gloact-bgd"]
    # The June 2023 seed says it is being implemented; it organised the June 2024 Doha
    # meeting: its period reaches every activity of its own, with no note needed.
    assert dates.last_day(gloact["end_date"]).year == 2024
    assert not gloact["period_note"]
    for event in shipped.layer("events").to_dict("records"):
        if "gloact-bgd" in event["project_ids"]:
            assert dates.last_day(event["end_date"]) <= dates.last_day(gloact["end_date"])
