"""Free text of the data in three languages: validation of the translations, and their display."""

import copy

import pytest

from geo.data.dataset import load_dataset
from tests import tinydata
from tests.tinydata import broken, set_prop

TRANSLATED = {
    "role": "Key hub city on the road north (Reuters, 2025).",
    "role_fr": "Ville-carrefour clé sur la route du nord (Reuters, 2025).",
    "role_ar": "مدينة محورية رئيسية على الطريق شمالًا (رويترز، 2025).",
}


def with_role(**changes):
    def change(feature):
        feature["properties"].update({**TRANSLATED, **changes})

    return change


def test_a_fully_translated_text_is_sound(tmp_path):
    folder = broken(tmp_path, "hubs.geojson", 0, with_role())
    data = load_dataset(folder)
    assert data.problems == []
    assert data.layer("hubs").set_index("id").loc["hub-tripoli", "role_ar"] == TRANSLATED["role_ar"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"role_fr": None},
            "hubs.geojson: hub-tripoli: role_fr: missing French translation of role",
        ),
        (
            {"role_ar": " "},
            "hubs.geojson: hub-tripoli: role_ar: missing Arabic translation of role",
        ),
        (
            {"role": ""},
            "hubs.geojson: hub-tripoli: role_fr: translates no English: role is empty",
        ),
    ],
    ids=["French missing", "Arabic blank", "translation without English"],
)
def test_translation_rules(tmp_path, changes, expected):
    folder = broken(tmp_path, "hubs.geojson", 0, with_role(**changes))
    lines = [str(p) for p in load_dataset(folder).problems]
    assert any(line.startswith(expected) for line in lines), lines


def test_a_feature_missing_a_translation_stays_on_the_map_in_english(tmp_path):
    folder = broken(tmp_path, "hubs.geojson", 0, with_role(role_ar=None))
    data = load_dataset(folder)
    assert [p.field for p in data.problems] == ["role_ar"]
    hubs = data.layer("hubs").set_index("id")
    assert "hub-tripoli" in hubs.index  # reported, not dropped
    assert hubs.loc["hub-tripoli", "role"] == TRANSLATED["role"]


def test_an_untranslated_project_note_is_named_by_row(tmp_path, monkeypatch):
    rows = copy.deepcopy(tinydata.PROJECTS)
    rows[0]["note"] = "Dates from the project profile."
    monkeypatch.setattr(tinydata, "PROJECTS", rows)
    data = load_dataset(tinydata.write(tmp_path / "data"))
    lines = [str(p) for p in data.problems]
    assert "projects.csv: old: note_fr: missing French translation of note" in lines, lines


def test_an_untranslated_summary_is_reported(tmp_path):
    folder = broken(tmp_path, "events.geojson", 0, set_prop("summary", "A roundtable."))
    lines = [str(p) for p in load_dataset(folder).problems]
    assert "events.geojson: ev-cairo: summary_ar: missing Arabic translation of summary" in lines
