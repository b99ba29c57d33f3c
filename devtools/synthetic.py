"""Synthetic activities around the real ones, for the benchmark and the scale tests."""

from __future__ import annotations

import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from shapely import prepare
from shapely.geometry import Point, shape


def synth_events(n: int, source: Path, out: Path, seed: int = 1) -> Path:
    """Copy the data folder ``source`` to ``out`` with ``n`` synthetic events.

    Each event copies every property of a real placed event (cycling through them),
    gets a unique id, dates in 2019-2024 and its place jittered by up to about 10 km,
    kept inside its country. Written with ``json``, not geopandas, to be fast.
    """
    rng = random.Random(seed)
    shutil.copytree(source, out)
    real = json.loads((source / "events.geojson").read_text(encoding="utf-8"))["features"]
    placed = [f for f in real if f["geometry"]]
    basemap = json.loads((source / "basemap_countries.geojson").read_text(encoding="utf-8"))
    countries = {f["properties"]["iso3"]: shape(f["geometry"]) for f in basemap["features"]}
    for geom in countries.values():
        prepare(geom)
    first, span = date(2019, 1, 1), (date(2024, 12, 28) - date(2019, 1, 1)).days

    def jitter(lon, lat, iso3):
        for _ in range(20):
            x, y = lon + rng.uniform(-0.09, 0.09), lat + rng.uniform(-0.09, 0.09)
            if countries[iso3].covers(Point(x, y)):
                return [round(x, 5), round(y, 5)]
        return [lon, lat]

    features = []
    for i in range(n):
        f = placed[i % len(placed)]
        props, geom, iso3 = dict(f["properties"]), f["geometry"], f["properties"]["iso3"]
        start = first + timedelta(days=rng.randrange(span))
        # A story's date is one day; an activity dated by its own source may span a few.
        end = (
            start
            if props.get("date_basis") == "publication"
            else start + timedelta(days=rng.randrange(4))
        )
        props.update(id=f"{props['id']}-syn{i:06d}", start_date=str(start), end_date=str(end))
        if props.get("location_precision") == "country":
            coords = geom["coordinates"]  # it stands for the country: not a place to jitter
        elif geom["type"] == "Point":
            coords = jitter(*geom["coordinates"], iso3)
        else:
            coords = [jitter(*c, iso3) for c in geom["coordinates"]]
        geometry = {"type": geom["type"], "coordinates": coords}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    doc = {"type": "FeatureCollection", "features": features}
    (out / "events.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return out
