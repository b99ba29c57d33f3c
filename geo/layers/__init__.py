"""One module per layer: what its file holds and what readers see of a feature.

Each layer's module (hubs, routes, coverage, events, figures) declares its ``SPEC`` (the
fields of its file: validation, the data dictionary, the CSV and GeoPackage columns) and,
for the layers on the map, ``SHOWN`` (the lines its popup, details panel, list item,
presenter's card and printed row show, :class:`~geo.layers.spec.Shown`). A field added to
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
