import streamlit as st

import ui
from geo.data.schema import SOURCE_LANGUAGE
from geo.i18n import (
    N_,
    format_money,
    format_names,
    format_periods,
    isolate_amount,
    localized,
    localized_in,
)
from ui.figures import source_figures
from ui.maplist import skip_link

MAP_LAYERS = ("coverage",)
p = ui.page(N_("Country coverage"), MAP_LAYERS, name="coverage")
skip_link(p)
t = p.t
st.markdown(t("Countries are shaded by the number of projects active there under the filters."))
ui.map_with_details(p, key="coverage_map", layers=MAP_LAYERS)
covered = {iso3 for countries in p.sel.projects["countries"] for iso3 in countries}
source_figures(p, N_("Figures from the sources on the countries covered"), countries=covered)

st.header(t("Projects"), anchor=False)
if p.sel.projects.empty:
    ui.empty_notice(p, N_("Projects"))
rows = p.sel.projects.to_dict("records")
# Every card's dates in one style: at the coarsest precision any card's dates have.
periods = format_periods([(r["start_date"], r["end_date"]) for r in rows], p.lang)
for row, dates in zip(rows, periods, strict=True):
    countries = format_names((p.sel.country_names.get(c, c) for c in row["countries"]), p.lang)
    with st.container(border=True):
        st.markdown(f"**{ui.md(localized(row, 'name', p.lang))}**")
        budget = (  # isolated for direction: in Arabic the amount stays one amount
            isolate_amount(format_money(row["budget"], row["currency"], p.lang), p.lang)
            if row["budget"] is not None
            else t("not stated")
        )
        c1, c2, c3 = st.columns(3)
        c1.markdown(ui.field_line(t("Dates"), ui.md(dates)))
        c2.markdown(ui.field_line(t("Budget"), ui.md(budget)))
        c3.markdown(ui.field_line(t("Countries"), ui.md(countries)))
        # Text in another language than the page carries its own lang and direction.
        period_note, note_lang = localized_in(row, "period_note", p.lang)
        if period_note:
            note_md = ui.foreign(ui.md(period_note), note_lang, p.lang)
            ui.show(ui.field_line(t("About the dates"), note_md), caption=True)
        st.markdown(ui.field_line(t("Funders"), ui.md("; ".join(row["funders"]))))
        if row["partners"]:
            st.markdown(ui.field_line(t("Partners"), ui.md("; ".join(row["partners"]))))
        source = ui.foreign(ui.md(row["source"]), SOURCE_LANGUAGE, p.lang)
        ui.show(ui.field_line(t("Source"), source))
        if row["source_quote"]:
            quoted = ui.foreign(f"“{ui.md(row['source_quote'])}”", SOURCE_LANGUAGE, p.lang)
            ui.show(quoted, caption=True)
        note, note_lang = localized_in(row, "note", p.lang)
        if note:
            note_md = ui.foreign(ui.md(note), note_lang, p.lang)
            ui.show(ui.field_line(t("Note"), note_md), caption=True)
