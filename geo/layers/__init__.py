"""One module per layer: what its file holds and what readers see of a feature.

Each layer's module (hubs, routes, coverage, events, figures) declares its ``SPEC`` (the
fields of its file: validation, the data dictionary, the CSV and GeoPackage columns) and,
for the layers on the map, ``SHOWN`` (the lines its popup, details panel, list item,
presenter's card and printed row show, :class:`~geo.layers.spec.Shown`), its ``TITLE``,
where it is drawn (``DRAW_LEVEL``) and the name of its filter rule (``FILTER``, carried out
by :meth:`geo.view.filters.Filters.apply`). A field added to
a layer is added in its module alone. This package is below geo.data: it imports nothing
of the rest of geo.
"""

from __future__ import annotations

from geo.layers import coverage, events, figures, hubs, routes
from geo.layers.spec import Shown

SHOWN: dict[str, tuple[Shown, ...]] = {
    "hubs": hubs.SHOWN,
    "routes": routes.SHOWN,
    "coverage": coverage.SHOWN,
    "events": events.SHOWN,
}
MODULES = {m.SPEC.name: m for m in (hubs, routes, coverage, events, figures)}
_ON_MAP = (hubs, routes, coverage, events)
TITLES = {m.SPEC.name: m.TITLE for m in _ON_MAP}
LIST_TITLES = {m.SPEC.name: m.LIST_TITLE for m in _ON_MAP}
DRAW_ORDER = tuple(m.SPEC.name for m in sorted(_ON_MAP, key=lambda m: m.DRAW_LEVEL))
FILTERS = {m.SPEC.name: m.FILTER for m in _ON_MAP}
