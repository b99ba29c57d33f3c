"""The seeds' figures: a sourced table, in three languages, in every view (issue 12, part 6)."""

from pathlib import Path

import pytest

from geo import ViewState, load_dataset, select
from geo.data.schema import FIGURES_SPEC
from geo.data.validate import check_fields
from geo.view.figures import sourced_figures
from geo.view.filters import Filters
from tests import ROOT, tinydata

SEEDS = ROOT / "data" / "seeds"

# How each shipped figure is written in the sentence that states it.
WRITTEN = {
    "fig-bgd-migrants-libya-2022": "21,653",
    "fig-bgd-share-libya-2022": "3 per cent",
    "fig-bgd-rank-libya-2022": "seventh",
    "fig-bgd-lby-meeting-2-participants": "16 participants",
    "fig-gloact-partner-countries": "13 partner countries",
    "fig-dismantling-budget": "€15 million",
    "fig-dismantling-years": "three-year",
    "fig-key-hub-cities": "five KHCs",
    "fig-forensic-experts": "six forensic experts",
    "fig-forensic-lab-capacity": "75-80%",
    "fig-africans-to-europe-per-year": "300,000",
    "fig-xamt14-budget": "2,705,000",
    "fig-xamt14-target-countries": "5 target countries",
}


@pytest.fixture(scope="module")
def figures():
    data = load_dataset(ROOT / "data")
    assert not [p for p in data.problems if p.file == "figures.csv"]
    return data.table("figures")


def test_every_figure_is_stated_in_its_quote_in_three_languages(figures):
    assert set(figures["id"]) == set(WRITTEN)
    for row in figures.to_dict("records"):
        assert WRITTEN[row["id"]] in row["source_quote"], row["id"]
        assert row["what"] and row["what_fr"] and row["what_ar"], row["id"]


def test_every_quote_is_in_the_seed_the_figure_names(figures):
    seeds = [p.read_text(encoding="utf-8") for p in Path(SEEDS).glob("*.txt")]
    for row in figures.to_dict("records"):
        holding = [s for s in seeds if row["source_quote"] in s]
        assert holding, row["id"]
        assert any(s.splitlines()[0].strip() in row["source"] for s in holding), row["id"]


def test_the_figures_the_review_asked_for(figures):
    rows = figures.set_index("id")
    bgd = rows.loc["fig-bgd-migrants-libya-2022"]
    assert (bgd["value"], bgd["iso3"], bgd["start_date"]) == (21653, "LBY", "2022-12")
    assert rows.loc["fig-bgd-share-libya-2022", "value"] == 3
    assert rows.loc["fig-bgd-rank-libya-2022", "value"] == 7
    assert rows.loc["fig-africans-to-europe-per-year", "value"] == 300000
    glo = rows.loc["fig-gloact-partner-countries"]
    assert (glo["value"], glo["start_date"], glo["end_date"]) == (13, "2015", "2019")


def problems(props):
    return [(p.field, p.message) for p in check_fields(props, FIGURES_SPEC, "figures.csv", "f")]


def test_a_figure_needs_its_quote_and_a_sound_range():
    row = {
        "id": "f",
        "value": 80.0,
        "value_max": 75.0,
        "unit": "percent",
        "what": "share",
        "source": "Story",
        "source_quote": "75-80%",
    }
    assert problems(row) == [("value_max", "is below value (80.0)")]
    assert problems({**row, "value_max": None, "source_quote": None}) == [
        ("source_quote", "required field is missing")
    ]
    assert problems({**row, "value_max": None, "unit": "kg"})[0][0] == "unit"


def test_a_view_shows_the_figures_of_its_years_with_their_source(tmp_path):
    data = load_dataset(tinydata.write(tmp_path / "data"))
    figures = data.table("figures")
    shown = sourced_figures(figures, Filters(years=(2022, 2022)), "en")
    assert [(f.id, f.value, f.when) for f in shown] == [
        ("fig-migrants", "21,653 people", "Dec 2022"),
        ("fig-per-year", "300,000 people a year", ""),  # undated: shown in every year
    ]
    assert [f.id for f in sourced_figures(figures, Filters(years=(2010, 2010)), "en")] == [
        "fig-per-year"
    ]
    assert shown[0].quote == "there were 21,653 migrants from Bangladesh in Libya"


def test_the_selection_carries_them_in_the_language():
    sel = select(load_dataset(ROOT / "data"), ViewState(lang="fr"))
    first = sel.source_figures[0]
    assert first.value == "21\u202f653 people" or first.value.startswith("21")
    assert first.what.startswith("migrants originaires du Bangladesh")
    assert first.source_url.startswith("https://www.unodc.org/")
