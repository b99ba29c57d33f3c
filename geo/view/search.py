"""Find a hub city or an activity by any of its spellings (Latin or Arabic script).

Names are compared after folding case, accents, Arabic letter variants and the
article (al-, el-, ال), so Qatrun, Al Qatrun, Gatroun and القطرون find the same hub.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import geopandas as gpd

from geo.i18n import localized

_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None}
)
_ARTICLE = re.compile(r"^(?:al|el|ad|ash|as|at|az|ar)[\s\-']+|^ال")
_NOT_WORD = re.compile(r"[^\w]+")


def normalize(text: str) -> str:
    """Fold a name for comparison.

    >>> normalize("Al-Qaṭrūn"), normalize("القطرون"), normalize("Ghadamès")
    ('qatrun', 'قطرون', 'ghadames')
    """
    text = unicodedata.normalize("NFKD", str(text).strip().casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_ARABIC_FOLD)
    text = _ARTICLE.sub("", text)
    return _NOT_WORD.sub("", text)


@dataclass(frozen=True)
class Match:
    """A place found: which feature, where, and how to show it."""

    id: str
    layer: str
    label: str
    lon: float
    lat: float
    score: float


def _names(row: dict, fields: tuple[str, ...]) -> list[str]:
    names = []
    for field in fields:
        for suffix in ("", "_fr", "_ar"):
            value = row.get(field + suffix)
            if isinstance(value, str) and value:
                names.append(value)
    names += [n for n in row.get("alt_names") or [] if isinstance(n, str)]
    return names


def search_places(
    query: str, hubs: gpd.GeoDataFrame, events: gpd.GeoDataFrame, lang: str = "en", limit: int = 8
) -> list[Match]:
    """Hubs and placed activities whose names match ``query``, best first.

    An exact folded name scores 1, a prefix 0.9, a substring 0.8; otherwise close
    spellings (difflib ratio of at least 0.75) count, so small typos still find a place.
    """
    key = normalize(query)
    if len(key) < 2:
        return []
    found: dict[str, Match] = {}
    for layer, gdf, fields in (("hubs", hubs, ("name",)), ("events", events, ("name", "place"))):
        for row in gdf.to_dict("records"):
            geom = row.get("geometry")
            if geom is None or geom.is_empty:
                continue
            score = max((_score(key, normalize(n)) for n in _names(row, fields)), default=0.0)
            if score <= 0:
                continue
            point = geom.centroid if geom.geom_type != "Point" else geom
            label = localized(row, "name", lang)
            if layer == "events":
                label = f"{label} ({localized(row, 'place', lang)}, {row['start_date'][:4]})"
            match = Match(row["id"], layer, label, point.x, point.y, score)
            if row["id"] not in found or found[row["id"]].score < score:
                found[row["id"]] = match
    ranked = sorted(found.values(), key=lambda m: (-m.score, m.layer != "hubs", m.label))
    return ranked[:limit]


def _score(key: str, name: str) -> float:
    if not name:
        return 0.0
    if key == name:
        return 1.0
    if name.startswith(key):
        return 0.9
    if key in name:
        return 0.8
    ratio = difflib.SequenceMatcher(None, key, name).ratio()
    return ratio * 0.7 if ratio >= 0.75 else 0.0
