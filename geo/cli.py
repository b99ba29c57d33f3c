"""Command-line interface: check the data, export filtered layers or the ZIP, list projects."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.data.coverage import build_coverage
from geo.data.dataset import DATA_DIR_ENV, DATABASE_URL_ENV, Dataset, load_dataset
from geo.data.io import to_feature_collection, to_geojson
from geo.data.schema import COVERAGE, LAYERS
from geo.render.downloads import bundle_zip
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
    sub.add_parser("validate", parents=[common], help="check every data file; exit 1 on problems")
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


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "db":
        from geo.store import cli as store_cli  # SQLAlchemy is imported only when used

        return store_cli.run(args)
    data = load_dataset(args.data_dir, whole=True)
    return {
        "validate": _validate,
        "export": _export,
        "projects": _projects,
        "build-coverage": _build_coverage,
    }[args.command](data, args)


def _validate(data: Dataset, args: argparse.Namespace) -> int:
    if data.ok:
        counts = ", ".join(
            f"{len(frame)} {name}" for name, frame in {**data.layers, **data.tables}.items()
        )
        print(f"OK: {_origin(data)}: {len(data.projects)} projects, {counts}")
        return 0
    for problem in sorted(data.problems):
        print(problem)
    print(f"{len(data.problems)} problem(s) in {_origin(data)}", file=sys.stderr)
    return 1


def _origin(data: Dataset) -> str:
    return str(data.folder) if data.version is None else f"database version {data.version}"


def _export(data: Dataset, args: argparse.Namespace) -> int:
    known = list(data.projects["id"])
    unknown = [p for p in args.project if p not in known]
    if unknown:
        print(
            f"error: unknown project {', '.join(unknown)} (known: {', '.join(known)})",
            file=sys.stderr,
        )
        return 2
    filters = Filters(tuple(dict.fromkeys(args.project)), args.year or args.years)
    if args.layer == "all":
        return _export_all(data, filters, args.output)
    layer_file = f"{args.layer}.geojson"
    for problem in data.problems_in(layer_file):
        print(f"warning: left out: {problem}", file=sys.stderr)
    gdf = select(data, ViewState(filters, layers=(args.layer,))).layer(args.layer)
    text = to_geojson(gdf)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
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
        Path(output).write_bytes(payload)
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
    if data.version is not None:
        print("error: build-coverage writes a data folder: pass --data-dir", file=sys.stderr)
        return 2
    gdf = build_coverage(data.projects, data.basemap)
    path = data.folder / COVERAGE.filename
    collection = to_feature_collection(gdf)
    # One feature per line keeps diffs of the committed file readable.
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    print(f"wrote {len(gdf)} coverage features to {path}")
    return 0
