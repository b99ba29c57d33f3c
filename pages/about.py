from urllib.parse import quote

import streamlit as st

import ui
from geo.data.schema import SOURCE_LANGUAGE
from geo.i18n import DISCLAIMER, N_
from geo.render.described import safe_url
from geo.view.selection import select
from geo.view.urlstate import ViewState
from ui.mapview import URL_SAFE

p = ui.page(N_("About and sources"), layers=(), name="about")
t = p.t
st.markdown(
    t(
        "This dashboard maps the fight against migrant smuggling and human trafficking in North "
        "Africa: the key hub cities selected along the smuggling routes, the routes themselves, "
        "which project covers which country, and where and when each activity took place."
    )
)
st.markdown(
    t(
        "Every fact traces to its source. The projects, hub cities and dated activities come "
        "from UNODC documents; the routes come from public sources (Frontex, Reuters, IOM, "
        "UNHCR, press reports) that each route leg names, and are marked documented or "
        "indicative. A place that no source states stays off the map: such activities are "
        "listed with an empty place."
    )
)
st.header(t("Source documents"), anchor=False)
# Every source of the data, whatever the filters: a link named by its title where it has an
# address (http or https only, its brackets and spaces encoded so Markdown stays intact).
lines = []
for title, url in select(p.data, ViewState(lang=p.lang), t).sources:
    link = safe_url(url)
    text = ui.foreign(ui.md(title), SOURCE_LANGUAGE, p.lang)  # English titles, kept apart
    lines.append(f"- [{text}]({quote(link, safe=URL_SAFE)})" if link else f"- {text}")
ui.show("\n".join(lines))
st.header(t("How to cite"), anchor=False)
st.code(
    t(
        "North Africa smuggling-routes dashboard (data from UNODC and the public sources named "
        "in each feature), accessed {date}."
    ).format(date="YYYY-MM-DD"),
    language=None,
    wrap_lines=True,  # no sideways scroll a keyboard cannot reach (axe: scrollable-region)
)
st.header(t("Basemap and boundaries"), anchor=False)
st.markdown(
    t("Country boundaries and land: Natural Earth 1:50m (public domain), drawn by the app itself.")
)
st.info(t(DISCLAIMER), icon=":material/info:")
