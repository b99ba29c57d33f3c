"""Issue 22 (8): every subcommand, given a bad path, URL or filter, says so in one line.

Each case runs one subcommand with one bad input and expects exit status 2, one line on
standard error naming the value and the cause, and no traceback. The table runs in this
process (:func:`tests.cli_run.cli`: an exception escaping ``main`` fails the test as a
traceback would); a few cases run again as a real ``python -m geo``. No database is
started: a URL to a free local port where nothing listens stands for one that is down.
"""

from __future__ import annotations

import json
import os
import socket

import pytest

from geo.cli import build_parser
from tests import tinydata
from tests.cli_run import cli, run_cli

SECRET = "s3cret-Pa55"  # in every URL below that has a password: it must never be printed

# The subcommands, as run in the table (one arguments list each; `db dump` needs -o).
COMMANDS = {
    "validate": ["validate"],
    "projects": ["projects"],
    "export": ["export", "hubs"],
    "export all": ["export", "all"],
    "build-coverage": ["build-coverage"],
    "map": ["map", "-o", "{tmp}/view.html"],
    "db init": ["db", "init"],
    "db load": ["db", "load"],
    "db dump": ["db", "dump", "-o", "{tmp}/dump"],
    "db history": ["db", "history"],
    "db diff": ["db", "diff", "1", "2"],
    "briefing export": ["briefing", "export", "-o", "{tmp}/brief.pdf"],  # the file: per case
    "briefing save": ["briefing", "save", "{brief}", "--name", "Cairo"],
    "briefing list": ["briefing", "list"],
    "briefing show": ["briefing", "show", "Cairo"],
}
DATA_COMMANDS = ["validate", "projects", "export", "export all", "map", "build-coverage"]
DB_COMMANDS = [
    "db init",
    "db load",
    "db dump",
    "db history",
    "db diff",
    "briefing save",
    "briefing list",
    "briefing show",
]

DEAD = f"postgresql+psycopg://geo:{SECRET}@127.0.0.1:{{port}}/geo?password={SECRET}"
CONNINFO = f"host=127.0.0.1 password={SECRET}"

# bad input: (arguments added, environment added, value named, cause named)
DATA_INPUTS = {
    "missing data folder": (["--data-dir", "{missing}"], {}, "{missing}", "no such folder"),
    "file as data folder": (["--data-dir", "{file}"], {}, "{file}", "not a folder"),
    "missing GEO_DATA_DIR": ([], {"GEO_DATA_DIR": "{missing}"}, "{missing}", "no such folder"),
    "unparseable GEO_DATABASE_URL": (
        [],
        {"GEO_DATABASE_URL": CONNINFO},
        "host=127.0.0.1 password=***",
        "not a SQLAlchemy URL",
    ),
    "GEO_DATABASE_URL not PostgreSQL": (
        [],
        {"GEO_DATABASE_URL": "sqlite:///{tmp}/geo.db"},
        "sqlite:///{tmp}/geo.db",
        "not a PostgreSQL URL",
    ),
    "GEO_DATABASE_URL nothing listens": (
        [],
        {"GEO_DATABASE_URL": DEAD},
        "127.0.0.1:{port}",
        "cannot connect",
    ),
}
EXPORT_INPUTS = {
    "-o in a missing folder": (["-o", "{missing}/x.out"], {}, "{missing}/x.out", "no such folder"),
    "-o under a file": (["-o", "{file}/x.out"], {}, "{file}/x.out", "{file} is not a folder"),
    "-o is a folder": (["-o", "{tmp}"], {}, "{tmp}", "it is a folder"),
    "unknown project": (
        ["--project", "nope", "--data-dir", "{tiny}"],
        {},
        "nope",
        "unknown project",
    ),
    "years reversed": (["--years", "2030-2020"], {}, "'2030-2020'", "ends before it starts"),
    "years not a range": (["--years", "abc"], {}, "'abc'", "is not a year"),
    "year not a year": (["--year", "abc"], {}, "'abc'", "is not a year"),
}
MAP_INPUTS = {
    **{k: v for k, v in EXPORT_INPUTS.items() if k.startswith("-o ")},
    "-o not a map's format": (
        ["-o", "{tmp}/x.svg"],
        {},
        "{tmp}/x.svg",
        "write .html, .png or .pdf",
    ),
}
DB_INPUTS = {
    "no URL": ([], {}, "$GEO_DATABASE_URL", "no database"),
    "unparseable --database-url": (
        ["--database-url", CONNINFO],
        {},
        "host=127.0.0.1 password=***",
        "not a SQLAlchemy URL",
    ),
    "unparseable GEO_DATABASE_URL": (
        [],
        {"GEO_DATABASE_URL": "nonsense"},
        "nonsense ($GEO_DATABASE_URL)",
        "not a SQLAlchemy URL",
    ),
    "port not a number": (
        ["--database-url", "postgresql+psycopg://geo@127.0.0.1:abc/geo"],
        {},
        "127.0.0.1:abc",
        "port is not a number",
    ),
    "--database-url nothing listens": (
        ["--database-url", DEAD],
        {},
        "127.0.0.1:{port}",
        "cannot connect",
    ),
}
BRIEFING_INPUTS = {
    # A good file, and one bad input of the data or of -o (the last -o given counts).
    **{k: (["{brief}", *a], e, v, c) for k, (a, e, v, c) in DATA_INPUTS.items()},
    **{
        k: (["{brief}", *a], e, v, c)
        for k, (a, e, v, c) in EXPORT_INPUTS.items()
        if k.startswith("-o ")
    },
    "-o not a briefing's format": (
        ["{brief}", "-o", "{tmp}/x.svg"],
        {},
        "{tmp}/x.svg",
        "write .html (slideshow), .pptx (deck) or .pdf (handout)",
    ),
    "briefing file missing": (["{missing}/b.json"], {}, "{missing}/b.json", "cannot read"),
    "briefing file not JSON": (["{file}"], {}, "{file}: file", "not JSON"),
    "a step naming what the data lacks": (
        ["{brief_bad}", "--data-dir", "{tiny}"],
        {},
        "{brief_bad}: steps[2].id",
        'no hub "hub-atlantis" in the data',
    ),
}
# What a db command reads or writes on disk is checked before the (dead) database.
DB_PATH_INPUTS = {
    ("db load", "missing data folder"): (
        ["--data-dir", "{missing}", "--database-url", DEAD],
        {},
        "{missing}",
        "no such folder",
    ),
    ("db load", "file as data folder"): (
        ["--data-dir", "{file}", "--database-url", DEAD],
        {},
        "{file}",
        "not a folder",
    ),
    ("db dump", "-o is a file"): (
        ["-o", "{file}", "--database-url", DEAD],
        {},
        "{file}",
        "it is a file, not a folder",
    ),
    ("db dump", "-o under a file"): (
        ["-o", "{file}/dump", "--database-url", DEAD],
        {},
        "{file}/dump",
        "{file} is not a folder",
    ),
}

CASES = {
    **{(c, bad): DATA_INPUTS[bad] for c in DATA_COMMANDS for bad in DATA_INPUTS},
    **{(c, bad): EXPORT_INPUTS[bad] for c in ("export", "export all") for bad in EXPORT_INPUTS},
    **{("map", bad): MAP_INPUTS[bad] for bad in MAP_INPUTS},
    ("build-coverage", "coverage.geojson is a folder"): (
        ["--data-dir", "{coverage_folder}"],
        {},
        "{coverage_folder}/coverage.geojson",
        "it is a folder",
    ),
    **{(c, bad): DB_INPUTS[bad] for c in DB_COMMANDS for bad in DB_INPUTS},
    **DB_PATH_INPUTS,
    **{("briefing export", bad): BRIEFING_INPUTS[bad] for bad in BRIEFING_INPUTS},
}
# build-coverage never reads the store: a store URL is refused before it is used.
for _bad in ("unparseable GEO_DATABASE_URL", "GEO_DATABASE_URL not PostgreSQL"):
    args, env, value, _cause = CASES["build-coverage", _bad]
    CASES["build-coverage", _bad] = (args, env, value, "writes a data folder")
CASES["build-coverage", "GEO_DATABASE_URL nothing listens"] = (
    [],
    {"GEO_DATABASE_URL": DEAD},
    "127.0.0.1:{port}",
    "writes a data folder",
)


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    """The paths and the free port the cases name."""
    tmp = tmp_path_factory.mktemp("bad")
    (tmp / "a-file.txt").write_text("not a folder\n")
    coverage_folder = tinydata.write(tmp / "data")
    (coverage_folder / "coverage.geojson").unlink(missing_ok=True)
    (coverage_folder / "coverage.geojson").mkdir()
    tiny = tinydata.write(tmp / "tiny")
    with socket.socket() as s:  # a port nothing listens on once it is closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    brief, brief_bad = tmp / "brief.json", tmp / "brief-bad.json"
    steps = [{"kind": "overview"}, {"kind": "hub", "id": "hub-kufra"}]
    brief.write_text(json.dumps({"briefing": 1, "steps": steps}))
    steps[1]["id"] = "hub-atlantis"
    brief_bad.write_text(json.dumps({"briefing": 1, "steps": steps}))
    return {
        "tmp": str(tmp),
        "missing": str(tmp / "missing" / "data"),
        "file": str(tmp / "a-file.txt"),
        "coverage_folder": str(coverage_folder),
        "tiny": str(tiny),
        "brief": str(brief),
        "brief_bad": str(brief_bad),
        "port": str(port),
    }


def _env(extra: dict[str, str], places: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEO_")}
    return env | {k: v.format(**places) for k, v in extra.items()}


def the_message(stderr: str) -> str:
    """Standard error's one line (argparse's usage errors: the line after the usage)."""
    lines = stderr.splitlines()
    if lines and lines[0].startswith("usage: "):
        # The usage may wrap onto indented lines; then argparse's one error line.
        lines = [line for line in lines[1:] if not line.startswith(" ")]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    return lines[0]


def _check(result, value: str, cause: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    line = the_message(result.stderr)
    assert "error: " in line
    assert value in line, f"{value!r} not named in {line!r}"
    assert cause in line, f"{cause!r} not said in {line!r}"
    assert SECRET not in result.stdout + result.stderr


def test_the_table_covers_every_subcommand():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    found = set()
    for name, command in commands.items():
        if name in ("db", "briefing"):
            found |= {f"{name} {c}" for c in command._subparsers._group_actions[0].choices}
        else:
            found.add(name)
    assert found | {"export all"} == set(COMMANDS)
    assert {command for command, _ in CASES} == set(COMMANDS)


@pytest.mark.parametrize(("command", "bad"), list(CASES), ids=[" / ".join(k) for k in CASES])
def test_a_bad_input_is_one_line_naming_it(command, bad, places):
    args, env, value, cause = CASES[command, bad]
    argv = [a.format(**places) for a in [*COMMANDS[command], *args]]
    result = cli(*argv, env=_env(env, places))
    _check(result, value.format(**places), cause.format(**places))


@pytest.mark.parametrize(
    ("command", "bad"),
    [
        ("export", "-o in a missing folder"),  # the example printed a traceback
        ("validate", "GEO_DATABASE_URL nothing listens"),
        ("db history", "unparseable --database-url"),
    ],
)
def test_a_real_process_prints_no_traceback(command, bad, places):
    args, env, value, cause = CASES[command, bad]
    argv = [a.format(**places) for a in [*COMMANDS[command], *args]]
    result = run_cli(*argv, env=_env(env, places))
    _check(result, value.format(**places), cause.format(**places))
