"""The shipped data: valid, sourced, and consistent with the seed documents."""

import hashlib
import re
from pathlib import Path

import pytest

from geo import build_coverage
from geo.data.coverage import coverage_quotes
from geo.data.io import to_feature_collection
from tests import ROOT
from tests.cli_run import run_cli

SEEDS = Path(ROOT / "data" / "seeds")


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def test_validate_passes_on_the_shipped_data():
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout
    assert "OK:" in result.stdout


def test_the_five_key_hub_cities_of_the_seed(data):
    hubs = data.layer("hubs")
    assert sorted(hubs["id"]) == [
        "hub-ajdabiya",
        "hub-ghadames",
        "hub-kufra",
        "hub-qatrun",
        "hub-tripoli",
    ]
    assert (hubs["iso3"] == "LBY").all()
    assert hubs["name_fr"].notna().all() and hubs["name_ar"].notna().all()
    assert all("Tripoli, Ghadames, Kufra, Qatrun, and Ajdabiya" in q for q in hubs["source_quote"])


def test_every_quote_is_in_a_seed(data):
    seeds = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    frames = [data.projects, *data.layers.values()]
    quotes = [q for f in frames if "source_quote" in f for q in f["source_quote"].dropna()]
    assert quotes
    for quote in quotes:
        assert quote in seeds, quote[:80]


def test_every_feature_names_a_source(data):
    for name, gdf in data.layers.items():
        assert gdf["source"].map(bool).all(), name


def test_each_route_leg_is_marked_documented_or_indicative(data):
    routes = data.layer("routes")
    assert set(routes["confidence"]) == {"documented", "indicative"}
    assert {"land", "sea", "air"} == set(routes["mode"])


def test_routes_pass_through_the_hubs_they_serve(data):
    routes, hubs = data.layer("routes"), data.layer("hubs").set_index("id")
    for leg in routes.itertuples():
        for hub_id in leg.hub_ids or []:
            assert leg.geometry.distance(hubs.loc[hub_id].geometry) < 1e-9, (leg.id, hub_id)
    served = {h for ids in routes["hub_ids"] for h in ids or []}
    assert served == set(hubs.index)


def test_routes_of_the_issue_are_present(data):
    names = " | ".join(data.layer("routes")["route_name"].unique())
    for words in [
        "Niger",
        "Kufra",
        "Ghadames",
        "Egypt",
        "Crete",
        "Italy",
        "Western Mediterranean",
        "Atlantic",
        "Bangladesh",
    ]:
        assert words in names, words


def test_committed_coverage_is_what_the_builder_makes(data):
    coverage = data.layer("coverage")
    quotes = coverage_quotes(coverage)
    assert set(quotes) == set(coverage["id"])  # every country covered has its seed's sentence
    built = to_feature_collection(build_coverage(data.projects, data.basemap, quotes))
    shipped = to_feature_collection(coverage)
    assert shipped == built


def test_the_place_of_the_first_bilateral_meeting_is_not_guessed(data):
    events = data.layer("events").set_index("id")
    first = events.loc["ev-2022-09-bgd-lby-1"]
    assert first.geometry is None or first.geometry.is_empty
    assert first["location_precision"] == "unknown"


def test_docs_hold_the_current_data_dictionary():
    from geo.data.dictionary import markdown_dictionary

    assert markdown_dictionary() in (ROOT / "docs" / "data.md").read_text(encoding="utf-8"), (
        "docs/data.md's data dictionary differs from the specs: paste the output of "
        "markdown_dictionary() into it (docs/data.md says how)"
    )


def test_the_seeds_are_the_texts_the_project_received():
    """data/seeds/ holds the five texts unedited: their digests are those SOURCE.md lists."""
    listed = dict(
        re.findall(
            r"\| `([^`]+\.txt)` \| .* \| `([0-9a-f]{16})` \|", (SEEDS / "SOURCE.md").read_text()
        )
    )
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in SEEDS.glob("*.txt")}
    assert len(found) == 5 and found == listed
