"""Page set-up: the view from the URL, the selection it shows, notices, the shared sidebar."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from geo.data.schema import LAYERS
from geo.i18n import is_rtl, translator
from geo.view.selection import select
from geo.view.urlstate import FROM_FILE, ViewState, parse_view
from ui import style
from ui.briefing import LONG
from ui.context import Page, data_notice, url_notices
from ui.data import ROOT, dataset, publish_assets
from ui.exports import data_download, share_panel
from ui.mapview import base_choices
from ui.notes import notes_window
from ui.present import presenter
from ui.quickmap import publish as publish_quick_maps
from ui.sidebar import sidebar


def page(
    title: str, layers: tuple[str, ...] = LAYERS, downloads: bool = False, *, name: str
) -> Page:
    """Set up the page ``name`` whose maps and tables draw ``layers``; return what it shows.

    Sets the title with the share panel beside it (with the data's ZIP when
    ``downloads``), the notices and the shared sidebar (its layer chips offer ``layers``).
    ``name`` (``overview``, ``routes``...) begins the names of the page's downloads.
    In presenter mode the presenter's steps replace the page and the script stops here.
    """
    view, notices = _view_from_url()
    t = translator(view.lang)
    st.set_page_config(
        page_title=t(title) + " · " + t("North Africa smuggling routes"),
        page_icon=str(ROOT / "assets" / "favicon.png"),
        layout="wide",
        # "auto": open on a desktop, closed on a phone, where it would cover the page.
        initial_sidebar_state="collapsed" if view.present else "auto",
    )
    publish_assets()
    data = dataset()
    style.apply(view, is_rtl(view.lang))
    style.document_language(view.lang, is_rtl(view.lang))
    style.markup_repairs()
    if view.base not in base_choices():
        notices.append(t("No internal tile server is configured: the built-in map is shown."))
    url_notices(notices, t)
    p = Page(data, select(data, view, t), name)
    if name == "overview" and set(view.to_query_params()) <= {"lang"}:
        # The view the front shows first, as a map file (ui/quickmap.py).
        publish_quick_maps(data)
    if view.notes and view.room:
        notes_window(p)
        st.stop()
    if view.present:
        presenter(p)
        st.stop()
    sidebar(p, layers)
    head, share = st.columns([4, 1], vertical_alignment="center")
    head.title(t(title), anchor=False)
    with share.popover(t("Share this view"), icon=":material/share:", width="stretch"):
        share_panel(p, layers)
        if downloads:
            data_download(p, key="dl_zip_share")
    data_notice(p)
    return p


def _view_from_url() -> tuple[ViewState, list[str]]:
    """The view from the URL; when the URL has none (a page switch), the last one."""
    known = list(dataset().projects["id"])
    lang_hint = str(st.query_params.get("lang", "en")).strip().lower()
    t = translator(lang_hint)
    view, notices = parse_view(st.query_params, known, t)
    if st.query_params.get("briefing") == FROM_FILE:
        # A briefing too long for a link lives in the session that opened its file.
        kept = st.session_state.get(LONG)
        if kept is not None:
            view = replace(view, briefing=kept)
        else:
            notices.append(t("This link's briefing came from a file: open that file to see it."))
    if st.query_params:
        st.session_state["view"] = view
    elif "view" in st.session_state:
        view = st.session_state["view"]
        st.query_params.from_dict(view.to_query_params())
    return view, notices
