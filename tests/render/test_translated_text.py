"""Free text of the data in the interface language: popups and details, English marked as English."""

from html import escape

import pytest


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


def test_words_of_the_data_with_no_translation_are_marked_as_english(shipped):
    """An activity's kind ("roundtable") and a leg's ends read as English in an Arabic panel."""
    from geo.render.details import feature_details

    sel = _selection(shipped, "ar")
    event = shipped.layer("events").iloc[0].to_dict()
    details = feature_details("events", event, sel)
    assert (sel.t("Kind"), event["kind"]) in details.fields
    assert (sel.t("Kind"), "en") in details.languages
    leg = next(r for r in shipped.layer("routes").to_dict("records") if r.get("from_place"))
    languages = dict(feature_details("routes", leg, sel).languages)
    assert languages[sel.t("From")] == "en"


def _selection(data, lang):
    from geo.view.selection import select
    from geo.view.urlstate import ViewState

    return select(data, ViewState(lang=lang))
