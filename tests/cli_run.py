"""The command line as a user runs it: ``python -m geo``, in a process of its own or in this one.

:func:`run_cli` starts a real process, for what only a process shows (the entry point, the
environment, a load killed half-way). :func:`cli` runs the same ``geo.cli.main`` in this
process, with its own standard streams and environment, and answers in the same shape:
the data tests call it dozens of times, and a new Python costs a second and a half each.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys

from geo.cli import main
from tests import ROOT


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m geo`` as a user would, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


class _Stdout(io.StringIO):
    """Standard output as text, with the ``buffer`` a ZIP written to it goes to."""

    def __init__(self):
        super().__init__()
        self.buffer = io.BytesIO()


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``geo.cli.main(args)`` in this process: exit code, standard output and error as text.

    ``env`` replaces the environment for the call, as :func:`run_cli`'s does.
    """
    out, err = _Stdout(), io.StringIO()
    saved = dict(os.environ)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as stop:  # argparse's answer to bad arguments
                code = stop.code if isinstance(stop.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    stdout = out.getvalue() + out.buffer.getvalue().decode("utf-8", "replace")
    return subprocess.CompletedProcess(["geo", *args], code, stdout, err.getvalue())
