"""``python -m geo db init | load | dump | history``: the store's commands."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import DBAPIError

from geo.data.dataset import data_dir
from geo.store.connect import DATABASE_URL_ENV, database_url, engine
from geo.store.load import load_folder
from geo.store.read import dump_folder, snapshot
from geo.store.setup import init_db
from geo.store.versions import history


def run(args: argparse.Namespace) -> int:
    """Run one ``db`` command; returns the exit code."""
    url = database_url(args.database_url)
    if not url:
        print(
            f"error: no database: set ${DATABASE_URL_ENV} or pass --database-url", file=sys.stderr
        )
        return 2
    db = engine(url)
    try:
        return _run(db, args)
    except DBAPIError as exc:
        hint = " (run python -m geo db init first)" if "does not exist" in str(exc.orig) else ""
        where = db.url.render_as_string(hide_password=True)
        print(f"error: {where}: {exc.orig}{hint}", file=sys.stderr)
        return 1


def _run(db, args: argparse.Namespace) -> int:
    if args.db_command == "init":
        init_db(db, args.reader_role, args.loader_role)
        print(f"initialised {db.url.render_as_string(hide_password=True)}")
        return 0
    if args.db_command == "load":
        folder = data_dir(args.data_dir)
        result = load_folder(db, folder)
        if isinstance(result, list):
            for problem in result:
                print(problem)
            print(f"{len(result)} problem(s) in {folder}: nothing loaded", file=sys.stderr)
            return 1
        print(f"loaded {folder} as version {result.version}: {_counts(result.counts)}")
        print(_changes(result.added, result.changed, result.removed))
        return 0
    if args.db_command == "dump":
        version, paths = dump_folder(db, args.output)
        if version is None:
            print("error: the database holds no version yet: run db load", file=sys.stderr)
            return 1
        print(f"wrote version {version} to {args.output}: {', '.join(p.name for p in paths)}")
        return 0
    with snapshot(db) as conn:
        versions = history(conn)
    for v in versions:
        when = v["loaded_at"].isoformat(timespec="seconds")
        print(f"version {v['version']}  {when}  from {v['source']}")
        print(f"  {_counts(v['counts'])}")
        print(f"  {_changes(v['added'], v['changed'], v['removed'])}")
    if not versions:
        print("no version loaded yet")
    return 0


def _counts(counts: dict) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items())


def _changes(added: dict, changed: dict, removed: dict) -> str:
    parts = []
    for word, ids in (("added", added), ("changed", changed), ("removed", removed)):
        for table, names in ids.items():
            shown = ", ".join(names[:10]) + (
                f" and {len(names) - 10} more" if len(names) > 10 else ""
            )
            parts.append(f"{word} {len(names)} {table}: {shown}")
    return "; ".join(parts) or "no change"
