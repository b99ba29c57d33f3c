"""Sharing the current view: a link that reopens it, and files that hold what the screen shows.

Every export takes the same :class:`Shot` as the screen: the page's layers of the view's
selection (filters, language, base map) and, in presenter mode, the current step, framed
on its activity and named in the title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from geo.i18n import TITLE, format_day
from geo.render.downloads import BUNDLE_STEM, bundle_zip
from geo.render.maps import build_map
from geo.render.printed import render_pdf, render_png
from geo.render.standalone import standalone_html
from geo.view.filters import export_filename
from geo.view.selection import Selection
from geo.view.steps import Step
from ui.context import Page
from ui.data import basemap
from ui.mapview import map_options


@dataclass(frozen=True)
class Shot:
    """What an export shows: the page ``p``'s map of ``layers``, at a presenter ``step``."""

    p: Page
    layers: tuple[str, ...] | None = None  # None: every layer the view shows
    step: Step | None = None

    @property
    def sel(self) -> Selection:
        """The selection the page's map draws."""
        return self.p.sel if self.layers is None else self.p.sel.only(self.layers)

    @property
    def title(self) -> str:
        """The dashboard's title, and at a presenter step that step's heading."""
        title = self.p.t(TITLE)
        return title if self.step is None else f"{title} · {self.step.heading}"


def view_url(p: Page) -> str:
    """The full URL of this page with the whole view (filters, language, step) in it."""
    current = urlsplit(st.context.url or "http://localhost:8501/")
    return urlunsplit(
        (current.scheme, current.netloc, current.path, urlencode(p.view.to_query_params()), "")
    )


def view_link(p: Page) -> None:
    """'Link to this view', ready to copy."""
    st.markdown("**" + p.t("Link to this view") + "**")
    st.code(view_url(p), language=None, wrap_lines=True)


def map_file(shot: Shot) -> bytes:
    """The map on screen as one HTML file that opens offline, with the chosen base map."""
    p, step = shot.p, shot.step
    highlight = step.event["id"] if step is not None and step.event else None
    m = build_map(shot.sel, basemap(), map_options(p, height=700, step=step, highlight=highlight))
    html = standalone_html(m, shot.sel, shot.title, format_day(dt.date.today(), p.lang))
    return html.encode("utf-8")


def png_file(shot: Shot) -> bytes:
    """The map on screen as a 1920x1080 PNG (on the built-in base map)."""
    return render_png(shot.sel, basemap(), shot.title, step=shot.step)


def pdf_file(shot: Shot) -> bytes:
    """The briefing sheet: a one-glance first page, then every activity and source."""
    return render_pdf(shot.sel, basemap(), shot.title, step=shot.step)


def share_panel(p: Page, layers: tuple[str, ...] | None, step: Step | None = None) -> None:
    """Link to this view, and the map on screen as HTML, PNG and PDF (made on click)."""
    t = p.t
    view_link(p)
    if layers == ():  # a page without a map: the link is what there is to share
        return
    shot = Shot(p, layers, step)
    files = (
        (t("Map file (HTML, opens offline)"), map_file, "map", "html", "text/html", "map"),
        (t("Map image (PNG)"), png_file, "map", "png", "image/png", "image"),
        (t("Briefing sheet (PDF)"), pdf_file, "briefing", "pdf", "application/pdf", "article"),
    )
    # The names carry the filters and the step, so files from different views do not clash.
    suffix = "" if step is None else f"_step-{step.number}"
    for label, make, stem, ext, mime, icon in files:
        st.download_button(
            label,
            lambda make=make: make(shot),
            file_name=export_filename(stem + suffix, p.view.filters, ext),
            mime=mime,
            icon=f":material/{icon}:",
            on_click="ignore",
            key=f"dl_{stem}_{ext}",
            width="stretch",
        )
    if p.view.base != "offline":
        st.caption(t("The image and the sheet are drawn on the built-in map."))


def data_download(p: Page, key: str, primary: bool = False) -> None:
    """Every layer of the view as GeoJSON, GeoPackage and CSV in one ZIP, with a README."""
    st.download_button(
        p.t("Download everything (ZIP: GeoJSON, GeoPackage, CSV, README)"),
        lambda: bundle_zip(p.sel),
        file_name=export_filename(BUNDLE_STEM, p.view.filters, "zip"),
        mime="application/zip",
        type="primary" if primary else "secondary",
        on_click="ignore",
        icon=":material/folder_zip:",
        key=key,
        width="content" if primary else "stretch",
    )
