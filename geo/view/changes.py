"""What changed since a date (or a loaded version): for a briefing's first step, the Data page.

From files, :func:`dated_since` lists what the data dates from that day on: activities and
figures by their start, route legs by the first year their own sources describe, and the
sources by their date; :func:`from_export` compares the data with an earlier download of
the Data page (its ZIP), feature by feature and field by field, under that download's own
filters. With the store, :func:`from_diff` reads what the loads since a version added,
changed (field by field) or removed (``geo.store.versions.diff``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass

from geo.data import dates
from geo.data.dataset import Dataset
from geo.data.io import to_geojson
from geo.i18n import localized
from geo.view.filters import Filters
from geo.view.selection import select
from geo.view.urlstate import ViewState

ORDER = ("events", "figures", "routes", "sources", "hubs", "coverage", "projects", "basemap")


@dataclass(frozen=True)
class Change:
    """One feature or row gained, changed or lost: its table, id, name and how."""

    table: str
    id: str
    title: str
    how: str  # "dated" (from files: dated since), "added", "changed", "removed"
    date: str = ""
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) of a change


def dated_since(data: Dataset, since: dt.date, lang: str = "en") -> list[Change]:
    """Everything ``data`` dates from ``since`` on, by table, in date order.

    >>> from geo.data.dataset import load_dataset
    >>> found = dated_since(load_dataset(), dt.date(2024, 1, 1))
    >>> sorted({c.table for c in found}), all(c.date >= "2024" for c in found)
    (['events', 'routes', 'sources'], True)
    """
    out: list[Change] = []
    for row in data.layer("events").to_dict("records"):
        if _from(row.get("start_date"), since):
            name = localized(row, "name", lang) or row["id"]
            out.append(Change("events", row["id"], name, "dated", row["start_date"]))
    for row in data.table("figures").to_dict("records"):
        if _from(row.get("start_date"), since):
            what = localized(row, "what", lang) or row["id"]
            out.append(Change("figures", row["id"], what, "dated", row["start_date"]))
    for row in data.layer("routes").to_dict("records"):
        first = row.get("observed_from")
        if first is not None and first == first and _from(str(int(first)), since):
            name = localized(row, "name", lang) or row["id"]
            out.append(Change("routes", row["id"], name, "dated", str(int(first))))
    for row in data.table("sources").to_dict("records"):
        if _from(row.get("date"), since):
            title = row.get("title") or row["url"]
            out.append(Change("sources", row["url"], title, "dated", row["date"]))
    return sorted(out, key=lambda c: (ORDER.index(c.table), c.date, c.id))


def _from(value, since: dt.date) -> bool:
    if not isinstance(value, str) or not value[:4].isdigit():
        return False
    return dates.first_day(value) >= since


def from_diff(found: dict, data: Dataset, lang: str = "en") -> list[Change]:
    """The changes of a store diff (``geo.store.versions.diff``), named from ``data``."""
    names = _names(data, lang)
    out = []
    for how in ("added", "changed", "removed"):
        for table, ids in found.get(how, {}).items():
            for i in ids:
                fields = ()
                if how == "changed":
                    fields = tuple(
                        (f, _shown(before), _shown(after))
                        for f, (before, after) in sorted(ids[i].items())
                    )
                out.append(Change(table, i, names.get((table, i), i), how, fields=fields))
    return sorted(out, key=lambda c: (_rank(c.table), c.how, c.id))


def _rank(table: str) -> int:
    return ORDER.index(table) if table in ORDER else len(ORDER)


def _names(data: Dataset, lang: str) -> dict[tuple[str, str], str]:
    out = {}
    for table in ("events", "routes", "hubs", "coverage"):
        for row in data.layer(table).to_dict("records"):
            out[(table, row["id"])] = localized(row, "name", lang) or row["id"]
    for row in data.table("figures").to_dict("records"):
        out[("figures", row["id"])] = localized(row, "what", lang) or row["id"]
    for row in data.projects.to_dict("records"):
        out[("projects", row["id"])] = localized(row, "name", lang) or row["id"]
    return out


def _shown(value) -> str:
    """A field's value on one line, cut short.

    >>> _shown(None), _shown(["a", "b"]), _shown("x" * 90)[-1]
    ('—', 'a, b', '…')
    """
    if value is None:
        return "—"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"


MAX_ZIP_BYTES = 200_000_000
LAYER_FILES = ("hubs", "routes", "coverage", "events")


def from_export(raw: bytes, data: Dataset, lang: str = "en") -> tuple[list[Change], str]:
    """What changed between an earlier Data page ZIP and ``data``, under the ZIP's filters.

    Returns the changes and when that ZIP was made (its ``datapackage.json``'s ``created``).
    Raises ``ValueError`` saying why a file is not such a ZIP.
    """
    if len(raw) > MAX_ZIP_BYTES:
        raise ValueError(f"larger than {MAX_ZIP_BYTES // 1_000_000} MB")
    not_ours = ValueError("not a ZIP of the Data page (no datapackage.json and filters)")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            package = json.loads(_member(zf, "datapackage.json"))
            filters = package["filters"]
            earlier = {
                name: json.loads(_member(zf, f"{name}.geojson"))
                for name in filters["layers"]
                if name in LAYER_FILES
            }
        years = filters.get("years")
        view = ViewState(
            Filters(
                tuple(str(p) for p in filters.get("projects") or ()),
                (int(years[0]), int(years[1])) if years else None,
            ),
            layers=tuple(earlier),
        )
        if not all(isinstance(doc, dict) for doc in earlier.values()):
            raise not_ours
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, RecursionError):
        raise not_ours from None
    now = select(data, view)
    out: list[Change] = []
    for name, doc in earlier.items():
        before = _features(doc)
        after = _features(json.loads(to_geojson(now.layers[name])))
        titles = {i: localized(p, "name", lang) or i for i, (p, _) in {**before, **after}.items()}
        for i in sorted(after.keys() - before.keys()):
            out.append(Change(name, i, titles[i], "added"))
        for i in sorted(before.keys() - after.keys()):
            out.append(Change(name, i, titles[i], "removed"))
        for i in sorted(after.keys() & before.keys()):
            (old, old_shape), (new, new_shape) = before[i], after[i]
            fields = [
                (f, _shown(old.get(f)), _shown(new.get(f)))
                for f in sorted(old.keys() | new.keys())
                if old.get(f) != new.get(f)
            ]
            if old_shape != new_shape:
                fields.append(("geometry", "changed", "changed"))
            if fields:
                out.append(Change(name, i, titles[i], "changed", fields=tuple(fields)))
    return sorted(out, key=lambda c: (_rank(c.table), c.how, c.id)), str(package.get("created", ""))


def _member(zf: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes, refused past :data:`MAX_ZIP_BYTES` unpacked (a ZIP bomb)."""
    if zf.getinfo(name).file_size > MAX_ZIP_BYTES:
        raise ValueError(f"{name} unpacks past {MAX_ZIP_BYTES // 1_000_000} MB")
    return zf.read(name)


def _features(doc: dict) -> dict[str, tuple[dict, object]]:
    """Features by id; anything that is not a feature with a text id is passed over."""
    features = doc.get("features")
    return {
        f["properties"]["id"]: (f["properties"], f.get("geometry"))
        for f in (features if isinstance(features, list) else [])
        if isinstance(f, dict)
        and isinstance(f.get("properties"), dict)
        and isinstance(f["properties"].get("id"), str)
    }
