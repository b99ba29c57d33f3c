"""Figures: what figures.csv holds, each number a seed states with its source and quote.

Readers see a figure in the key figures and the printed sheet's list
(geo.view.figures), which reads the fields by name.
"""

from __future__ import annotations

from geo.layers.spec import (
    FIGURE_QUALIFIERS,
    FIGURE_UNITS,
    FIGURES,
    ID,
    N_,
    SOURCE_FIELDS,
    Field,
    LayerSpec,
)

SPEC = LayerSpec(
    FIGURES,
    "figures.csv",
    (),
    True,
    (
        ID,
        Field("value", "number", doc=N_("the figure as the source states it")),
        Field(
            "value_max",
            "number",
            required=False,
            doc=N_("upper end, when the source gives a range"),
        ),
        Field(
            "qualifier",
            "choice",
            required=False,
            choices=FIGURE_QUALIFIERS,
            doc=N_("how the source qualifies the value (about, at least, up to); empty: exact"),
        ),
        Field("unit", "choice", choices=FIGURE_UNITS, doc=N_("what the value is counted in")),
        Field("what", doc=N_("what it counts, in English")),
        Field("what_fr", required=False, doc=N_("what it counts, in French")),
        Field("what_ar", required=False, doc=N_("what it counts, in Arabic")),
        Field(
            "project_ids",
            "list",
            required=False,
            doc=N_(
                "projects the source ties the figure to; empty: context, shown with a project "
                "only when its dates fall in the project's years"
            ),
        ),
        Field(
            "iso3", "iso3", required=False, doc=N_("the country it concerns (null for a region)")
        ),
        Field(
            "place",
            required=False,
            doc=N_("country, place or region it concerns, in English"),
        ),
        Field("place_fr", required=False, doc=N_("the same in French")),
        Field("place_ar", required=False, doc=N_("the same in Arabic")),
        Field(
            "start_date",
            "date",
            required=False,
            doc=N_("date (or first day of the period) the figure refers to; empty when not stated"),
        ),
        Field("end_date", "date", required=False, doc=N_("last day of that period")),
        *SOURCE_FIELDS,
        Field("source_quote", doc=N_("the sentence of the seed document that states it")),
        Field("note", required=False, doc=N_("caveats, disagreeing sources")),
    ),
    N_("one figure a seed document states, with its source and the sentence that states it"),
)
