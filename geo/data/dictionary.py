"""The data dictionary as Markdown, from the layer specs; the README holds a copy."""

from __future__ import annotations

from geo.data.schema import SPECS


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
