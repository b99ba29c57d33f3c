"""A copy of the real data with script-injection payloads in every text field."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

PAYLOADS = (
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    '<svg onload="window.__pwned=3"></svg>',
    '"><iframe srcdoc="<script>parent.__pwned=4</script>">',
)
LINK = "javascript:window.__pwned=5"
# Fields whose values the code checks or joins on: they keep their real value.
KEEP = {
    "iso3",
    "start_date",
    "end_date",
    "date_basis",
    "designated",
    "designated_basis",
    "observed_from",
    "observed_to",
    "period_note",
    "project_ids",
    "project_id",
    "mode",
    "confidence",
    "location_precision",
    "location_basis",
    "hub_ids",
    "route_id",
    "countries",
    "budget",
    "currency",
    "id",
    "sources",
    "role_sources",
}


def _poison(props: dict, n: int) -> dict:
    out = {}
    for key, value in props.items():
        if key in KEEP or value is None or value == "":  # an empty CSV cell stays empty
            out[key] = value
        elif key == "source_url":
            out[key] = LINK
        elif isinstance(value, list):
            out[key] = [PAYLOADS[(n + i) % len(PAYLOADS)] + v for i, v in enumerate(value)]
        elif isinstance(value, str):
            out[key] = PAYLOADS[n % len(PAYLOADS)] + value
        else:
            out[key] = value
    return out


def write_hostile(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` with every free-text field carrying a payload."""
    shutil.copytree(source, target)
    for name in ("hubs", "routes", "coverage", "events"):
        path = target / f"{name}.geojson"
        doc = json.loads(path.read_text(encoding="utf-8"))
        for n, feature in enumerate(doc["features"]):
            feature["properties"] = _poison(feature["properties"], n)
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    path = target / "projects.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows = [_poison(r, n) | {k: r[k] for k in ("funders", "partners")} for n, r in enumerate(rows)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target
