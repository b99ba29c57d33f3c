"""``python -m geo export``: valid RFC 7946, filters as the seeds say, the stable CLI."""

import json
import os

import pytest

from geo import LAYERS
from tests import ROOT, rfc7946
from tests.cli_run import cli, run_cli


def export(*args):
    result = cli("export", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_exports_valid_rfc7946(layer):
    doc = export(layer)
    assert rfc7946.problems(doc) == []
    assert len(doc["features"]) > 0


def iso3s(doc):
    return sorted(f["properties"]["iso3"] for f in doc["features"])


def ids(doc):
    return sorted(f["properties"]["id"] for f in doc["features"])


def test_coverage_in_2008_is_the_five_countries_of_the_2007_2012_project():
    doc = export("coverage", "--year", "2008")
    assert iso3s(doc) == ["DZA", "EGY", "LBY", "MAR", "TUN"]
    assert {f["properties"]["project_id"] for f in doc["features"]} == {"xamt14"}


def test_coverage_of_the_2019_2022_project_follows_its_seed():
    # Seeds 001-003: "a regional intervention covering Egypt, Libya, Morocco, and Tunisia".
    assert iso3s(export("coverage", "--project", "dismantling")) == ["EGY", "LBY", "MAR", "TUN"]


def test_coverage_in_2015_is_empty_between_the_projects():
    assert export("coverage", "--year", "2015")["features"] == []


def test_hubs_belong_to_the_project_that_named_them():
    # Seed 000: the five key hub cities were selected under the 2019-2022 project.
    hubs = export("hubs", "--project", "dismantling")
    assert sorted(f["properties"]["name"] for f in hubs["features"]) == [
        "Ajdabiya",
        "Al Qatrun",
        "Ghadames",
        "Kufra",
        "Tripoli",
    ]
    assert export("hubs", "--year", "2008")["features"] == []
    assert export("hubs", "--project", "xamt14")["features"] == []


def test_events_of_2019_are_the_announcement_and_the_rabat_launch():
    doc = export("events", "--year", "2019")
    assert ids(doc) == ["ev-2019-08-01-announcement", "ev-2019-10-18-rabat"]


def test_events_of_september_2021_from_the_seeds():
    doc = export("events", "--year", "2021", "--project", "dismantling")
    found = {f["properties"]["id"]: f for f in doc["features"]}
    cairo, tunis = found["ev-2021-09-07-cairo"], found["ev-2021-09-09-tunis"]
    assert cairo["properties"]["start_date"] == "2021-09-07"
    assert cairo["properties"]["iso3"] == "EGY"
    assert tunis["properties"]["iso3"] == "TUN"
    assert all(f["properties"]["start_date"].startswith("2021") for f in doc["features"])


def test_the_unplaced_first_meeting_is_tied_to_no_project_and_shown_without_one():
    doc = export("events", "--project", "gloact-bgd", "--years", "2022-2023")
    found = {f["properties"]["id"]: f for f in doc["features"]}
    # No source names the first Bangladesh–Libya meeting's organiser: it is no project's.
    assert "ev-2022-09-bgd-lby-1" not in found
    every = {f["properties"]["id"]: f for f in export("events", "--years", "2022")["features"]}
    first = every["ev-2022-09-bgd-lby-1"]
    assert first["geometry"] is None  # place not stated in any source: not guessed
    assert (first["properties"]["start_date"], first["properties"]["project_ids"]) == (
        "2022-09",
        [],
    )
    second = found["ev-2023-05-07-istanbul"]
    assert (second["properties"]["start_date"], second["properties"]["end_date"]) == (
        "2023-05-07",
        "2023-05-08",
    )


def test_repeated_projects_are_a_union():
    one = ids(export("events", "--project", "gloact-bgd"))
    both = ids(export("events", "--project", "gloact-bgd", "--project", "dismantling"))
    assert set(one) < set(both)


def test_output_file_and_data_dir_env(tmp_path, tiny):
    out = tmp_path / "hubs.geojson"
    env = {**os.environ, "GEO_DATA_DIR": str(tiny)}
    result = run_cli("export", "hubs", "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert ids(json.loads(out.read_text())) == ["hub-kufra", "hub-tripoli"]
    result = run_cli("export", "hubs", "--data-dir", str(ROOT / "data"), env=env)
    assert len(json.loads(result.stdout)["features"]) == 5  # --data-dir wins over the env


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "hubs", "--project", "nope"], "unknown project nope"),
        (["export", "hubs", "--years", "2022-2019"], "ends before it starts"),
        (["export", "hubs", "--year", "2019-2022"], "is a range: use --years"),
        (["export", "places"], "invalid choice: 'places'"),
    ],
)
def test_bad_arguments_say_what_is_wrong(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_projects_command_lists_the_three_projects():
    result = cli("projects")
    projects = {p["id"]: p for p in json.loads(result.stdout)}
    assert set(projects) == {"xamt14", "dismantling", "gloact-bgd"}
    old = projects["xamt14"]
    assert (old["start_date"], old["end_date"], old["budget"], old["currency"]) == (
        "2007-11-30",
        "2012-08-31",
        2705000,
        "USD",
    )
    assert old["countries"] == ["DZA", "EGY", "LBY", "MAR", "TUN"]
    assert (projects["dismantling"]["budget"], projects["dismantling"]["currency"]) == (
        15000000,
        "EUR",
    )


def test_export_warns_about_left_out_features(tmp_path, tiny):
    doc = json.loads((tiny / "hubs.geojson").read_text())
    doc["features"][0]["properties"]["iso3"] = None
    (tiny / "hubs.geojson").write_text(json.dumps(doc))
    result = cli("export", "hubs", "--data-dir", str(tiny))
    assert result.returncode == 0
    assert (
        "warning: left out: hubs.geojson: hub-tripoli: iso3: required field is missing"
        in result.stderr
    )
    assert ids(json.loads(result.stdout)) == ["hub-kufra"]
