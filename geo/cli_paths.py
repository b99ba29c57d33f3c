"""What the command lines share: their one-line error and the checks of their paths.

geo/cli.py and the store's geo/store/cli.py check the folders and files they read and
write before any work, and fail with one line naming the path and the cause.
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.data.dataset import DATA_DIR_ENV, data_dir

EXIT_ERROR = 2  # as argparse's usage errors


class CliError(Exception):
    """A command that cannot run as asked: printed as ``error: <message>``, exit status 2.

    The message names the path or value and the cause, on one line.
    """


def input_folder(explicit: str | None = None) -> Path:
    """The data folder to read (:func:`geo.data.dataset.data_dir`), which must be a folder.

    Raises :class:`CliError` naming the folder, and where it came from, when it does not
    exist or is not a folder.

    >>> input_folder("/nonexistent/geo-data")
    Traceback (most recent call last):
    geo.cli_paths.CliError: data folder /nonexistent/geo-data (--data-dir): no such folder
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
    geo.cli_paths.CliError: sources folder /nonexistent/seeds (--sources): no such folder
    """
    folder = Path(path).expanduser()
    return _existing_folder(folder, f"sources folder {folder} (--sources)")


def output_file(path: str | os.PathLike) -> Path:
    """A file to write, checked before any work: its folder exists and may be written.

    >>> output_file("/nonexistent/out/x.geojson")
    Traceback (most recent call last):
    geo.cli_paths.CliError: cannot write /nonexistent/out/x.geojson: no such folder /nonexistent/out
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
    geo.cli_paths.CliError: cannot write in /dev/null/out: /dev/null is not a folder
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
