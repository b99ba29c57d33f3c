"""The data dictionary, from the layer specs: Markdown for docs/data.md, rows for the Data page.

Every title and description of the specs is marked for translation: the Data page shows
them in the interface language; docs/data.md keeps its English copy.
"""

from __future__ import annotations

from collections.abc import Callable

from geo.data.schema import SPECS, LayerSpec
from geo.i18n import N_

KINDS = {
    "text": N_("text"),
    "list": N_("list"),
    "date": N_("date"),
    "year": N_("year"),
    "number": N_("number"),
    "iso3": N_("ISO3 code"),
    "choice": N_("choice"),
}


def markdown_dictionary() -> str:
    """One section per data file: geometry, CRS and a table of fields.

    >>> "### `data/hubs.geojson`" in markdown_dictionary()
    True
    """
    out = []
    for spec in SPECS.values():
        geometry = " or ".join(spec.geometry_types) or "none (a table)"
        if spec.allow_null_geometry and spec.geometry_types:
            geometry += ", or null when the place is not stated"
        crs = "WGS84 longitude/latitude (EPSG:4326), RFC 7946" if spec.geometry_types else "none"
        out += [
            f"### `data/{spec.filename}`: {spec.doc}",
            "",
            f"Geometry: {geometry}. CRS: {crs}.",
            "",
            "| field | kind | required | meaning |",
            "| --- | --- | --- | --- |",
        ]
        for f in spec.fields:
            kind = f.kind + (f" ({', '.join(f.choices)})" if f.choices else "")
            out.append(f"| `{f.name}` | {kind} | {'yes' if f.required else 'no'} | {f.doc} |")
        out.append("")
    return "\n".join(out)


def dictionary_rows(spec: LayerSpec, t: Callable[[str], str]) -> list[dict[str, object]]:
    """The fields of ``spec`` as table rows, headings and meanings in ``t``'s language.

    Field names and choices stay as the files spell them.

    >>> from geo.data.schema import HUBS
    >>> dictionary_rows(HUBS, lambda s: s.upper())[0]
    {'FIELD': 'id', 'KIND': 'TEXT', 'REQUIRED': True, 'MEANING': 'STABLE IDENTIFIER'}
    """
    rows = []
    for f in spec.fields:
        kind = t(KINDS.get(f.kind, f.kind)) + (f" ({', '.join(f.choices)})" if f.choices else "")
        rows.append(
            {t("Field"): f.name, t("Kind"): kind, t("Required"): f.required, t("Meaning"): t(f.doc)}
        )
    return rows
