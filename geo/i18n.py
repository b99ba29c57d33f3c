"""One translation layer: gettext catalogs (PO files read with Babel) and locale formats.

Every interface string goes through :func:`translator`; the catalogs live in
``geo/locale/<lang>/LC_MESSAGES/messages.po`` and a test fails when any message
marked in the code is missing or untranslated in any of them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_interval, format_skeleton
from babel.lists import format_list
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

from geo.data import dates

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "fr", "ar")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
Translate = Callable[[str], str]
FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE
# Between the items of a list set inline: Arabic has its own semicolon.
_SEPARATORS = {"ar": "\u061b "}


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


def isolate(text: str, lang: str) -> str:
    """``text`` isolated for direction in a right-to-left ``lang`` (Unicode's FSI ... PDI).

    Laid out on its own, a run that mixes directions (an amount and its currency sign, a
    phrase left in English) keeps its own order inside an Arabic line, and the text
    around it keeps its order too. Left-to-right languages get ``text`` as it is.

    >>> isolate("US$ 5", "ar") == FSI + "US$ 5" + PDI, isolate("$5", "en")
    (True, '$5')
    """
    return f"{FSI}{text}{PDI}" if text and is_rtl(lang) else text


def isolate_amount(text: str, lang: str) -> str:
    r"""An amount of money (:func:`format_money`) made to sit in a line of ``lang``'s text.

    In a right-to-left language the amount is isolated (:func:`isolate`), and so is its
    currency sign inside it, letters included: Babel writes "2,705,000 US$" for Arabic
    after a RIGHT-TO-LEFT MARK, and the "$", neutral at the end of a right-to-left run,
    was drawn before the letters ("$US"). Isolated, "US$" keeps its own order and the
    amount reads, right to left, as the locale writes it. Left-to-right languages get
    ``text`` as it is.

    >>> isolate_amount("\u200f2,705,000\xa0US$", "ar") == (
    ...     FSI + "\u200f2,705,000\xa0" + FSI + "US$" + PDI + PDI)
    True
    >>> isolate_amount("3\u066a", "ar") == FSI + "3\u066a" + PDI  # no currency sign
    True
    >>> isolate_amount("$2,705,000", "en")
    '$2,705,000'
    """
    if not text or not is_rtl(lang):
        return text
    return isolate(_currency_signs().sub(lambda m: isolate(m.group(0), lang), text), lang)


@cache
def _currency_signs() -> re.Pattern:
    """A currency sign (Unicode's Sc, e.g. ``$``, ``€``) with the Latin letters around it."""
    signs = "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Sc")
    return re.compile(f"[A-Za-z]*[{re.escape(signs)}]+[A-Za-z]*")


def format_budgets(budgets: Mapping[str, float], lang: str) -> str:
    """Amounts in several currencies on one line, by currency code, each one isolated.

    In Arabic "15,000,000 €" and "2,705,000 US$" then each read as one amount, in the line's
    order (see :func:`isolate_amount`); Arabic separates them with its own semicolon.

    >>> format_budgets({"USD": 2705000, "EUR": 15000000}, "en")
    '€15,000,000; $2,705,000'
    >>> format_budgets({"USD": 2705000, "EUR": 15000000}, "ar") == (
    ...     isolate_amount(format_money(15000000, "EUR", "ar"), "ar") + "\u061b "
    ...     + isolate_amount(format_money(2705000, "USD", "ar"), "ar"))
    True
    >>> format_budgets({}, "fr")
    ''
    """
    return _SEPARATORS.get(lang, "; ").join(
        isolate_amount(format_money(amount, currency, lang), lang)
        for currency, amount in sorted(budgets.items())
    )


def format_period(
    start: str | None, end: str | None, lang: str, precision: int | None = None
) -> str:
    """A date or date range in the language's own style (Babel), at the data's precision.

    ``precision`` (4: year, 7: month, 10: day, the length of an ISO date of that precision)
    shows the period no more precisely than that, e.g. to set several side by side in
    one style (see :func:`format_periods`).

    >>> format_period("2021-09-07", "2021-09-09", "fr")
    '7–9 sept. 2021'
    >>> format_period("2022-09", "2022-09", "en")
    'Sep 2022'
    >>> format_period("2007-11-30", "2012-08-31", "fr", precision=4)
    '2007–2012'
    """
    if not start:
        return ""
    end = end or start
    if precision is None:
        precision = max(len(start), len(end))
    precision = 4 if precision < 7 else 7 if precision < 10 else 10
    skeleton = {4: "y", 7: "yMMM", 10: "yMMMd"}[precision]
    first, last = dates.first_day(start), dates.last_day(end)
    if first.isoformat()[:precision] == last.isoformat()[:precision]:  # one year, month, day
        return format_skeleton(skeleton, first, locale=lang)
    return format_interval(first, last, skeleton, locale=lang)


def format_periods(periods: Iterable[tuple[str | None, str | None]], lang: str) -> list[str]:
    """Periods to show side by side (the project cards of a page), all in one style.

    Each is shown at the coarsest precision any of their dates has, so that a list never
    sets a span of years beside one of days, and no month or day is invented.

    >>> format_periods([("2019", "2022"), ("2007-11-30", "2012-08-31")], "fr")
    ['2019–2022', '2007–2012']
    >>> format_periods([("2022-09", "2022-10"), ("2007-11-30", "2012-08-31")], "fr")[0]
    'sept.–oct. 2022'
    """
    periods = [(start, end or start) for start, end in periods]
    lengths = [len(d) for start, end in periods if start for d in (start, end)]
    precision = min(lengths, default=None)
    return [format_period(start, end, lang, precision) for start, end in periods]


def format_names(names: Iterable[str], lang: str) -> str:
    """Names as a list in the language's own style.

    >>> format_names(["Egypt", "Libya", "Tunisia"], "en")
    'Egypt, Libya, and Tunisia'
    >>> format_names(["مصر", "ليبيا"], "ar")
    'مصر وليبيا'
    """
    names = list(names)
    return format_list(names, locale=lang) if names else ""


def format_day(day: dt.date, lang: str) -> str:
    """One day, e.g. for the export date.

    >>> format_day(dt.date(2026, 11, 28), "en")
    'Nov 28, 2026'
    """
    return format_skeleton("yMMMd", day, locale=lang)


def comma(lang: str) -> str:
    """The comma between items of a list in ``lang`` (Arabic has its own).

    >>> comma("ar").join(["2012", "2023"]), comma("en").join(["2012", "2023"])
    ('2012، 2023', '2012, 2023')
    """
    return "، " if lang == "ar" else ", "


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


def localized_in(row: Mapping[str, Any], field: str, lang: str) -> tuple[str, str]:
    """:func:`localized`, with the language the text is written in (``en`` when it falls back).

    Text shown in another language than the page's must say so (WCAG 3.1.2).

    >>> localized_in({"summary": "Met", "summary_fr": "Réunion"}, "summary", "fr")
    ('Réunion', 'fr')
    >>> localized_in({"summary": "Met"}, "summary", "ar")
    ('Met', 'en')
    """
    if lang != "en":
        value = row.get(f"{field}_{lang}")
        if isinstance(value, str) and value.strip():
            return value, lang
    return localized(row, field, "en"), "en"
