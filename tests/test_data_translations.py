"""Free text of the data in three languages: validation of the translations, and their display."""

import copy
from html import escape

import pytest

from geo.data.dataset import load_dataset
from tests import tinydata
from tests.test_validate import broken, set_prop

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


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def _selection(data, lang):
    from geo.view.selection import select
    from geo.view.urlstate import ViewState

    return select(data, ViewState(lang=lang))


def test_arabic_popup_shows_the_arabic_summary_and_marks_the_english_quote(shipped):
    from geo.render.popups import event_html

    events = shipped.layer("events")
    row = next(r for r in events.to_dict("records") if r.get("source_quote"))
    html = event_html(row, _selection(shipped, "ar"))
    assert escape(row["summary_ar"]) in html
    assert escape(row["summary"]) not in html
    quote = f'<blockquote class="geo-quote" lang="en" dir="auto">“{escape(row["source_quote"])}”'
    assert quote in html
    assert 'lang="en" dir="auto">' + escape(row["source"]) in html
    english = event_html(row, _selection(shipped, "en"))
    assert 'lang="en"' not in english and escape(row["summary"]) in english


def test_a_missing_translation_falls_back_to_english_marked_as_english(shipped):
    from geo.render.details import feature_details
    from geo.render.popups import hub_html

    sel = _selection(shipped, "fr")
    row = {**shipped.layer("hubs").iloc[0].to_dict(), "role_fr": None}
    assert f'<td lang="en" dir="auto">{escape(row["role"])}</td>' in hub_html(row, sel)
    details = feature_details("hubs", row, sel)
    assert (sel.t("Role"), row["role"]) in details.fields
    assert (sel.t("Role"), "en") in details.languages


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_details_give_the_translated_texts(shipped, lang):
    from geo.render.details import feature_details

    sel = _selection(shipped, lang)
    leg = shipped.layer("routes").iloc[0].to_dict()
    details = dict(feature_details("routes", leg, sel).fields)
    assert details[sel.t("Note")] == leg[f"note_{lang}"]
