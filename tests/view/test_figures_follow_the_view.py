"""The seeds' figures follow both filters: a project's briefing states only its own figures
and the context of its years; the source's hedge ("around 300,000") stays with the value."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from geo.i18n import TITLE, translator
from geo.render import printed
from geo.render.basemap import display_basemap
from geo.view.filters import Filters
from geo.view.scene import Scene
from geo.view.selection import select
from geo.view.urlstate import ViewState
from tests.pdftext import flat


def shown(data, *projects, years=None, lang="en"):
    sel = select(data, ViewState(Filters(tuple(projects), years), lang=lang))
    return {f.id: f for f in sel.source_figures}


@pytest.mark.parametrize("project", ["xamt14", "dismantling", "gloact-bgd"])
def test_a_project_shows_its_own_figures_and_the_context_of_its_years(shipped, project):
    row = shipped.projects.set_index("id").loc[project]
    first, last = int(row["start_date"][:4]), int(row["end_date"][:4])
    table = shipped.table("figures").set_index("id")
    figures = shown(shipped, project)
    assert figures, f"{project} states no figure"
    for fid in figures:
        ties = table.loc[fid, "project_ids"]
        ties = ties if isinstance(ties, list) else []
        start = table.loc[fid, "start_date"]
        assert not ties or project in ties, (fid, ties)
        if isinstance(start, str):  # dated: within the project's years
            end = (
                table.loc[fid, "end_date"] if isinstance(table.loc[fid, "end_date"], str) else start
            )
            assert int(start[:4]) <= last and int(end[:4]) >= first, fid


def test_without_a_project_every_figure_of_the_years_shows(shipped):
    assert len(shown(shipped)) == len(shipped.table("figures"))
    assert set(shown(shipped, years=(2022, 2022))) >= {"fig-bgd-migrants-libya-2022"}


def test_the_xamt14_briefing_pdf_holds_no_2022_figure(shipped):
    sel = select(shipped, ViewState(Filters(("xamt14",))))
    pdf = printed.render_pdf(
        sel, display_basemap(shipped.basemap), Scene(name=translator("en")(TITLE))
    )
    text = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "2,705,000" in text  # its own budget
    assert "21,653" not in text and "13 countries" not in text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "about 300,000 people a year"), ("fr", "environ"), ("ar", "نحو")],
)
def test_the_sources_hedge_stays_with_the_value(shipped, lang, expected):
    value = shown(shipped, lang=lang)["fig-africans-to-europe-per-year"].value
    assert expected in value, value
