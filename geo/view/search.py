"""Find a hub city, a place or an activity by any of its spellings (Latin or Arabic script).

Names are compared after folding case, accents, Arabic letter variants and the
article (al-, el-, ال), so Qatrun, Al Qatrun, Gatroun and القطرون find the same hub.
Places are where route legs start and end and where activities took place: Benghazi,
where routes start, is found though it is not a hub, and "Cairo" lists the city before
the activities held there.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import geopandas as gpd

from geo.i18n import comma, localized

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


# A leg's translated names read "X → Y" (French; "X ⇄ Y" both ways) and "من X إلى Y" (Arabic):
# the names of its two ends in that language, where the data has no field for them.
_LEG_NAME = {
    "fr": re.compile(r"^(?P<a>.+?) (?:→|⇄) (?P<b>.+)$"),
    "ar": re.compile(r"^(?:من (?P<a>.+?) إلى (?P<b>.+)|(?P<a2>.+?) ⇄ (?P<b2>.+))$"),
}
# Ends closer than this (degrees) with one folded name are one place.
_SAME_PLACE_DEG = 0.5
_LAYER_ORDER = {"hubs": 0, "places": 1, "events": 2}
MATCHES = 8  # at most, best first


def _leg_ends(row: dict) -> tuple[dict[str, str], dict[str, str]]:
    """The names of a leg's start and end, by language ("" for English)."""
    start, end = {"": row.get("from_place") or ""}, {"": row.get("to_place") or ""}
    for lang, pattern in _LEG_NAME.items():
        found = pattern.match(row.get(f"name_{lang}") or "")
        if found:
            parts = found.groupdict()
            start[lang] = parts["a"] or parts.get("a2") or ""
            end[lang] = parts["b"] or parts.get("b2") or ""
    return start, end


def leg_end_places(routes: gpd.GeoDataFrame, lang: str) -> list[tuple[str, float, float]]:
    """Each distinct end of the legs drawn, by name in ``lang``: (name, lon, lat).

    >>> from shapely.geometry import LineString
    >>> line = LineString([(23.3, 24.2), (13.2, 32.9)])
    >>> legs = gpd.GeoDataFrame({"from_place": ["Kufra"], "to_place": ["Tripoli"],
    ...     "name_ar": ["من الكفرة إلى طرابلس"]}, geometry=[line])
    >>> [name for name, _, _ in leg_end_places(legs, "ar")]
    ['الكفرة', 'طرابلس']
    """
    out: dict[str, tuple[str, float, float]] = {}
    for names, lon, lat in _ends(routes):
        name = names.get(lang if lang != "en" else "") or names.get("")
        if name and name not in out:
            out[name] = (name, lon, lat)
    return list(out.values())


def _ends(routes: gpd.GeoDataFrame):
    """(names by language, lon, lat) of the start and the end of each single-line leg."""
    for row in routes.to_dict("records"):
        geom = row.get("geometry")
        if geom is None or geom.is_empty or geom.geom_type != "LineString":
            continue
        coords = list(geom.coords)
        for names, (lon, lat) in zip(_leg_ends(row), (coords[0], coords[-1]), strict=True):
            yield names, lon, lat


def _places(routes: gpd.GeoDataFrame | None, events: gpd.GeoDataFrame) -> list[dict]:
    """Named places: the ends of route legs and the places of activities held at one place."""
    rows: list[dict] = []
    if routes is not None:
        rows += [{"names": n, "lon": lon, "lat": lat} for n, lon, lat in _ends(routes)]
    for row in events.to_dict("records"):
        geom = row.get("geometry")
        if geom is None or geom.is_empty or geom.geom_type != "Point" or not row.get("place"):
            continue
        names = {"": row["place"]} | {
            lang: row[f"place_{lang}"] for lang in ("fr", "ar") if row.get(f"place_{lang}")
        }
        rows.append({"names": names, "lon": geom.x, "lat": geom.y})
    return rows


def _hub_places(hubs: gpd.GeoDataFrame) -> list[tuple[set[str], float, float]]:
    """Each hub's folded names and where it is."""
    out = []
    for row in hubs.to_dict("records"):
        geom = row.get("geometry")
        if geom is not None and not geom.is_empty and geom.geom_type == "Point":
            out.append(({normalize(n) for n in _names(row, ("name",))}, geom.x, geom.y))
    return out


def _place_matches(
    key: str, places: list[dict], hubs: list[tuple[set[str], float, float]], lang: str
) -> dict[str, Match]:
    found: dict[str, Match] = {}
    for place in places:
        names = place["names"]
        folded_names = {normalize(n) for n in names.values() if n}
        score = max((_score(key, n) for n in folded_names), default=0.0)
        if score <= 0:
            continue
        folded = normalize(names[""])
        is_hub = any(
            folded_names & hub_names
            and abs(lon - place["lon"]) < _SAME_PLACE_DEG
            and abs(lat - place["lat"]) < _SAME_PLACE_DEG
            for hub_names, lon, lat in hubs
        )
        if is_hub or folded in found:
            continue  # the hub is the place, or the place is listed once already
        label = names.get(lang) if lang != "en" else None
        found[folded] = Match(
            f"place:{folded}", "places", label or names[""], place["lon"], place["lat"], score
        )
    return found


def search_places(
    query: str,
    hubs: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    lang: str = "en",
    routes: gpd.GeoDataFrame | None = None,
) -> list[Match]:
    """Hubs, places and placed activities whose names match ``query``, best first.

    An exact folded name scores 1, a prefix 0.9, a substring 0.8; otherwise close
    spellings (difflib ratio of at least 0.75) count, so small typos still find a place.
    At one score a hub comes first, then a place (the ends of ``routes``' legs, the
    places of activities), then the activities.
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
                label = (
                    f"{label} ({localized(row, 'place', lang)}{comma(lang)}{row['start_date'][:4]})"
                )
            match = Match(row["id"], layer, label, point.x, point.y, score)
            if row["id"] not in found or found[row["id"]].score < score:
                found[row["id"]] = match
    found.update(_place_matches(key, _places(routes, events), _hub_places(hubs), lang))
    ranked = sorted(found.values(), key=lambda m: (-m.score, _LAYER_ORDER[m.layer], m.label))
    return ranked[:MATCHES]


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
