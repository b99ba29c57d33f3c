"""One translation layer: gettext catalogs (PO files read with Babel) and locale formats.

Every interface string goes through :func:`translator`; the catalogs live in
``geo/locale/<lang>/LC_MESSAGES/messages.po`` and a test fails when any message
marked in the code is missing or untranslated in any of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_interval, format_skeleton
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

from geo.data import dates

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "fr", "ar")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
Translate = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark a string for extraction without translating it here."""
    return message


TITLE = N_("North Africa: smuggling routes and the response")
DISCLAIMER = N_(
    "The boundaries and names shown and the designations used on this map do not imply "
    "official endorsement or acceptance by the United Nations."
)

# Values from data that the interface shows translated.
DATA_TERMS = (
    N_("land"),
    N_("sea"),
    N_("air"),
    N_("documented"),
    N_("indicative"),
)


@cache
def catalog(lang: str) -> dict[str, str]:
    """The translations of ``lang`` as ``{msgid: msgstr}`` (empty for English)."""
    if lang == "en":
        return {}
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        po = read_po(fh, locale=lang)
    return {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}


def translator(lang: str) -> Translate:
    """A function translating interface strings into ``lang`` (English falls through).

    >>> translator("fr")("Overview")
    "Vue d'ensemble"
    """
    strings = catalog(lang if lang in LANGUAGES else "en")
    return lambda message: strings.get(message) or message


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written right to left.

    >>> is_rtl("ar"), is_rtl("fr")
    (True, False)
    """
    return Locale.parse(lang).character_order == "right-to-left"


def format_number(value: float, lang: str) -> str:
    """A number in the language's style.

    >>> format_number(15000000, "en")
    '15,000,000'
    """
    return format_decimal(value, locale=lang)


def format_money(amount: float, currency: str, lang: str) -> str:
    """An amount with its currency, in the language's pattern, without decimals.

    >>> format_money(2705000, "USD", "en")
    '$2,705,000'
    """
    pattern = Locale.parse(lang).currency_formats["standard"].pattern.split(";")[0]
    pattern = pattern.replace(".00", "")
    return format_currency(amount, currency, pattern, locale=lang, currency_digits=False)


def format_period(start: str | None, end: str | None, lang: str) -> str:
    """A date or date range at the precision the data gives (year, month or day).

    >>> format_period("2021-09-07", "2021-09-09", "fr")
    '7–9 sept. 2021'
    >>> format_period("2022-09", "2022-09", "en")
    'Sep 2022'
    """
    if not start:
        return ""
    end = end or start
    precision = max(len(start), len(end))
    first, last = dates.first_day(start), dates.last_day(end)
    if precision == 4:
        return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    skeleton = "yMMM" if precision == 7 else "yMMMd"
    if precision == 7 and (first.year, first.month) == (last.year, last.month):
        return format_skeleton(skeleton, first, locale=lang)
    if first == last:
        return format_skeleton(skeleton, first, locale=lang)
    return format_interval(first, last, skeleton, locale=lang)


def format_day(day: dt.date, lang: str) -> str:
    """One day, e.g. for the export date.

    >>> format_day(dt.date(2026, 11, 28), "en")
    'Nov 28, 2026'
    """
    return format_skeleton("yMMMd", day, locale=lang)


def localized(row: Mapping[str, Any], field: str, lang: str) -> str:
    """The ``lang`` form of ``field`` (``name_fr``...) when present, else the English one.

    >>> localized({"name": "Kufra", "name_ar": "الكفرة"}, "name", "ar")
    'الكفرة'
    """
    if lang != "en":
        value = row.get(f"{field}_{lang}")
        if isinstance(value, str) and value.strip():
            return value
    value = row.get(field)
    return value if isinstance(value, str) else ""


def short_names(projects, lang: str) -> dict[str, str]:
    """Each project's short label in ``lang`` (English where none), by id.

    >>> import pandas as pd
    >>> short_names(pd.DataFrame({"id": ["p"], "short_name": ["P"], "short_name_fr": ["Pf"]}), "fr")
    {'p': 'Pf'}
    """
    return {r["id"]: localized(r, "short_name", lang) for r in projects.to_dict("records")}
