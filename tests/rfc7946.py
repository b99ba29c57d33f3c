"""A strict-enough check of RFC 7946 FeatureCollections, for export tests."""

from __future__ import annotations

import math

GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
}


def _positions(coords, depth):
    if depth == 0:
        yield coords
    else:
        for c in coords:
            yield from _positions(c, depth - 1)


_DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}


def _ring_area(ring):
    return sum(
        x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring[:-1], ring[1:], strict=True)
    )


def problems(doc) -> list[str]:
    """What makes ``doc`` not an RFC 7946 FeatureCollection (empty when it is one)."""
    found = []
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        return ["not a FeatureCollection with a features list"]
    if "crs" in doc:
        found.append("has a crs member (RFC 7946 removed it)")
    for i, f in enumerate(doc["features"]):
        if f.get("type") != "Feature" or "properties" not in f or "geometry" not in f:
            found.append(f"feature {i}: not a Feature with properties and geometry")
            continue
        g = f["geometry"]
        if g is None:
            continue
        if g.get("type") not in GEOMETRY_TYPES:
            found.append(f"feature {i}: geometry type {g.get('type')!r}")
            continue
        for pos in _positions(g["coordinates"], _DEPTH[g["type"]]):
            if not (
                2 <= len(pos) <= 3
                and all(isinstance(v, (int, float)) and math.isfinite(v) for v in pos)
            ):
                found.append(f"feature {i}: bad position {pos!r}")
            elif not (-180 <= pos[0] <= 180 and -90 <= pos[1] <= 90):
                found.append(f"feature {i}: position out of WGS84 range {pos!r}")
        polygons = (
            [g["coordinates"]]
            if g["type"] == "Polygon"
            else g["coordinates"]
            if g["type"] == "MultiPolygon"
            else []
        )
        for polygon in polygons:
            for n, ring in enumerate(polygon):
                if len(ring) < 4 or ring[0] != ring[-1]:
                    found.append(f"feature {i}: ring not closed or too short")
                elif (_ring_area(ring) > 0) != (n == 0):
                    found.append(f"feature {i}: ring {n} does not follow the right-hand rule")
    return found
