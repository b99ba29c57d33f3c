"""A problem found in the data: which file, which feature, which field, what is wrong."""

from __future__ import annotations

from dataclasses import dataclass

WHOLE_FILE = "(file)"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, printed as ``file: feature: field: message``.

    >>> str(Problem("hubs.geojson", "hub-tripoli", "iso3", "missing"))
    'hubs.geojson: hub-tripoli: iso3: missing'
    """

    file: str
    feature: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.feature}: {self.field}: {self.message}"
