"""A route leg's popup and details say what states it: its own sources, or none (indicative)."""

from html import escape

import pytest

from geo.i18n import comma
from geo.render.details import feature_details
from geo.render.popups import route_html
from geo.view.selection import select
from geo.view.urlstate import ViewState


def _leg(data, fid):
    routes = data.layer("routes")
    return routes[routes["id"] == fid].iloc[0].to_dict()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_leg_no_source_states_says_so_and_names_its_routes_source_as_the_routes(shipped, lang):
    sel = select(shipped, ViewState(lang=lang))
    row = _leg(shipped, "R1-05")
    assert row["confidence"] == "indicative" and row["sources"] == []
    html = route_html(row, sel)
    t = sel.t
    assert escape(t("No source states this leg: it is drawn to join its route.")) in html
    assert f"<b>{escape(t('Source of its route'))}:</b>" in html
    assert f"<b>{escape(t('Source'))}:</b>" not in html
    years = comma(lang).join(str(y) for y in row["route_years"])
    assert (
        escape(t("not dated: shown in the years its route is dated ({years})").format(years=years))
        in html
    )
    details = feature_details("routes", row, sel)
    assert details.source == "" and details.source_url is None
    assert (t("Source of its route"), row["source"]) in details.fields


def test_a_leg_lists_only_the_sources_that_state_it_with_their_titles(shipped):
    sel = select(shipped, ViewState())
    routes = shipped.layer("routes")
    many = next(r for r in routes.to_dict("records") if len(r["sources"] or []) > 1)
    html = route_html(many, sel)
    assert "<b>Sources that state this leg:</b>" in html
    assert html.count('target="_blank"') == len(many["sources"])
    other = set().union(*(r["sources"] or [] for r in routes.to_dict("records"))) - set(
        many["sources"]
    )
    assert not [u for u in other if f'href="{escape(u)}"' in html]
    titles = sel.tables["sources"].set_index("url")["title"]
    for url in many["sources"]:
        assert escape(titles[url]) in html
    details = dict(feature_details("routes", many, sel).fields)
    assert all(titles[u] in details["Sources that state this leg"] for u in many["sources"])
