"""The quick maps the front shows before Streamlit's page loads (geo/render/quick.py).

Written into the app's static folder (``static/quick/``, served at ``/app/static/quick/``)
for the data the app serves: once per data read, when the overview is opened in its default
view. The files there before (another process's, older data's) are removed first, so no map
of other data is shown: until the new ones are written the front finds none and shows the
dashboard alone.

Each map is drawn by ``python -m geo map --served`` in a process of its own, which reads the
data as the app does (``$GEO_DATABASE_URL``, else ``$GEO_DATA_DIR``, else data/): drawn in a
thread of the app, the three maps held Python's lock for seconds, and the sessions' runs
waited. A thread of the app only waits for them.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import threading
import weakref
from pathlib import Path

from geo.data.dataset import Dataset
from geo.i18n import LANGUAGES
from geo.render.quick import file_name
from ui.data import ROOT

QUICK_DIR = ROOT / "static" / "quick"
QUICK_MAPS_ENV = "GEO_QUICK_MAPS"  # "off": none written (a server without the front)
DRAW_TIMEOUT_S = 600  # a map of a large store takes its time; one that hangs is given up
_log = logging.getLogger(__name__)
_latest: list[weakref.ref] = []  # the data whose maps are (being) written
_lock = threading.Lock()  # sessions run in threads of one process
_writing = threading.Lock()  # one writer at a time: the latest data's maps win


def publish(data: Dataset, folder: Path | None = None) -> threading.Thread | None:
    """Write the quick maps of the data ``data`` is, in the background, unless already done.

    ``folder`` defaults to :data:`QUICK_DIR`. Returns the writing thread, or None when
    ``data``'s maps are written or being written, or ``$GEO_QUICK_MAPS`` is ``off``.
    """
    if os.environ.get(QUICK_MAPS_ENV, "on").strip().lower() in ("off", "0"):
        return None
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
    thread = threading.Thread(target=write_all, args=(data, folder), name="quick-maps", daemon=True)
    thread.start()
    return thread


def write_all(data: Dataset, folder: Path) -> list[Path]:
    """Write the quick map in every language into ``folder``; list what was written.

    ``data`` is the read they are for: a newer read's writer takes over. Each file is
    replaced whole (a reader gets the old map or the new one). A map that cannot be drawn
    or written is logged and removed: the front then shows the dashboard alone.
    """
    written = []
    with _writing:
        for lang in LANGUAGES:
            if _latest and _latest[0]() is not data and _latest[0]() is not None:
                break  # newer data came meanwhile: its own writer follows
            target = folder / file_name(lang)
            part = None
            try:
                folder.mkdir(parents=True, exist_ok=True)
                handle, name = tempfile.mkstemp(dir=folder, prefix=f".{lang}.", suffix=".html")
                os.close(handle)
                part = Path(name)
                _draw(lang, part)
                part.chmod(0o644)  # as the app's other static files, for its server
                os.replace(part, target)
            except (OSError, subprocess.SubprocessError) as exc:
                _log.warning("the quick map %s was not written: %s", target, exc)
                for left in (part, target):
                    if left is not None:
                        left.unlink(missing_ok=True)
                continue
            written.append(target)
    return written


def _draw(lang: str, out: Path) -> None:
    """Draw the default overview's map in ``lang`` into ``out``, in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "geo", "map", "--view", f"lang={lang}", "--served", "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=DRAW_TIMEOUT_S,
    )
    if done.returncode != 0:
        said = " ".join(done.stderr.split())[-400:]
        raise subprocess.SubprocessError(f"geo map exited {done.returncode}: {said}")
