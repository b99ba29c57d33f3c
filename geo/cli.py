"""Command-line interface: check the data, export filtered layers, the ZIP or a map, list projects.

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

from geo import cli_briefing
from geo.cli_paths import (
    EXIT_ERROR,
    CliError,
    input_folder,
    output_file,
    sources_folder,
    write_output,
)
from geo.data.coverage import build_coverage, coverage_quotes
from geo.data.dataset import DATA_DIR_ENV, DATABASE_URL_ENV, Dataset, load_dataset
from geo.data.io import to_feature_collection, to_geojson
from geo.data.quotes import check_quotes
from geo.data.schema import COVERAGE, LAYERS
from geo.data.stream import BATCH
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
    _add_map(sub, common)
    cli_briefing.add_parser(sub, common)
    _add_db(sub)
    sub.add_parser(
        "build-coverage",
        parents=[common],
        help="rebuild coverage.geojson from projects.csv and the basemap",
    )
    return parser


def _add_map(sub, common) -> None:
    drawn = sub.add_parser(
        "map",
        parents=[common],
        help="write the map of a view as the app's files: an offline HTML map, a PNG or a PDF",
        description="Write the overview's map of a view, as the app's Share panel writes it. "
        "The view is the app's link (or its part after '?'): project, years, layers, lang, "
        "base, and with present=1 the presenter's step. A value that cannot be used is "
        "left out with a warning, as the app leaves it out with a notice.",
    )
    drawn.add_argument(
        "--view",
        default="",
        metavar="LINK",
        help="the app's 'Link to this view', or its query, e.g. 'years=2021&lang=fr'",
    )
    drawn.add_argument(
        "-o",
        "--output",
        required=True,
        help="file to write: .html (opens offline), .png (1920x1080) or .pdf (the briefing sheet)",
    )
    drawn.add_argument(
        "--served",
        action="store_true",
        help="an .html map whose scripts and styles are linked at the app's addresses "
        "(/app/static/vendor/...), not inside it: a page the app serves, as the front's quick "
        "map (ui/quickmap.py); it opens only from the app",
    )


def _positive(text: str) -> int:
    """An argument that is a whole number above zero."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"a whole number above 0, not {text!r}")
    return value


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
    load.add_argument(
        "--batch",
        type=_positive,
        default=BATCH,
        metavar="N",
        help=f"activities checked and written at a time (default: {BATCH:,})",
    )
    dump = actions.add_parser("dump", parents=[url], help="write the stored data as data files")
    dump.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write")
    actions.add_parser("history", parents=[url], help="the loaded versions, newest first")
    diff = actions.add_parser(
        "diff",
        parents=[url],
        help="what the loads after version V1 up to V2 added, changed (field by field), removed",
    )
    diff.add_argument("v1", type=int, help="the version before")
    diff.add_argument("v2", type=int, nargs="?", help="the version after (default: the latest)")


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


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _run(args: argparse.Namespace) -> int:
    if args.command == "briefing":
        return _briefing(args)
    if args.command == "db":
        from geo.store import cli as store_cli  # SQLAlchemy is imported only when used

        return store_cli.run(args)
    if args.command in ("export", "map") and args.output:
        output_file(args.output)  # before the data is read: a bad path fails at once
    if args.command == "map":
        from geo import cli_map  # folium and matplotlib are imported only when a map is drawn

        cli_map.map_format(args.output)
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
        data = load_dataset(input_folder(args.data_dir))
    return {
        "validate": _validate,
        "export": _export,
        "projects": _projects,
        "map": _map,
        "build-coverage": _build_coverage,
    }[args.command](data, args)


def _briefing(args: argparse.Namespace) -> int:
    from geo.store import cli as store_cli  # only the store's actions reach SQLAlchemy

    if args.briefing_command == "show":
        version, body = store_cli.saved_briefing(args)
        text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
        if args.output:
            write_output(args.output, text.encode())
            print(f"wrote {args.output}: {args.name!r} version {version}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    if args.briefing_command == "list":
        return store_cli.list_briefings(args)
    if args.briefing_command == "export":
        output_file(args.output)
        cli_briefing.output_format(args.output)
    by_name = args.briefing_command == "export" and args.name
    saved = store_cli.saved_briefing(args) if by_name else None
    # The data a briefing is checked against and drawn from: the store's it is saved in.
    url = None if args.data_dir else (args.database_url or os.environ.get(DATABASE_URL_ENV))
    source = "--database-url" if args.database_url else f"${DATABASE_URL_ENV}"
    data = store_cli.read_store(url, source) if url else load_dataset(input_folder(args.data_dir))
    if args.briefing_command == "save":
        return store_cli.save_briefing(args, cli_briefing.body_for_store(data, args.file))
    return cli_briefing.export(data, args, saved)


def _map(data: Dataset, args: argparse.Namespace) -> int:
    from geo import cli_map

    return cli_map.write_map(data, args)


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
