"""Write the store's rows as a data folder: the same GeoJSON and CSV files as ``data/``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from geo.store.rows import csv_rows, features
from geo.store.tables import STORED, stored_fields


def write_folder(tables: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    """Write every table of ``tables`` (rows by table name) as its file in ``out``.

    GeoJSON has one feature per line, as ``data/`` does, so dumps diff well. A table
    with no row (the land, when the folder loaded had none) writes no file.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        spec = STORED[name]
        path = out / spec.filename
        if spec.geometry_types:
            if rows.empty and name == "land":
                continue
            lines = [
                json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                for f in features(rows, spec)
            ]
            text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
            path.write_text(text, encoding="utf-8")
        else:
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=[f.name for f in stored_fields(spec)])
                writer.writeheader()
                writer.writerows(csv_rows(rows, spec))
        written.append(path)
    return written
