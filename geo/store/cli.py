"""``python -m geo db init | load | dump | history``: the store's commands.

Errors are those of :mod:`geo.cli`: one line naming the value and the cause. The folder a
command reads or writes is checked before the database is reached; a URL that SQLAlchemy
cannot read, or a database that does not answer, exits with status 2; an error of the
database once connected (not initialised, a constraint) exits with status 1. URLs and the
driver's messages are printed through :func:`geo.secrets.mask_url`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from tqdm import tqdm

from geo.cli_paths import CliError, input_folder, output_folder
from geo.data.dataset import Dataset
from geo.secrets import mask_url
from geo.store.batches import Progress
from geo.store.connect import DATABASE_URL_ENV, database_url, engine
from geo.store.load import load_folder
from geo.store.read import dump_folder, read_dataset, snapshot
from geo.store.setup import init_db
from geo.store.versions import current_version, diff, history

_EXAMPLE = "postgresql+psycopg://user@host/geo"


def run(args: argparse.Namespace) -> int:
    """Run one ``db`` command; returns the exit code (raises :class:`geo.cli_paths.CliError`)."""
    url = database_url(args.database_url)
    if not url:
        raise CliError(f"no database: set ${DATABASE_URL_ENV} or pass --database-url")
    source = "--database-url" if args.database_url else f"${DATABASE_URL_ENV}"
    folder = input_folder(args.data_dir) if args.db_command == "load" else None
    if args.db_command == "dump":
        output_folder(args.output)
    db = open_store(url, source)
    try:
        return _run(db, args, folder)
    except DBAPIError as exc:
        print(f"error: {mask_url(url)}: {_reason(exc)}{_hint(exc)}", file=sys.stderr)
        return 1


def open_store(url: str, source: str) -> Engine:
    """The engine of ``url``, connected once; ``source`` says where the URL came from.

    A URL SQLAlchemy cannot read, one that is not PostgreSQL's, or a database that does
    not answer raises :class:`geo.cli_paths.CliError` naming the URL, its password masked.
    """
    shown = f"{mask_url(url)} ({source})"
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise CliError(f"{shown}: not a SQLAlchemy URL such as {_EXAMPLE}") from None
    except ValueError:  # the only one make_url raises: a port that is not a number
        raise CliError(f"{shown}: its port is not a number") from None
    if backend != "postgresql":
        raise CliError(f"{shown}: not a PostgreSQL URL (the store is PostGIS: {_EXAMPLE})")
    try:
        db = engine(url)
    except (ArgumentError, ImportError) as exc:  # an unknown or missing driver
        raise CliError(f"{shown}: cannot load its driver: {mask_url(str(exc))}") from None
    try:
        with db.connect():
            pass
    except DBAPIError as exc:
        raise CliError(f"{shown}: cannot connect: {_reason(exc, whole=True)}") from None
    return db


def read_store(url: str, source: str) -> Dataset:
    """The whole stored dataset (the CLI's reads), its version set; errors are CliErrors."""
    db = open_store(url, source)
    try:
        return read_dataset(db, whole=True)[1]
    except DBAPIError as exc:
        raise CliError(f"{mask_url(url)} ({source}): {_reason(exc)}{_hint(exc)}") from None


def _reason(exc: DBAPIError, whole: bool = False) -> str:
    """The driver's message on one line, masked: its first line, or every line (``whole``)."""
    lines = [line.strip() for line in str(exc.orig).splitlines() if line.strip()]
    text = "; ".join(dict.fromkeys(lines if whole else lines[:1]))
    return mask_url(text.removeprefix("connection failed: "))


def _hint(exc: DBAPIError) -> str:
    return " (run python -m geo db init first)" if "does not exist" in str(exc.orig) else ""


def _run(db: Engine, args: argparse.Namespace, folder: Path | None) -> int:
    if args.db_command == "init":
        try:
            init_db(db, args.reader_role, args.loader_role)
        except ValueError as exc:  # a role name it refuses, before anything is written
            raise CliError(str(exc)) from None
        print(f"initialised {mask_url(str(db.url))}")
        return 0
    if args.db_command == "load":
        with load_progress() as progress:
            result = load_folder(db, folder, args.batch, progress)
        if isinstance(result, list):
            for problem in result:
                print(problem)
            print(f"{len(result)} problem(s) in {folder}: nothing loaded", file=sys.stderr)
            return 1
        print(f"loaded {folder} as version {result.version}: {_counts(result.counts)}")
        print(_changes(result.added, result.changed, result.removed))
        return 0
    if args.db_command == "dump":
        try:
            version, paths = dump_folder(db, args.output)
        except OSError as exc:
            where = exc.filename or args.output
            raise CliError(f"cannot write {where}: {exc.strerror or exc}") from None
        if version is None:
            print("error: the database holds no version yet: run db load", file=sys.stderr)
            return 1
        print(f"wrote version {version} to {args.output}: {', '.join(p.name for p in paths)}")
        return 0
    if args.db_command == "diff":
        return _diff(db, args)
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


@contextmanager
def load_progress() -> Iterator[Callable[[Progress], None]]:
    """A bar on the terminal (stderr) for a load: the activities' file read, rows and rate.

    The bar follows the bytes of the file, the one total known before it is read; the
    activities written, and how many a second, are counted beside it.
    """
    bar: tqdm | None = None
    started = time.monotonic()

    def progress(p: Progress) -> None:
        nonlocal bar
        if bar is None:  # at the first batch: a load refused before it shows no bar
            bar = tqdm(
                total=p.total,
                unit="B",
                unit_scale=True,
                desc="activities",
                file=sys.stderr,
                mininterval=0.5,
                bar_format="{desc}: {percentage:3.0f}%|{bar:24}| {n_fmt}B of {total_fmt}B "
                "{postfix}",
            )
        rate = p.rows / max(time.monotonic() - started, 1e-6)
        bar.set_postfix_str(f"{p.rows:,} written, {rate:,.0f}/s", refresh=False)
        bar.update(p.done - bar.n)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.close()


def _diff(db: Engine, args: argparse.Namespace) -> int:
    with snapshot(db) as conn:
        last = current_version(conn)
        v2 = last if args.v2 is None else args.v2
        if last is None or not (0 <= args.v1 <= v2 <= last):
            raise CliError(
                f"versions {args.v1}..{v2}: the store holds versions 1 to {last or 0} "
                "(V1 may be 0, before the first load)"
            )
        found = diff(conn, args.v1, v2)
    print(f"from version {args.v1} to version {v2}:")
    lines = 0
    for table, ids in found["added"].items():
        print(f"added {len(ids)} {table}: {', '.join(ids)}")
        lines += 1
    for table, changed in found["changed"].items():
        for i, fields in changed.items():
            told = "; ".join(
                f"{f}: {_value(a)} -> {_value(b)}" for f, (a, b) in sorted(fields.items())
            )
            print(f"changed {table} {i}: {told or 'fields not recorded'}")
            lines += 1
    for table, ids in found["removed"].items():
        print(f"removed {len(ids)} {table}: {', '.join(ids)}")
        lines += 1
    if not lines:
        print("no change")
    return 0


def _value(value) -> str:
    """A field's value on one line, as JSON (a string quoted), cut short.

    >>> _value("Kufra"), _value(None), _value(["a"])
    ('"Kufra"', 'null', '["a"]')
    """
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


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


def save_briefing(args: argparse.Namespace, body: dict) -> int:
    """``briefing save``: keep ``body`` as the next version of ``args.name``."""
    from geo.store import briefings as kept

    try:
        name = kept.check_name(args.name)
    except ValueError as exc:
        raise CliError(str(exc)) from None

    def save(db: Engine) -> int:
        with db.begin() as conn:
            return kept.save(conn, name, body)

    version = _on_store(args, save)
    print(f"saved {name!r} as version {version}: {len(body['steps'])} steps")
    return 0


def list_briefings(args: argparse.Namespace) -> int:
    """``briefing list``: each kept briefing's latest version."""
    from geo.store import briefings as kept

    rows = _on_store(args, lambda db: _read(db, kept.saved))
    for r in rows:
        when = r["saved_at"].isoformat(timespec="seconds")
        print(f"{r['name']}  version {r['version']}  {when}  {r['steps']} steps  {r['title']}")
    if not rows:
        print("no briefing saved yet")
    return 0


def saved_briefing(args: argparse.Namespace) -> tuple[int, dict]:
    """The version and body of the briefing ``args.name`` (``briefing show``, ``export``)."""
    from geo.store import briefings as kept

    version = getattr(args, "version", None)
    found = _on_store(args, lambda db: _read(db, kept.body_of, args.name, version))
    if found is None:
        which = f" version {version}" if version else ""
        raise CliError(f"no briefing {args.name!r}{which} in the store")
    return found


def _read(db: Engine, query, *args):
    with snapshot(db) as conn:
        return query(conn, *args)


def _on_store(args: argparse.Namespace, action):
    """``action(engine)`` on the store ``args`` name.

    An error of the database once connected is one line and exit status 1, as for ``db``.
    """
    db = _briefing_store(args)
    try:
        return action(db)
    except DBAPIError as exc:
        print(f"error: {mask_url(str(db.url))}: {_reason(exc)}{_hint(exc)}", file=sys.stderr)
        raise SystemExit(1) from None


def _briefing_store(args: argparse.Namespace) -> Engine:
    url = database_url(args.database_url)
    if not url:
        raise CliError(f"no database: set ${DATABASE_URL_ENV} or pass --database-url")
    return open_store(url, "--database-url" if args.database_url else f"${DATABASE_URL_ENV}")
