"""Build the coverage layer (one polygon per project and country) from the basemap.

The committed ``data/coverage.geojson`` is the output of :func:`build_coverage`;
a test rebuilds it and compares, so the two cannot drift apart.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.data.io import empty_layer
from geo.data.schema import COVERAGE, CRS


def build_coverage(projects: pd.DataFrame, basemap: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One feature per (project, country) with the country's basemap polygon.

    Countries missing from the basemap are skipped (validation reports them).

    >>> from shapely.geometry import box
    >>> base = gpd.GeoDataFrame({"id": ["LBY"], "iso3": ["LBY"], "name": ["Libya"],
    ...     "name_fr": ["Libye"], "name_ar": ["ليبيا"]}, geometry=[box(9, 19, 25, 33)], crs=CRS)
    >>> proj = pd.DataFrame({"id": ["p"], "countries": [["LBY"]], "source": ["s"],
    ...     "source_url": [None]})
    >>> build_coverage(proj, base)["id"].tolist()
    ['cov-p-LBY']
    """
    countries = basemap.drop_duplicates("iso3").set_index("iso3")
    records, geoms = [], []
    for project in projects.itertuples():
        for iso3 in project.countries:
            if iso3 not in countries.index:
                continue
            country = countries.loc[iso3]
            records.append(
                {
                    "id": f"cov-{project.id}-{iso3}",
                    "name": country["name"],
                    "name_fr": country["name_fr"],
                    "name_ar": country["name_ar"],
                    "project_id": project.id,
                    "project_ids": [project.id],
                    "iso3": iso3,
                    "source": project.source,
                    "source_url": project.source_url,
                }
            )
            geoms.append(country.geometry)
    if not records:
        return empty_layer(COVERAGE)
    gdf = gpd.GeoDataFrame(records, geometry=geoms, crs=CRS)
    return gdf.sort_values("id").reset_index(drop=True)
