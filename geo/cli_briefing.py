"""``python -m geo briefing export | save | list | show``: a presenter's briefings.

``export`` writes a briefing file (or one saved in the store, ``--name``) as the app's
builder does: an offline slideshow (.html), a PowerPoint deck (.pptx) or a handout (.pdf),
with progress on the terminal. ``save`` keeps a file in the store under a name, as a new
version (the loader's role: the app's role may only read); ``list`` and ``show`` read them.
A bad file is one ``error:`` line naming the file and its field, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from geo.cli_paths import CliError, write_output
from geo.data.dataset import DATABASE_URL_ENV, Dataset
from geo.i18n import translator
from geo.view.briefing import Briefing, BriefingError, to_file
from geo.view.briefing_open import open_briefing
from geo.view.urlstate import ViewState, parse_view

FORMATS = (".html", ".pptx", ".pdf")


def add_parser(sub, common) -> None:
    """The ``briefing`` command and its actions."""
    briefing = sub.add_parser("briefing", help="a presenter's briefing: export, save, list, show")
    actions = briefing.add_subparsers(dest="briefing_command", required=True)
    url = argparse.ArgumentParser(add_help=False)
    url.add_argument("--database-url", help=f"the store (default: ${DATABASE_URL_ENV})")
    export = actions.add_parser(
        "export",
        parents=[common, url],
        help="write a briefing as a slideshow (.html), a deck (.pptx) or a handout (.pdf)",
    )
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", help="a briefing file (JSON), as the app saves it")
    which.add_argument("--name", help="a briefing saved in the store")
    export.add_argument("-o", "--output", required=True, help="file to write: .html, .pptx, .pdf")
    save = actions.add_parser(
        "save", parents=[common, url], help="keep a briefing file in the store, as a new version"
    )
    save.add_argument("file", help="a briefing file (JSON)")
    save.add_argument("--name", required=True, help="the name to keep it under")
    actions.add_parser("list", parents=[url], help="the briefings kept in the store")
    show = actions.add_parser("show", parents=[url], help="a kept briefing, as its JSON file")
    show.add_argument("name")
    show.add_argument("--version", type=int, help="that version (default: the latest)")
    show.add_argument("-o", "--output", help="file to write (default: standard output)")


def output_format(output: str) -> str:
    """The file format ``output`` names.

    >>> output_format("deck.PPTX")
    '.pptx'
    """
    ext = Path(output).suffix.lower()
    if ext not in FORMATS:
        raise CliError(f"{output} (-o): write .html (slideshow), .pptx (deck) or .pdf (handout)")
    return ext


def read_file(path: str, data: Dataset) -> tuple[Briefing, dict[str, str]]:
    """A briefing file checked against the data: its briefing and view, or a CliError."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    return read_body(raw, path, data)


def read_body(raw: bytes | str, where: str, data: Dataset) -> tuple[Briefing, dict[str, str]]:
    """A briefing's JSON (``where`` names it in an error) checked against ``data``."""
    try:
        return open_briefing(raw, data)
    except BriefingError as err:
        raise CliError(f"{where}: {err}") from None


def view_of(briefing: Briefing, params: dict[str, str], data: Dataset) -> ViewState:
    """The view a briefing was made in, presenting it."""
    view, _ = parse_view(params, list(data.projects["id"]))
    return replace(view, present=True, step=1, briefing=briefing)


def export(data: Dataset, args: argparse.Namespace, body: tuple | None) -> int:
    """Write the briefing (from ``args.file``, or the store's ``body``) to ``args.output``."""
    from geo.render.basemap import display_basemap
    from geo.render.cards import step_pages
    from geo.render.files import briefing_file
    from geo.view.selection import select

    ext = output_format(args.output)
    if body is None:
        briefing, params = read_file(args.file, data)
    else:
        briefing, params = read_body(json.dumps(body[1]), f"{args.name} (version {body[0]})", data)
    view = view_of(briefing, params, data)
    sel = select(data, view, translator(view.lang))

    def progress(done: int, total: int) -> None:
        bar = "#" * (20 * done // total)
        print(f"\r[{bar:<20}] step {done} of {total}", end="", file=sys.stderr, flush=True)

    pages = step_pages(data, sel)
    payload = briefing_file(sel, display_basemap(data.basemap), pages, ext[1:], progress)
    if ext != ".html":
        print(file=sys.stderr)
    write_output(args.output, payload)
    print(f"wrote {args.output}: {len(briefing.cues)} steps ({sel.caption})", file=sys.stderr)
    return 0


def body_for_store(data: Dataset, path: str) -> dict:
    """The file at ``path``, checked, as the store keeps it (its own JSON form again)."""
    briefing, params = read_file(path, data)
    return to_file(briefing, params)
