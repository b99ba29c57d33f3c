"""The only Streamlit glue: cached data, the shared sidebar synced with the URL, maps, presenter.

Every page calls :func:`page` first; it returns a :class:`Page` holding the data and the
:class:`~geo.view.selection.Selection` of the view, so pages stay short. Modules build
upward without cycles: ``data`` and ``context`` at the bottom, then ``mapview``,
``exports``, ``present`` and ``sidebar``, and ``page`` on top.
"""

from ui.context import Page, empty_notice, field_line, foreign, md, show
from ui.mapview import map_with_details, show_details, show_map
from ui.page import page

__all__ = [
    "Page",
    "empty_notice",
    "field_line",
    "foreign",
    "map_with_details",
    "md",
    "page",
    "show",
    "show_details",
    "show_map",
]
