"""Passwords kept out of messages: every database URL is masked before it is printed.

A password can sit in a URL's user part (``postgresql://geo:secret@host/geo``), in its
query (``?password=secret``, ``?sslpassword=secret``) or in a libpq connection string
(``host=db password=secret``). :func:`mask_url` hides all three, in a URL alone or in a
message that quotes one (a driver's error), so the CLI passes every such text through it.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "mask_url"]

MASK = "***"

# scheme://user:password@ ; the password runs to the last @ of the word (an unescaped @ in a
# password is read by SQLAlchemy as the end of it, so more is masked, never less).
_USER_PART = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^\s:/@]*:)\S*@")
# ?password=secret or &sslpassword=secret in a URL's query.
_QUERY = re.compile(r"(?i)([?&;](?:ssl)?password=)[^&#\s'\"]*")
# password=secret, password = 'sec ret' in a libpq key=value string (quotes and \ escapes).
_CONNINFO = re.compile(
    r"(?i)((?<![\w.?&;\-])(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'?|(?:\\.|\S)+)"
)


def mask_url(text: str) -> str:
    r"""``text``, a database URL or a message quoting one, with every password replaced by ***.

    A whole SQLAlchemy URL is first written by SQLAlchemy with its password hidden (its
    query sorted by name, as SQLAlchemy writes it); then the user part of any URL in the
    text, the query's ``password`` and ``sslpassword``, and libpq's ``password=`` are masked.

    >>> mask_url("postgresql+psycopg://geo:s3cret@db.example/geo")
    'postgresql+psycopg://geo:***@db.example/geo'
    >>> mask_url("postgresql+psycopg://geo@db/geo?sslpassword=k3y&password=s3cret")
    'postgresql+psycopg://geo@db/geo?password=***&sslpassword=***'
    >>> mask_url("host=db user=geo password='s3 cret' dbname=geo")
    'host=db user=geo password=*** dbname=geo'
    >>> mask_url("cannot read 'postgresql://geo:s3cret@db/geo?password=s3cret' here")
    "cannot read 'postgresql://geo:***@db/geo?password=***' here"
    """
    text = _rendered(text)
    text = _USER_PART.sub(rf"\1{MASK}@", text)
    text = _QUERY.sub(rf"\1{MASK}", text)
    return _CONNINFO.sub(rf"\1{MASK}", text)


def _rendered(text: str) -> str:
    """``text`` as SQLAlchemy writes it with the password hidden, when it is a URL."""
    from sqlalchemy.engine import make_url  # imported only when a URL is printed
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(text).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy reads (or a bad port)
        return text
