"""Every quote of the data, checked against the text of the source it cites.

``python -m geo validate --sources DIR`` calls :func:`check_quotes`: each ``source_quote``
(of any layer or table: hubs, events, coverage, projects, figures...) must appear, word for
word, in the text of the source its feature or row names, wherever that text is in ``DIR``.
The source is the row of ``sources.csv`` whose ``url`` is the feature's ``source_url`` or,
failing that, whose ``title`` starts the feature's ``source``; its ``text_file`` names the
text in ``DIR`` (the seeds: ``data/seeds/``). Both sides are compared after
:func:`normalize_text`, so typography never counts as a difference, and any word does.

A quote whose source has no text in ``DIR`` (no ``text_file``, a file ``DIR`` does not hold,
a source ``sources.csv`` does not list) is not checked: the report counts such sources in
one line (:meth:`QuoteReport.summary`), and they are not problems.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pandas as pd

from geo.data.dataset import Dataset
from geo.data.problems import Problem
from geo.data.schema import MAX_FILE_BYTES, PROJECTS_SPEC, SOURCES_SPEC, SPECS

QUOTE_FIELD = "source_quote"
TEXT_FIELD = "text_file"

# Curly, low and reversed quotation marks, as their straight forms.
_MARKS = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f"), '"'),
    # Hyphens and dashes (hyphen, figure dash, en and em dashes, horizontal bar, minus).
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-"),
    # Characters that do not show: soft hyphen, zero-width space, word joiner, BOM.
    **dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff")),
}
# The closest passage is looked for only while it is cheap: words of the quote times words
# of the text (a seed holds about 1,000 words; a quote rarely more than 100).
_SEARCH_BUDGET = 2_000_000
_CLOSE_ENOUGH = 0.5  # a passage sharing less than half its words with the quote is no help
_CONTEXT_WORDS = 6  # words shown on either side of where a quote departs from its passage


def normalize_text(text: str) -> str:
    r"""``text`` as quotes are compared: what differs only in typography reads the same.

    In this order: Unicode NFKC (compatibility forms as their plain letters: no-break and
    narrow no-break spaces as spaces, ligatures, full-width forms, "…" as "..."); curly,
    low and reversed single quotation marks and apostrophes (‘ ’ ‚ ‛) as ``'``, double
    ones (“ ” „ ‟) as ``"``; hyphens and dashes (U+2010 to U+2015, minus U+2212) as ``-``;
    soft hyphens, zero-width spaces, word joiners and byte-order marks removed; every run
    of whitespace (spaces, tabs, line breaks) as one space, none at either end. Letters,
    case, digits and every other punctuation mark stay as they are.

    >>> normalize_text("the “key hub cities” –\n  Libya’s\u00a0south")
    'the "key hub cities" - Libya\'s south'
    >>> normalize_text("Dismantling") == normalize_text("dismantling")
    False
    """
    text = unicodedata.normalize("NFKC", text).translate(_MARKS)
    return " ".join(text.split())


def closest_passage(quote: str, text: str) -> str | None:
    """The passage of ``text`` most like ``quote``, normalised, as many words long.

    None when no passage shares half its words with the quote, or when the search would
    not be cheap (see ``_SEARCH_BUDGET``).

    >>> closest_passage("selected the five hub cities along the routes.",
    ...     "They met in Cairo. They selected the five KHCs along the routes. Then they left.")
    'They selected the five KHCs along the routes.'
    >>> closest_passage("nothing alike", "They chose the five KHCs.") is None
    True
    """
    wanted = normalize_text(quote).split()
    words = normalize_text(text).split()
    if not wanted or not words or len(wanted) * len(words) > _SEARCH_BUDGET:
        return None
    size = min(len(wanted), len(words))
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(wanted)  # the matcher keeps what it learns of its second sequence
    best_ratio, best_start = 0.0, 0
    for start in range(len(words) - size + 1):
        matcher.set_seq1(words[start : start + size])
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best_ratio, best_start = ratio, start
    if best_ratio < _CLOSE_ENOUGH:
        return None
    return " ".join(words[best_start : best_start + size])


@dataclass
class QuoteReport:
    """What :func:`check_quotes` found: its problems, and how many quotes it could check.

    ``unchecked`` counts, by source (its address, else its ``source`` text), the quotes
    whose source has no text in the folder.
    """

    folder: Path
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    texts: int = 0
    unchecked: Counter = field(default_factory=Counter)

    def summary(self) -> list[str]:
        """One line for what was checked and, when any source had no text, one for those.

        >>> report = QuoteReport(Path("seeds"), checked=3, texts=2)
        >>> report.unchecked.update({"https://a": 2})
        >>> for line in report.summary():
        ...     print(line)
        quotes: 3 checked verbatim against 2 source texts in seeds
        quotes: 2 not checked, their 1 source(s) have no text in seeds: https://a (2)
        """
        lines = [
            f"quotes: {self.checked} checked verbatim against {self.texts} source texts "
            f"in {self.folder}"
        ]
        if self.unchecked:
            listed = ", ".join(f"{source} ({n})" for source, n in sorted(self.unchecked.items()))
            lines.append(
                f"quotes: {sum(self.unchecked.values())} not checked, their "
                f"{len(self.unchecked)} source(s) have no text in {self.folder}: {listed}"
            )
        return lines


def check_quotes(data: Dataset, folder: str | Path) -> QuoteReport:
    """Check every ``source_quote`` of ``data`` against its source's text in ``folder``.

    A quote not found reads ``file: id: source_quote: not found in <text file>``, then,
    when the text has a passage close to it (:func:`closest_passage`), that passage and the
    quote around where they first differ (:func:`describe_difference`). A
    ``text_file`` that is not a plain file name, or a text that cannot be read, is a
    problem of ``sources.csv``; a source with no text in ``folder`` is only counted.
    """
    folder = Path(folder)
    report = QuoteReport(folder)
    sources = data.table(SOURCES_SPEC.name)
    texts, report.problems = _read_texts(sources, folder)
    report.texts = len({name for name, _ in texts.values()})
    by_url = {row["url"]: row for row in _records(sources) if row.get("url")}
    by_title = {row["title"]: row for row in _records(sources) if row.get("title")}
    passages: dict[tuple[str, str], str | None] = {}
    for file, fid, row in _quoted(data):
        quote = normalize_text(row[QUOTE_FIELD])
        if not quote:
            continue
        source = _source_of(row, by_url, by_title)
        if source is None or source["url"] not in texts:
            label = source["url"] if source else row.get("source_url") or row.get("source")
            report.unchecked[str(label or "(no source named)")] += 1
            continue
        name, text = texts[source["url"]]
        report.checked += 1
        if quote in text:
            continue
        if (quote, name) not in passages:
            passages[quote, name] = closest_passage(quote, text)
        passage = passages[quote, name]
        found = f"; {describe_difference(quote, passage)}" if passage else ""
        report.problems.append(Problem(file, fid, QUOTE_FIELD, f"not found in {name}{found}"))
    return report


def describe_difference(quote: str, passage: str, context: int = _CONTEXT_WORDS) -> str:
    """Where ``quote`` first departs from ``passage``, each shown around it, in one line.

    >>> describe_difference("the major six KHCs along the routes",
    ...     "the major five KHCs along the routes", context=2)
    'closest passage: “the major five KHCs along…”, the quote: “the major six KHCs along…”'
    >>> describe_difference("a b", "a b")
    'closest passage: “a b”'
    """
    said, read = normalize_text(quote).split(), normalize_text(passage).split()
    changes = [
        op
        for op in SequenceMatcher(None, said, read, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    if not changes:
        return f"closest passage: “{' '.join(read)}”"
    _, i1, i2, j1, j2 = changes[0]
    more = f" ({len(changes) - 1} more difference(s))" if len(changes) > 1 else ""
    return (
        f"closest passage: “{_excerpt(read, j1, j2, context)}”, "
        f"the quote: “{_excerpt(said, i1, i2, context)}”{more}"
    )


def _excerpt(words: list[str], start: int, end: int, context: int) -> str:
    first, last = max(0, start - context), min(len(words), end + context)
    return (
        ("…" if first > 0 else "")
        + " ".join(words[first:last])
        + ("…" if last < len(words) else "")
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")


def _read_texts(
    sources: pd.DataFrame, folder: Path
) -> tuple[dict[str, tuple[str, str]], list[Problem]]:
    """Each source's text file name and normalised text, by address, where ``folder`` has it."""
    texts: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    read: dict[str, str | None] = {}  # by file name; None when it cannot be used
    for row in _records(sources):
        name = row.get(TEXT_FIELD)
        if not isinstance(name, str) or not name.strip():
            continue
        name = name.strip()
        if name not in read:
            read[name], message = _read_text(folder, name)
            if message:
                problems.append(Problem(SOURCES_SPEC.filename, row["url"], TEXT_FIELD, message))
        if read[name] is not None:
            texts[row["url"]] = (name, read[name])
    return texts, problems


def _read_text(folder: Path, name: str) -> tuple[str | None, str | None]:
    """The normalised text of file ``name`` of ``folder``, or what stops it being read.

    A file the folder does not hold is no problem (its source's quotes go unchecked).
    """
    if Path(name).name != name or name in (".", ".."):
        return None, f"{name!r} is not a file name: name a file of the sources folder"
    path = folder / name
    if not path.is_file():
        return None, None
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, f"{path} is too large ({size} > {MAX_FILE_BYTES} bytes)"
    try:
        return normalize_text(path.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot read {path}: {exc}"


def _quoted(data: Dataset) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """File name, feature id (or row) and row of every quote of ``data``."""
    frames = {PROJECTS_SPEC.name: data.projects, **data.layers, **data.tables}
    for name, frame in frames.items():
        if QUOTE_FIELD not in frame.columns:
            continue
        file = SPECS[name].filename if name in SPECS else name
        for row in _records(frame.drop(columns="geometry", errors="ignore")):
            if isinstance(row.get(QUOTE_FIELD), str):
                yield file, str(row.get("id") or "(no id)"), row


def _source_of(
    row: Mapping[str, Any], by_url: Mapping[str, dict], by_title: Mapping[str, dict]
) -> dict | None:
    """The row of ``sources.csv`` a feature cites: by its address, else by its title."""
    url = row.get("source_url")
    if isinstance(url, str) and url in by_url:
        return by_url[url]
    cited = row.get("source")
    if not isinstance(cited, str):
        return None
    titles = [title for title in by_title if cited.startswith(title)]
    return by_title[max(titles, key=len)] if titles else None
