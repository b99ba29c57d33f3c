"""Build the coverage layer (one polygon per project and country) from the basemap.

The committed ``data/coverage.geojson`` is the output of :func:`build_coverage`;
a test rebuilds it and compares, so the two cannot drift apart. Each feature's
``source_quote`` (the sentence of the project's seed that names the country) is chosen by
hand, not derived: a rebuild keeps the quotes of the file it replaces.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from geo.data.io import empty_layer
from geo.data.schema import COVERAGE, CRS


def build_coverage(
    projects: pd.DataFrame,
    basemap: gpd.GeoDataFrame,
    quotes: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """One feature per (project, country) with the country's basemap polygon.

    Countries missing from the basemap are skipped (validation reports them). ``quotes``
    gives features their ``source_quote`` by id (those of the committed file).

    >>> from shapely.geometry import box
    >>> base = gpd.GeoDataFrame({"id": ["LBY"], "iso3": ["LBY"], "name": ["Libya"],
    ...     "name_fr": ["Libye"], "name_ar": ["ليبيا"]}, geometry=[box(9, 19, 25, 33)], crs=CRS)
    >>> proj = pd.DataFrame({"id": ["p"], "countries": [["LBY"]], "source": ["s"],
    ...     "source_url": [None]})
    >>> build_coverage(proj, base)["id"].tolist()
    ['cov-p-LBY']
    >>> build_coverage(proj, base, {"cov-p-LBY": "covering Libya"})["source_quote"].tolist()
    ['covering Libya']
    """
    quotes = quotes or {}
    countries = basemap.drop_duplicates("iso3").set_index("iso3")
    records, geoms = [], []
    for project in projects.itertuples():
        for iso3 in project.countries:
            if iso3 not in countries.index:
                continue
            country = countries.loc[iso3]
            fid = f"cov-{project.id}-{iso3}"
            records.append(
                {
                    "id": fid,
                    "name": country["name"],
                    "name_fr": country["name_fr"],
                    "name_ar": country["name_ar"],
                    "project_id": project.id,
                    "project_ids": [project.id],
                    "iso3": iso3,
                    "source": project.source,
                    "source_url": project.source_url,
                    "source_quote": quotes.get(fid),
                }
            )
            geoms.append(country.geometry)
    if not records:
        return empty_layer(COVERAGE)
    gdf = gpd.GeoDataFrame(records, geometry=geoms, crs=CRS)
    return gdf.sort_values("id").reset_index(drop=True)


def coverage_quotes(coverage: gpd.GeoDataFrame) -> dict[str, str]:
    """The ``source_quote`` of each feature of a coverage layer that has one, by id.

    >>> coverage_quotes(pd.DataFrame({"id": ["a", "b"], "source_quote": ["q", None]}))
    {'a': 'q'}
    """
    if "source_quote" not in coverage:
        return {}
    return {
        row["id"]: row["source_quote"]
        for row in coverage.to_dict("records")
        if isinstance(row.get("source_quote"), str)
    }
