"""Sharing the current view: a link that reopens it, and files that hold what the screen shows.

Every export takes the same :class:`~geo.view.scene.Scene` as the screen's map
(:func:`ui.mapview.page_scene`): the page's layers of the view's selection (filters,
language, base map), the place the search found and, in presenter mode, the current step,
framed on its activity and named in the title.

Files are made on click (:class:`Export`), once per view: a second click, or the same
view's button on another rerun, gets the file already made (:func:`made`). While a file is
made, a spinner says so beside its button; an export that fails says so there too, in the
interface language, with the reason: never a button that does nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from geo.i18n import format_day, isolate
from geo.render import standalone
from geo.render.downloads import BUNDLE_STEM, bundle_zip
from geo.render.printed import render_pdf, render_png
from geo.view.filters import Filters, export_filename
from geo.view.scene import Scene
from geo.view.selection import Selection
from geo.view.steps import Step
from geo.view.urlstate import ViewState
from ui.context import Page, md
from ui.data import basemap
from ui.mapview import page_scene
from ui.private_api import keep_download_replies

_LOG = logging.getLogger(__name__)
keep_download_replies()  # a reply to a click must survive the run the click starts
FAILED = "export_failed"  # session state: the export that failed, by button key
PENDING = "export_pending"  # session state: the buttons clicked, whose file the rerun makes
MADE_KEPT = 12  # files kept made, across sessions (a PDF is a few hundred KB)
REASON_CHARS = 300  # of the reason shown; the whole error goes to the log
PRESENTER = "presenter"  # the page name of presenter mode's files, whichever page it is on


@dataclass(frozen=True)
class Shot:
    """What an export shows: the page ``p``'s map as its ``scene`` shows it."""

    p: Page
    scene: Scene

    @property
    def sel(self) -> Selection:
        """The selection the page's map draws."""
        return self.scene.shown(self.p.sel)

    @property
    def key(self) -> Hashable:
        """What the files show, the key of the files made (:func:`made`).

        The data read, and the scene: the view, the layers, the step, a place the search
        moved the map to.
        """
        return (id(self.p.data), self.scene)


def download_name(page: str, lang: str, what: str, filters: Filters, ext: str) -> str:
    """The file name of a download: its page, language, what it holds, the view's filters.

    The filters are written by :func:`geo.view.filters.export_filename`. Two views that
    differ in page or language show different things (another page's layers, names and
    labels in another language): their files must not share a name, where the second saved
    would overwrite the first. The name stays ASCII letters, digits, ``-`` and ``_``, at
    most ``FILENAME_MAX`` characters before the extension.

    >>> download_name("overview", "en", "map", Filters(years=(2008, 2008)), "html")
    'overview-en-map_2008.html'
    >>> download_name(PRESENTER, "ar", "map-step-8", Filters(), "png")
    'presenter-ar-map-step-8.png'
    """
    return export_filename(f"{page}-{lang}-{what}", filters, ext)


def file_name(p: Page, what: str, ext: str) -> str:
    """The name of the page ``p``'s download of ``what`` (:func:`download_name`).

    Presenter mode shows the same steps on every page: its files are named after it.
    """
    page = PRESENTER if p.view.present else p.name
    return download_name(page, p.lang, what, p.view.filters, ext)


def view_url(p: Page, view: ViewState | None = None) -> str:
    """The full URL of this page with the whole view (filters, language, step) in it.

    ``view``: another view than the page's (a briefing's first step, the notes window).
    """
    current = urlsplit(st.context.url or "http://localhost:8501/")
    query = urlencode((view or p.view.shared()).to_query_params())
    return urlunsplit((current.scheme, current.netloc, current.path, query, ""))


def view_link(p: Page) -> None:
    """'Link to this view': the address as a link, to open or copy.

    A link, not a code block: Streamlit's code block takes a tab stop with no role.
    """
    url = view_url(p)
    href = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    text = isolate(md(url), p.lang)  # an address reads left to right in Arabic too
    st.markdown(f"**{p.t('Link to this view')}**  \n[{text}]({href})")


def map_file(shot: Shot) -> bytes:
    """The map on screen as one HTML file that opens offline, with the chosen base map."""
    exported = format_day(dt.date.today(), shot.p.lang)
    return standalone.map_file(shot.sel, basemap(), shot.scene, exported).encode("utf-8")


def png_file(shot: Shot) -> bytes:
    """The map on screen as a 1920x1080 PNG (on the built-in base map)."""
    return render_png(shot.sel, basemap(), shot.scene)


def pdf_file(shot: Shot) -> bytes:
    """The briefing sheet: a one-glance first page, then every activity and source."""
    return render_pdf(shot.sel, basemap(), shot.scene)


Outcome = tuple[bytes, None] | tuple[None, Exception]
_MADE: OrderedDict[Hashable, Outcome] = OrderedDict()
_MAKING: dict[Hashable, threading.Lock] = {}
_MADE_LOCK = threading.Lock()


def made(key: Hashable, make: Callable[[], bytes]) -> Outcome:
    """The file ``make`` makes for the view ``key``, made once while it is kept.

    The click's two requests (the browser's for the file, the rerun's), and any later click
    on the same view, share one making: the second waits for the first and takes its file.
    A failure is kept too, so it is said, not tried again at every rerun.
    """
    with _MADE_LOCK:
        if key in _MADE:
            _MADE.move_to_end(key)
            return _MADE[key]
        lock = _MAKING.setdefault(key, threading.Lock())
    with lock:
        with _MADE_LOCK:
            if key in _MADE:
                return _MADE[key]
        try:
            outcome: Outcome = (make(), None)
        except Exception as error:  # any failure is shown, with its reason
            _LOG.exception("an export failed")
            outcome = (None, error)
        with _MADE_LOCK:
            _MADE[key] = outcome
            while len(_MADE) > MADE_KEPT:
                _MADE.popitem(last=False)
            _MAKING.pop(key, None)
        return outcome


class Export:
    """One file made on click, for a view (``key``), shared through :func:`made`.

    A click on a download button sends two requests at once: the browser asks for the
    file (Streamlit runs this object in a thread of its own), and the app reruns, after
    :meth:`clicked` has noted the click: the rerun makes the file under a spinner, so the
    reader sees that it is coming. Both get the same outcome: the file, made once, or the
    error. Streamlit shows nothing of an error in the first but a line of English under
    the button; the rerun says it in the interface language (:func:`export_failures`).
    """

    def __init__(self, make: Callable[[], bytes], key: Hashable):
        self._make = make
        self._key = key

    def outcome(self) -> Outcome:
        """The file and no error, or no file and the error."""
        return made(self._key, self._make)

    def __call__(self) -> bytes:
        """The file, for the browser's request; raises what made it fail."""
        data, error = self.outcome()
        if error is not None:
            raise error
        return data

    def clicked(self, key: str, label: str) -> None:
        """On click, before the rerun: the rerun makes the file beside this button."""
        st.session_state[PENDING] = {**st.session_state.get(PENDING, {}), key: label}

    def check(self, p: Page, key: str) -> None:
        """In the rerun after a click: make the file under a spinner, keep a failure to say."""
        pending = dict(st.session_state.get(PENDING, {}))
        if key not in pending:
            return
        label = pending.pop(key)
        st.session_state[PENDING] = pending
        with st.spinner(p.t("Making “{export}”…").format(export=md(label))):
            _, error = self.outcome()
        failed = dict(st.session_state.get(FAILED, {}))
        if error is None:
            failed.pop(key, None)
        else:
            failed[key] = (label, reason(error))
        st.session_state[FAILED] = failed


def reason(error: Exception) -> str:
    r"""What went wrong, on one line: the error's kind and message, cut to a few lines.

    >>> reason(ValueError("image too small:\n 100x80"))
    'ValueError: image too small: 100x80'
    >>> reason(MemoryError())
    'MemoryError'
    """
    message = " ".join(str(error).split())
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1] + "…"


def export_button(
    p: Page, label: str, make: Callable[[], bytes], key: str, view: Hashable, **kw
) -> None:
    """A download button whose file is made on click, once per ``view`` (what it shows).

    A spinner beside it while it is made; a failure is said there.
    """
    export = Export(make, (key, view))
    st.download_button(label, export, key=key, on_click=export.clicked, args=(key, label), **kw)
    export.check(p, key)
    export_failures(p, key)


def export_failures(p: Page, key: str) -> None:
    """Say, once, that the export of button ``key`` failed on the last click, and why."""
    failed = st.session_state.get(FAILED, {})
    if key not in failed:
        return
    label, why = failed[key]
    st.session_state[FAILED] = {k: v for k, v in failed.items() if k != key}
    why = isolate(md(why), p.lang)  # the reason is English: in Arabic it keeps its order
    message = p.t("Could not make “{export}”: {reason}").format(export=md(label), reason=why)
    st.error(message, icon=":material/error:")


def share_panel(p: Page, layers: tuple[str, ...] | None, step: Step | None = None) -> None:
    """Link to this view, and the map on screen as HTML, PNG and PDF (made on click)."""
    t = p.t
    view_link(p)
    if layers == ():  # a page without a map: the link is what there is to share
        return
    shot = Shot(p, page_scene(p, layers, step))
    files = (
        (t("Map file (HTML, opens offline)"), map_file, "map", "html", "text/html", "map"),
        (t("Map image (PNG)"), png_file, "map", "png", "image/png", "image"),
        (t("Briefing sheet (PDF)"), pdf_file, "briefing", "pdf", "application/pdf", "article"),
    )
    # The names carry the page, the language, the step and the filters, so files from
    # different views do not clash.
    suffix = "" if step is None else f"-step-{step.number}"
    for label, make, stem, ext, mime, icon in files:
        export_button(
            p,
            label,
            lambda make=make: make(shot),
            f"dl_{stem}_{ext}",
            shot.key,
            file_name=file_name(p, stem + suffix, ext),
            mime=mime,
            icon=f":material/{icon}:",
            width="stretch",
        )
    if p.view.base != "offline":
        st.caption(t("The image and the sheet are drawn on the built-in map."))


def data_download(p: Page, key: str, primary: bool = False) -> None:
    """Every layer of the view as GeoJSON, GeoPackage and CSV in one ZIP, with a README."""
    export_button(
        p,
        p.t("Download everything (ZIP: GeoJSON, GeoPackage, CSV, README)"),
        lambda: bundle_zip(p.sel),
        key,
        (id(p.data), p.sel.view),
        file_name=file_name(p, BUNDLE_STEM, "zip"),
        mime="application/zip",
        type="primary" if primary else "secondary",
        icon=":material/folder_zip:",
        width="content" if primary else "stretch",
    )
