"""Issue 22 (6): a database password never reaches a message, wherever the URL holds it."""

from __future__ import annotations

import os
import socket

import pytest

from geo.secrets import mask_url
from tests.cli_run import run_cli

SECRET = "s3cret-Pa55"


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (
            f"postgresql+psycopg://geo:{SECRET}@db.example:5432/geo",
            "postgresql+psycopg://geo:***@db.example:5432/geo",
        ),
        (
            f"postgresql+psycopg://geo@db.example/geo?password={SECRET}",
            "postgresql+psycopg://geo@db.example/geo?password=***",
        ),
        (
            f"postgresql+psycopg://geo@db.example/geo?sslmode=require&sslpassword={SECRET}",
            "postgresql+psycopg://geo@db.example/geo?sslmode=require&sslpassword=***",
        ),
        (
            f"postgresql://geo:{SECRET}@db/geo?password={SECRET}&PASSWORD={SECRET}",
            "postgresql://geo:***@db/geo?PASSWORD=***&password=***",
        ),
        (f"postgresql://geo:p@{SECRET}@db/geo", "postgresql://geo:***@db/geo"),  # @ not escaped
        (
            f"host=db user=geo password={SECRET} dbname=geo",
            "host=db user=geo password=*** dbname=geo",
        ),
        (f"host=db password = '{SECRET} x\\'y' port=5", "host=db password = *** port=5"),
        (f"sslpassword={SECRET}", "sslpassword=***"),
        (
            f"error: cannot read 'postgresql://geo:{SECRET}@db/geo?password={SECRET}' (x)",
            "error: cannot read 'postgresql://geo:***@db/geo?password=***' (x)",
        ),
        ("postgresql+psycopg://geo@db:5432/geo", "postgresql+psycopg://geo@db:5432/geo"),
        (
            "password authentication failed for user geo",
            "password authentication failed for user geo",
        ),
    ],
    ids=[
        "user part",
        "query password",
        "query sslpassword",
        "everywhere",
        "unescaped @",
        "conninfo",
        "conninfo quoted",
        "conninfo sslpassword",
        "in a message",
        "no password",
        "no URL",
    ],
)
def test_mask_url_hides_the_password_wherever_it_is(url, masked):
    assert mask_url(url) == masked
    assert SECRET not in mask_url(url)


@pytest.fixture(scope="module")
def dead_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Each placement, printed by a real failing command (in its own process): db commands given
# --database-url and data commands given $GEO_DATABASE_URL. Every case of test_errors.py
# also checks, in process, that a password in both the user part and the query is hidden.
PLACEMENTS = {
    "user part": ("postgresql+psycopg://geo:{secret}@127.0.0.1:{port}/geo", ["export", "hubs"]),
    "query password": (
        "postgresql+psycopg://geo@127.0.0.1:{port}/geo?password={secret}",
        ["db", "history", "--database-url", "{url}"],
    ),
    "query sslpassword": (
        "postgresql+psycopg://geo@127.0.0.1:{port}/geo?sslmode=require&sslpassword={secret}",
        ["db", "init", "--database-url", "{url}"],
    ),
    "libpq conninfo": ("host=127.0.0.1 port={port} password={secret}", ["validate"]),
}


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_a_failing_command_never_prints_the_password(placement, dead_port):
    template, command = PLACEMENTS[placement]
    url = template.format(secret=SECRET, port=dead_port)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEO_")}
    if "{url}" not in command:
        env["GEO_DATABASE_URL"] = url
    result = run_cli(*[a.format(url=url) for a in command], env=env)
    assert SECRET not in result.stdout + result.stderr, result.stderr
    assert "***" in result.stderr  # the URL is named, masked
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
