"""The library behind the North Africa smuggling-routes dashboard.

Three stages, one package each, with no Streamlit import, so the app, the CLI and the
tests share one implementation:

- ``geo.data``: read and check the data files (schema, io, validate, dataset);
- ``geo.view``: choose what a view shows (filters, the URL's view, :func:`select`);
- ``geo.render``: draw it (map, popups, legend, map file, printed PNG/PDF, downloads).
"""

from geo.data.coverage import build_coverage
from geo.data.dataset import Dataset, data_dir, data_signature, load_dataset
from geo.data.io import to_feature_collection, to_geojson
from geo.data.problems import Problem
from geo.data.schema import LAYERS, SPECS
from geo.view.filters import Filters, parse_years
from geo.view.selection import Selection, select
from geo.view.urlstate import ViewState

__all__ = [
    "LAYERS",
    "SPECS",
    "Dataset",
    "Filters",
    "Problem",
    "Selection",
    "ViewState",
    "build_coverage",
    "data_dir",
    "data_signature",
    "load_dataset",
    "parse_years",
    "select",
    "to_feature_collection",
    "to_geojson",
]
