"""Sharing the current view: a link that reopens it, and map files to send."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from geo.export import DISCLAIMER
from geo.i18n import format_day, is_rtl
from geo.maps import build_map
from geo.standalone import standalone_html
from geo.summary import key_figures
from ui.core import Page
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


def _sources(p: Page) -> list[str]:
    frames = [p.projects, *p.layers.values()]
    return sorted({s for f in frames for s in f["source"].dropna() if s})


def _title(p: Page) -> str:
    return p.t("North Africa: smuggling routes and the response")


def map_file(p: Page) -> bytes:
    """The current map as one HTML file that opens offline."""
    m = build_map(p.layers, basemap(), p.data.projects, map_options(p, height=700))
    t = p.t
    html = standalone_html(
        m,
        title=_title(p),
        description=p.caption,
        sources=_sources(p),
        exported=format_day(dt.date.today(), p.lang),
        disclaimer=t(DISCLAIMER),
        labels={
            "filters": t("Filters"),
            "exported": t("Exported"),
            "sources": t("Sources"),
            "more": t("and {count} more"),
        },
        rtl=is_rtl(p.lang),
    )
    return html.encode("utf-8")


def png_file(p: Page) -> bytes:
    """The current map as a 1920x1080 PNG."""
    from geo.briefing import render_png

    return render_png(
        p.layers,
        basemap(),
        p.data.projects,
        title=_title(p),
        description=p.caption,
        lang=p.lang,
        translate=p.t,
    )


def pdf_file(p: Page) -> bytes:
    """A one-page briefing sheet."""
    from geo.briefing import render_pdf

    return render_pdf(
        p.layers,
        basemap(),
        p.data.projects,
        title=_title(p),
        description=p.caption,
        figures=key_figures(p.layers, p.projects),
        sources=_sources(p),
        disclaimer=p.t(DISCLAIMER),
        lang=p.lang,
        translate=p.t,
    )


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
