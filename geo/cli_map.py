"""``python -m geo map``: the map of a view, written as the app's Share panel writes it.

The view comes as the app's link (or its query), read by the app's own
:func:`~geo.view.urlstate.parse_view`; its :class:`~geo.view.scene.Scene` is made as a page
makes it, and the files by the same functions as the app's buttons. So a map file, PNG or
PDF made on a server with no browser is the one an official would have downloaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from geo.cli_paths import CliError, write_output
from geo.data.dataset import Dataset
from geo.i18n import format_day, translator
from geo.render.basemap import display_basemap
from geo.render.printed import render_pdf, render_png
from geo.render.standalone import map_file
from geo.view.scene import scene_of
from geo.view.selection import select
from geo.view.urlstate import parse_view

FORMATS = (".html", ".png", ".pdf")


def map_format(output: str) -> str:
    """The format of the file ``output``, by its extension.

    >>> map_format("briefing.PDF")
    '.pdf'
    >>> map_format("map.svg")
    Traceback (most recent call last):
    geo.cli_paths.CliError: map.svg (-o): write .html, .png or .pdf
    """
    ext = Path(output).suffix.lower()
    if ext not in FORMATS:
        raise CliError(f"{output} (-o): write .html, .png or .pdf")
    return ext


def view_params(link: str) -> dict[str, list[str]]:
    """The query parameters of ``link``: a whole address, its query, or its query after '?'.

    >>> view_params("http://localhost:8501/?project=a&project=b&lang=fr")
    {'project': ['a', 'b'], 'lang': ['fr']}
    >>> view_params("years=2021"), view_params("")
    ({'years': ['2021']}, {})
    """
    query = urlsplit(link).query if "?" in link else link
    return parse_qs(query, keep_blank_values=True)


def write_map(data: Dataset, args: argparse.Namespace) -> int:
    """Write the map of the view ``args.view`` to ``args.output``, in the format it names."""
    params = view_params(args.view)
    lang = (params.get("lang") or ["en"])[-1].strip().lower()
    view, notices = parse_view(params, list(data.projects["id"]), translator(lang))
    sel = select(data, view, translator(view.lang))
    scene = scene_of(sel, step=view.step if view.present else None)
    if view.base == "custom" and scene.tiles is None:  # as the app says it
        notices.append(sel.t("No internal tile server is configured: the built-in map is shown."))
    for notice in notices:
        print(f"warning: {notice}", file=sys.stderr)
    basemap = display_basemap(data.basemap)
    ext = map_format(args.output)
    if ext == ".html":
        day = format_day(dt.date.today(), view.lang)
        payload = map_file(sel, basemap, scene, day, served=args.served).encode()
    elif ext == ".png":
        payload = render_png(sel, basemap, scene)
    else:
        payload = render_pdf(sel, basemap, scene)
    write_output(args.output, payload)
    print(f"wrote {args.output}: {scene.title} ({sel.caption})", file=sys.stderr)
    return 0
