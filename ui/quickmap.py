"""The quick maps the front shows before Streamlit's page loads (geo/render/quick.py).

Written into the app's static folder (``static/quick/``, served at ``/app/static/quick/``)
for the data the app serves: in the background, once per data read, when the overview is
opened in its default view. The files there before (another process's, older data's) are
removed first, so no map of other data is shown: until the new ones are written the front
finds none and shows the dashboard alone. Only the latest data's maps are written.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
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
    folder = folder or QUICK_DIR
    with _lock:
        if _latest and _latest[0]() is data:
            return None
        _latest[:] = [weakref.ref(data)]
        for lang in LANGUAGES:
            try:
                (folder / file_name(lang)).unlink(missing_ok=True)
            except OSError:  # a folder the app may not write: nothing of it is written
                _log.warning("the old quick map %s was not removed", lang, exc_info=True)
    thread = threading.Thread(
        target=write_all, args=(data, basemap, folder), name="quick-maps", daemon=True
    )
    thread.start()
    return thread


def write_all(data: Dataset, basemap: gpd.GeoDataFrame, folder: Path) -> list[Path]:
    """Write ``data``'s quick map in every language into ``folder``; list what was written.

    Each file is replaced whole (a reader gets the old map or the new one). A map that
    cannot be made or written is logged and removed: the front then shows the dashboard
    alone, as before.
    """
    written = []
    with _writing:
        for lang in LANGUAGES:
            if _latest and _latest[0]() is not data and _latest[0]() is not None:
                break  # newer data came meanwhile: its own writer follows
            target = folder / file_name(lang)
            part = None
            try:
                text = quick_map(data, basemap, lang, dt.date.today())
                folder.mkdir(parents=True, exist_ok=True)
                handle, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.")
                part = Path(name)
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                part.chmod(0o644)  # as the app's other static files, for its server
                os.replace(part, target)
            except Exception:  # any: the dashboard works without it
                _log.warning("the quick map %s was not written", target, exc_info=True)
                for left in (part, target):
                    if left is not None:
                        left.unlink(missing_ok=True)
                continue
            written.append(target)
    return written
