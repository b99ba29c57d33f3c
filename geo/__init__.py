"""The library behind the North Africa smuggling-routes dashboard.

Loading, validation, filtering, map building and export, with no Streamlit import,
so the app, the CLI and the tests share one implementation.
"""

from geo.coverage import build_coverage
from geo.dataset import Dataset, data_dir, data_signature, load_dataset
from geo.filters import Filters, parse_years
from geo.io import to_feature_collection, to_geojson
from geo.problems import Problem
from geo.schema import LAYERS, SPECS

__all__ = [
    "LAYERS",
    "SPECS",
    "Dataset",
    "Filters",
    "Problem",
    "build_coverage",
    "data_dir",
    "data_signature",
    "load_dataset",
    "parse_years",
    "to_feature_collection",
    "to_geojson",
]
