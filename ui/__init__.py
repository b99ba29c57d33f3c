"""The only Streamlit glue: cached data, the shared sidebar synced with the URL, maps, presenter.

Every page calls :func:`page` first; it returns a :class:`Page` with the data, the
view, the filtered layers, a caption and the translator, so pages stay short.
"""

from ui.core import LAYER_LABELS, Page, empty_notice, md, page
from ui.mapview import map_with_details, show_details, show_map

__all__ = [
    "LAYER_LABELS",
    "Page",
    "empty_notice",
    "map_with_details",
    "md",
    "page",
    "show_details",
    "show_map",
]
