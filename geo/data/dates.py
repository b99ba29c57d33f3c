"""ISO 8601 dates of year, month or day precision, as the sources give them.

A source may say only "September 2022" or "2019-2022": the data keeps that
precision (``2022-09``, ``2019``) and these helpers turn it into the first or
last day of the period when a comparison needs one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day of an ISO 8601 date of any precision.

    Raises ``ValueError`` with a readable reason when ``text`` is not one.

    >>> parse_period("2022-09")
    (datetime.date(2022, 9, 1), datetime.date(2022, 9, 30))
    >>> parse_period("2019")[1]
    datetime.date(2019, 12, 31)
    """
    match = _ISO.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, last)
    if not 1 <= day <= last:
        raise ValueError(f"{text!r} has no day {day} in that month")
    return dt.date(year, month, day), dt.date(year, month, day)


def first_day(text: str) -> dt.date:
    """First day of the period ``text`` names.

    >>> first_day("2021-09-07")
    datetime.date(2021, 9, 7)
    """
    return parse_period(text)[0]


def last_day(text: str) -> dt.date:
    """Last day of the period ``text`` names.

    >>> last_day("2012-08")
    datetime.date(2012, 8, 31)
    """
    return parse_period(text)[1]


def is_valid(text: object) -> bool:
    """Whether ``text`` is an ISO 8601 date this project understands.

    >>> is_valid("2021-13"), is_valid("2021-02-28")
    (False, True)
    """
    try:
        parse_period(str(text))
    except ValueError:
        return False
    return True
