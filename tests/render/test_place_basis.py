"""A city that only a story's dateline names is where the activity was reported from,
never its venue: in the popup, the details panel, the presenter's card and the lists."""

import pytest

from geo.render.described import activity_place
from geo.render.details import feature_details
from geo.render.popups import event_html
from geo.view.selection import select
from geo.view.urlstate import ViewState
from tests import tinydata
from tests.cli_run import cli


def _event(data, fid):
    events = data.layer("events")
    return events[events["id"] == fid].iloc[0].to_dict()


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_dateline_city_is_reported_from_not_the_venue(shipped, lang):
    sel = select(shipped, ViewState(lang=lang))
    row = _event(shipped, "ev-2021-02-04-rabat")
    assert row["location_basis"] == "dateline"
    place = f"{row[f'place_{lang}' if lang != 'en' else 'place']} ({sel.country_names['MAR']})"
    want = sel.t("reported from {place}").format(place=place)
    assert activity_place(row, sel) == want
    assert want in event_html(row, sel)
    details = dict(feature_details("events", row, sel).fields)
    assert details[sel.t("Place")].startswith(sel.t("reported from {place}").split("{")[0])
    # Its precision is lowered: the details no longer call it a city.
    assert details[sel.t("Location")] == sel.t("the story's dateline, not the venue")


def test_a_stated_venue_is_shown_as_the_place(shipped):
    sel = select(shipped, ViewState())
    row = _event(shipped, "ev-2020-03-kenitra")
    assert (row["location_basis"], activity_place(row, sel)) == ("stated", "Kenitra (Morocco)")


def test_the_first_forensic_roundtable_is_in_libya_as_its_story_says(shipped):
    sel = select(shipped, ViewState())
    row = _event(shipped, "ev-2021-05-18-tunis")
    assert activity_place(row, sel) == "Libya (country only)"


def test_a_place_with_no_basis_fails_validation_naming_the_field(tmp_path):
    events = tinydata.layers()["events.geojson"]
    events[0]["properties"]["place"] = "Tripoli"
    folder = tinydata.write(tmp_path / "data", {"events.geojson": events})
    result = cli("validate", "--data-dir", str(folder))
    assert result.returncode == 1
    fid = events[0]["properties"]["id"]
    assert f"events.geojson: {fid}: location_basis: the place is given with no basis" in (
        result.stdout
    )
