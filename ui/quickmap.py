"""The quick maps the front shows before Streamlit's page loads (geo/render/quick.py).

Written into the app's static folder (``static/quick/``, served at ``/app/static/quick/``)
for the data the app serves: in the background, once per data read, when the overview is
opened in its default view. A later read (a file changed, a new version in the store)
writes them again, and only the latest data's maps are kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import weakref
from pathlib import Path

import geopandas as gpd

from geo.data.dataset import Dataset
from geo.i18n import LANGUAGES
from geo.render.quick import file_name, quick_map
from ui.data import ROOT

QUICK_DIR = ROOT / "static" / "quick"
_log = logging.getLogger(__name__)
_latest: list[weakref.ref] = []  # the data whose maps are (being) written
_lock = threading.Lock()  # sessions run in threads of one process
_writing = threading.Lock()  # one writer at a time: the latest data's maps win


def publish(data: Dataset, basemap: gpd.GeoDataFrame, folder: Path | None = None):
    """Write the quick maps of ``data`` in the background, unless already done.

    ``folder`` defaults to :data:`QUICK_DIR`. Returns the writing thread, or None when
    ``data``'s maps are written or being written.
    """
    with _lock:
        if _latest and _latest[0]() is data:
            return None
        _latest[:] = [weakref.ref(data)]
    thread = threading.Thread(
        target=write_all, args=(data, basemap, folder or QUICK_DIR), name="quick-maps", daemon=True
    )
    thread.start()
    return thread


def write_all(data: Dataset, basemap: gpd.GeoDataFrame, folder: Path) -> list[Path]:
    """Write ``data``'s quick map in every language into ``folder``; list what was written.

    Each file is replaced whole (a reader gets the old map or the new one). A map that
    cannot be made or written is logged and left out: the front then shows the dashboard
    alone, as before.
    """
    written = []
    with _writing:
        for lang in LANGUAGES:
            if _latest and _latest[0]() is not data and _latest[0]() is not None:
                break  # newer data came meanwhile: its own writer follows
            target = folder / file_name(lang)
            try:
                text = quick_map(data, basemap, lang, dt.date.today())
                folder.mkdir(parents=True, exist_ok=True)
                part = target.with_name(f"{target.name}.{os.getpid()}.part")
                part.write_text(text, encoding="utf-8")
                os.replace(part, target)
            except Exception:  # any: the dashboard works without it
                _log.warning("the quick map %s was not written", target, exc_info=True)
                continue
            written.append(target)
    return written
