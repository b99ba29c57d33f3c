"""Sharing the current view: a link that reopens it, and map files to send."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from geo.i18n import TITLE, format_day
from geo.render.maps import build_map
from geo.render.printed import render_pdf, render_png
from geo.render.standalone import standalone_html
from ui.context import Page
from ui.data import basemap
from ui.mapview import map_options


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


def map_file(p: Page) -> bytes:
    """The current map as one HTML file that opens offline."""
    m = build_map(p.sel, basemap(), map_options(p, height=700))
    html = standalone_html(m, p.sel, p.t(TITLE), format_day(dt.date.today(), p.lang))
    return html.encode("utf-8")


def png_file(p: Page) -> bytes:
    """The current map as a 1920x1080 PNG."""
    return render_png(p.sel, basemap(), p.t(TITLE))


def pdf_file(p: Page) -> bytes:
    """The briefing sheet: a one-glance first page, then every activity and source."""
    return render_pdf(p.sel, basemap(), p.t(TITLE))


def export_buttons(p: Page) -> None:
    """Download buttons for the map file, the image and the briefing sheet (made on click)."""
    t = p.t
    files = (
        (t("Map file (HTML, opens offline)"), map_file, "map.html", "text/html", "map"),
        (t("Map image (PNG)"), png_file, "map.png", "image/png", "image"),
        (t("Briefing sheet (PDF)"), pdf_file, "briefing.pdf", "application/pdf", "picture_as_pdf"),
    )
    for col, (label, make, name, mime, icon) in zip(st.columns(len(files)), files, strict=True):
        col.download_button(
            label,
            lambda make=make: make(p),
            file_name=name,
            mime=mime,
            icon=f":material/{icon}:",
            on_click="ignore",
            key=f"dl_{name.replace('.', '_')}",
        )
