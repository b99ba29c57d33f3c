"""Command-line interface: check the data, export filtered layers or the ZIP, list projects.

A command that cannot run as asked (a missing folder, a file it cannot write, a database
URL that cannot be read or reached, an unknown project) prints one line, ``error: `` then
the path or value and the cause, and exits with status 2; argparse's own usage errors exit
2 too. A database URL reaches a message only through :func:`geo.secrets.mask_url`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from geo.data.coverage import build_coverage, coverage_quotes
from geo.data.dataset import DATA_DIR_ENV, DATABASE_URL_ENV, Dataset, data_dir, load_dataset
from geo.data.io import to_feature_collection, to_geojson
from geo.data.quotes import check_quotes
from geo.data.schema import COVERAGE, LAYERS
from geo.render.downloads import bundle_zip
from geo.secrets import mask_url
from geo.view.filters import Filters, parse_years
from geo.view.selection import select
from geo.view.urlstate import ViewState


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m geo``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        help=f"data folder (default: ${DATA_DIR_ENV}, else the project's data/)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Check, export and list the North Africa smuggling-routes data.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser(
        "validate", parents=[common], help="check every data file; exit 1 on problems"
    )
    validate.add_argument(
        "--sources",
        metavar="DIR",
        help="also check every source_quote verbatim against the text of its source, where "
        "DIR holds it (the text_file of sources.csv; e.g. data/seeds)",
    )
    export = sub.add_parser(
        "export",
        parents=[common],
        help="write a layer as RFC 7946 GeoJSON, or 'all' as the Data page's ZIP, filtered",
    )
    export.add_argument("layer", choices=[*LAYERS, "all"])
    export.add_argument(
        "--project", action="append", default=[], metavar="ID", help="keep this project (repeat)"
    )
    when = export.add_mutually_exclusive_group()
    when.add_argument("--year", type=_year, help="one year, e.g. 2021")
    when.add_argument("--years", type=_years, help="a range, e.g. 2019-2022")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    sub.add_parser("projects", parents=[common], help="the projects table as JSON")
    _add_db(sub)
    sub.add_parser(
        "build-coverage",
        parents=[common],
        help="rebuild coverage.geojson from projects.csv and the basemap",
    )
    return parser


def _add_db(sub) -> None:
    db = sub.add_parser(
        "db", help=f"the PostGIS store (${DATABASE_URL_ENV} or --database-url): init, load, ..."
    )
    url = argparse.ArgumentParser(add_help=False)
    url.add_argument(
        "--database-url",
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/geo "
        f"(default: ${DATABASE_URL_ENV})",
    )
    actions = db.add_subparsers(dest="db_command", required=True)
    init = actions.add_parser(
        "init", parents=[url], help="create the extension, tables and roles (safe to rerun)"
    )
    init.add_argument("--reader-role", default="geo_reader", help="the app's read-only role")
    init.add_argument("--loader-role", default="geo_loader", help="a role that may load data")
    load = actions.add_parser(
        "load",
        parents=[url],
        help="validate a data folder, then replace the stored data in one transaction",
    )
    load.add_argument(
        "--data-dir", help=f"data folder (default: ${DATA_DIR_ENV}, else the project's data/)"
    )
    dump = actions.add_parser("dump", parents=[url], help="write the stored data as data files")
    dump.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write")
    actions.add_parser("history", parents=[url], help="the loaded versions, newest first")


def _year(text: str) -> tuple[int, int]:
    try:
        first, last = parse_years(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if first != last:
        raise argparse.ArgumentTypeError(f"{text!r} is a range: use --years")
    return first, last


def _years(text: str) -> tuple[int, int]:
    try:
        return parse_years(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


EXIT_ERROR = 2  # as argparse's usage errors


class CliError(Exception):
    """A command that cannot run as asked: printed as ``error: <message>``, exit status 2.

    The message names the path or value and the cause, on one line.
    """


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _run(args: argparse.Namespace) -> int:
    if args.command == "db":
        from geo.store import cli as store_cli  # SQLAlchemy is imported only when used

        return store_cli.run(args)
    if args.command == "export" and args.output:
        output_file(args.output)  # before the data is read: a bad path fails at once
    if args.command == "validate" and args.sources:
        args.sources = sources_folder(args.sources)
    url = None if args.data_dir else os.environ.get(DATABASE_URL_ENV)
    if url:
        from geo.store import cli as store_cli

        if args.command == "build-coverage":
            raise CliError(
                f"build-coverage writes a data folder, not the database "
                f"${DATABASE_URL_ENV} names ({mask_url(url)}): pass --data-dir"
            )
        data = store_cli.read_store(url, f"${DATABASE_URL_ENV}")
    else:
        data = load_dataset(input_folder(args.data_dir), whole=True)
    return {
        "validate": _validate,
        "export": _export,
        "projects": _projects,
        "build-coverage": _build_coverage,
    }[args.command](data, args)


def input_folder(explicit: str | None = None) -> Path:
    """The data folder to read (:func:`geo.data.dataset.data_dir`), which must be a folder.

    Raises :class:`CliError` naming the folder, and where it came from, when it does not
    exist or is not a folder.

    >>> input_folder("/nonexistent/geo-data")
    Traceback (most recent call last):
    geo.cli.CliError: data folder /nonexistent/geo-data (--data-dir): no such folder
    """
    folder = data_dir(explicit)
    if explicit:
        source = " (--data-dir)"
    elif os.environ.get(DATA_DIR_ENV):
        source = f" (${DATA_DIR_ENV})"
    else:
        source = ""
    return _existing_folder(folder, f"data folder {folder}{source}")


def _existing_folder(folder: Path, named: str) -> Path:
    """``folder``, or the one-line error that it is missing or not a folder."""
    if not folder.exists():
        raise CliError(f"{named}: no such folder")
    if not folder.is_dir():
        raise CliError(f"{named}: not a folder")
    return folder


def sources_folder(path: str | os.PathLike) -> Path:
    """The folder ``--sources`` names, which must be a folder.

    >>> sources_folder("/nonexistent/seeds")
    Traceback (most recent call last):
    geo.cli.CliError: sources folder /nonexistent/seeds (--sources): no such folder
    """
    folder = Path(path).expanduser()
    return _existing_folder(folder, f"sources folder {folder} (--sources)")


def output_file(path: str | os.PathLike) -> Path:
    """A file to write, checked before any work: its folder exists and may be written.

    >>> output_file("/nonexistent/out/x.geojson")
    Traceback (most recent call last):
    geo.cli.CliError: cannot write /nonexistent/out/x.geojson: no such folder /nonexistent/out
    """
    path = Path(path)
    if path.is_dir():
        raise CliError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.exists():
        raise CliError(f"cannot write {path}: no such folder {folder}")
    if not folder.is_dir():
        raise CliError(f"cannot write {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK):
        raise CliError(f"cannot write {path}: no permission to write in {folder}")
    return path


def output_folder(path: str | os.PathLike) -> Path:
    """A folder to write files in, created when missing: checked before any work.

    >>> output_folder("/dev/null/out")
    Traceback (most recent call last):
    geo.cli.CliError: cannot write in /dev/null/out: /dev/null is not a folder
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise CliError(f"cannot write in {path}: it is a file, not a folder")
    existing = next(p for p in (path, *path.parents) if p.exists())
    if not existing.is_dir():
        raise CliError(f"cannot write in {path}: {existing} is not a folder")
    if not os.access(existing, os.W_OK):
        raise CliError(f"cannot write in {path}: no permission to write in {existing}")
    return path


def write_output(path: str | os.PathLike, content: str | bytes) -> None:
    """Write ``content`` to ``path``; an error of the system is a :class:`CliError` naming it."""
    path = Path(path)
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None


def _validate(data: Dataset, args: argparse.Namespace) -> int:
    """Report every problem, those of the quotes with ``--sources`` (geo.data.quotes).

    The quotes' summary (how many were checked, which sources have no text in the folder)
    follows the verdict: under the OK line, or beside the count of problems on stderr.
    """
    problems, summary = list(data.problems), []
    if args.sources:
        report = check_quotes(data, args.sources)
        problems += report.problems
        summary = report.summary()
    if not problems:
        counts = ", ".join(
            f"{len(frame)} {name}" for name, frame in {**data.layers, **data.tables}.items()
        )
        print(f"OK: {_origin(data)}: {len(data.projects)} projects, {counts}")
        for line in summary:
            print(line)
        return 0
    for problem in sorted(problems):
        print(problem)
    for line in summary:
        print(line, file=sys.stderr)
    print(f"{len(problems)} problem(s) in {_origin(data)}", file=sys.stderr)
    return 1


def _origin(data: Dataset) -> str:
    return str(data.folder) if data.version is None else f"database version {data.version}"


def _export(data: Dataset, args: argparse.Namespace) -> int:
    known = list(data.projects["id"])
    unknown = [p for p in args.project if p not in known]
    if unknown:
        raise CliError(f"unknown project {', '.join(unknown)} (known: {', '.join(known)})")
    filters = Filters(tuple(dict.fromkeys(args.project)), args.year or args.years)
    if args.layer == "all":
        return _export_all(data, filters, args.output)
    layer_file = f"{args.layer}.geojson"
    for problem in data.problems_in(layer_file):
        print(f"warning: left out: {problem}", file=sys.stderr)
    gdf = select(data, ViewState(filters, layers=(args.layer,))).layer(args.layer)
    text = to_geojson(gdf)
    if args.output:
        write_output(args.output, text + "\n")
        print(f"wrote {len(gdf)} {args.layer} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text + "\n")
    return 0


def _export_all(data: Dataset, filters: Filters, output: str | None) -> int:
    """Every layer, the projects, figures and sources, and datapackage.json: the Data page's ZIP."""
    for problem in sorted(data.problems):
        print(f"warning: {problem}", file=sys.stderr)
    sel = select(data, ViewState(filters))
    payload = bundle_zip(sel)
    if output:
        write_output(output, payload)
        counts = ", ".join(f"{len(gdf)} {name}" for name, gdf in sel.layers.items())
        print(f"wrote {output}: {counts} ({sel.caption})", file=sys.stderr)
    else:
        sys.stdout.buffer.write(payload)
    return 0


def _projects(data: Dataset, args: argparse.Namespace) -> int:
    records = data.projects.to_dict(orient="records")
    for record in records:
        if record.get("budget") is not None and float(record["budget"]).is_integer():
            record["budget"] = int(record["budget"])
    print(json.dumps(records, ensure_ascii=False, indent=2))
    return 0


def _build_coverage(data: Dataset, args: argparse.Namespace) -> int:
    path = output_file(data.folder / COVERAGE.filename)
    gdf = build_coverage(data.projects, data.basemap, coverage_quotes(data.layer("coverage")))
    collection = to_feature_collection(gdf)
    # One feature per line keeps diffs of the committed file readable.
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    write_output(path, text)
    print(f"wrote {len(gdf)} coverage features to {path}")
    return 0
