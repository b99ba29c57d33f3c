"""A briefing: a presenter's own steps, in their order, each with notes to say.

A :class:`Briefing` is a title and an ordered list of :class:`Cue`: the overview of the
filtered map, an activity, a hub, a route, a country, a figure, or one year of the view.
Without one, the presenter walks the default briefing (:func:`default_cues`): the
overview, then every activity in date order.

It has two written forms, both read back by the functions here, which never trust them:

- a JSON file (:func:`to_file`, :func:`from_file`), with a version and the view it was made
  in (filters, layers, language, base map, as the URL writes them); its schema is in
  docs/briefing.md;
- the URL's ``briefing=`` parameter (:func:`encode`, :func:`decode`): the title and cues,
  compressed and URL-safe, beside the view's own parameters; only a short briefing fits.

A bad file raises :class:`BriefingError` naming the field (``steps[3].kind``).
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

VERSION = 1
KINDS = ("overview", "activity", "hub", "route", "country", "figure", "year")
VIEW_KEYS = ("project", "years", "layers", "lang", "base")  # what a file keeps of its view
# Limits that keep a hostile file from filling the server, generous for a real meeting.
MAX_STEPS, MAX_NOTES, MAX_TITLE, MAX_ID = 200, 4000, 200, 120
MAX_FILE_BYTES = 2_000_000
MAX_LINK_CHARS = 6000  # the briefing= value a link carries; a longer briefing goes as a file
YEARS = (1900, 2100)


class BriefingError(ValueError):
    """A briefing that cannot be read: ``field`` is where (``steps[2].notes``), then why."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Cue:
    """One step of a briefing: what it shows (``kind`` and ``ref``) and the notes to say.

    ``ref`` is the feature's id (a country's ISO3 code, a route's ``route_id``), a year's
    number as text, or empty for the overview.
    """

    kind: str
    ref: str = ""
    notes: str = ""

    @property
    def year(self) -> int | None:
        """The year of a year step."""
        return int(self.ref) if self.kind == "year" else None


@dataclass(frozen=True)
class Briefing:
    """A titled, ordered list of cues."""

    title: str = ""
    cues: tuple[Cue, ...] = ()


def default_cues(event_ids: Iterable[str]) -> tuple[Cue, ...]:
    """The walk without a briefing: the overview, then each activity in the order given.

    >>> default_cues(["ev-a", "ev-b"])[1]
    Cue(kind='activity', ref='ev-a', notes='')
    """
    return (Cue("overview"),) + tuple(Cue("activity", i) for i in event_ids)


# --- the JSON file ---------------------------------------------------------------------


def to_file(briefing: Briefing, view_params: Mapping[str, str]) -> dict:
    """The JSON form of ``briefing``, made in the view whose URL parameters are given.

    >>> to_file(Briefing("Rabat", (Cue("overview"), Cue("year", "2020", "Then"))), {})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'briefing': 1, 'title': 'Rabat', 'view': {},
     'steps': [{'kind': 'overview'}, {'kind': 'year', 'year': 2020, 'notes': 'Then'}]}
    """
    view = {k: v for k, v in view_params.items() if k in VIEW_KEYS}
    return {
        "briefing": VERSION,
        "title": briefing.title,
        "view": view,
        "steps": [_cue_json(c) for c in briefing.cues],
    }


def _cue_json(cue: Cue) -> dict:
    out: dict = {"kind": cue.kind}
    if cue.kind == "year":
        out["year"] = cue.year
    elif cue.kind != "overview":
        out["id"] = cue.ref
    if cue.notes:
        out["notes"] = cue.notes
    return out


def from_file(
    raw: bytes | str,
    check_view: Callable[[str, str], str | None] = lambda key, value: None,
    known: Mapping[str, Iterable[str]] | None = None,
) -> tuple[Briefing, dict[str, str]]:
    """Read a briefing file: the briefing and its view's URL parameters.

    ``check_view(key, value)`` returns why a view parameter cannot be used, or ``None``;
    ``known`` maps a kind to the ids the data holds (a kind left out is not checked).
    Raises :class:`BriefingError` naming the first bad field.

    >>> from_file('{"briefing": 1, "title": "T", "steps": [{"kind": "hub", "id": "hub-x"}]}')
    (Briefing(title='T', cues=(Cue(kind='hub', ref='hub-x', notes=''),)), {})
    >>> try:
    ...     from_file('{"briefing": 1, "steps": [{"kind": "city"}]}')
    ... except BriefingError as err:
    ...     print(err.field, "|", err.message[:29])
    steps[1].kind | "city" is not a kind of step;
    """
    if len(raw) > MAX_FILE_BYTES:
        raise BriefingError("file", f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as err:
        raise BriefingError("file", f"not JSON ({err})") from None
    except RecursionError:  # arrays nested past any briefing's depth
        raise BriefingError("file", "not a briefing: nested too deep") from None
    if not isinstance(obj, dict):
        raise BriefingError("file", "not a JSON object")
    _only(obj, ("briefing", "title", "view", "steps"), "")
    version = obj.get("briefing")
    if version != VERSION:
        raise BriefingError("briefing", f"the version must be {VERSION}, not {_shown(version)}")
    title = obj.get("title", "")
    _text(title, "title", MAX_TITLE)
    view = obj.get("view", {})
    if not isinstance(view, dict):
        raise BriefingError("view", "must be an object of URL parameters")
    for key, value in view.items():
        if not isinstance(value, str):
            raise BriefingError(f"view.{key}", "must be text, as in a link")
        why = check_view(key, value)
        if why:
            raise BriefingError(f"view.{key}", why)
    steps = obj.get("steps")
    if not isinstance(steps, list) or not steps:
        raise BriefingError("steps", "must be a list of at least one step")
    if len(steps) > MAX_STEPS:
        raise BriefingError("steps", f"more than {MAX_STEPS} steps")
    cues = tuple(_read_cue(s, f"steps[{n}]", known) for n, s in enumerate(steps, 1))
    return Briefing(title, cues), dict(view)


def _read_cue(step: object, where: str, known: Mapping[str, Iterable[str]] | None) -> Cue:
    if not isinstance(step, dict):
        raise BriefingError(where, "must be an object with a kind")
    kind = step.get("kind")
    if kind not in KINDS:
        raise BriefingError(
            f"{where}.kind",
            f"{_shown(kind)} is not a kind of step; use " + ", ".join(KINDS[:-1]) + " or year",
        )
    allowed = {"overview": ("kind", "notes"), "year": ("kind", "year", "notes")}
    _only(step, allowed.get(kind, ("kind", "id", "notes")), where + ".")
    notes = step.get("notes", "")
    _text(notes, f"{where}.notes", MAX_NOTES)
    if kind == "overview":
        return Cue(kind, "", notes)
    if kind == "year":
        year = step.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
            raise BriefingError(f"{where}.year", f"{_shown(year)} is not a year")
        return Cue(kind, str(year), notes)
    ref = step.get("id")
    if not isinstance(ref, str) or not ref.strip():
        raise BriefingError(f"{where}.id", f"a {kind} step needs the id of its {kind}")
    _text(ref, f"{where}.id", MAX_ID)
    if known is not None and kind in known and ref not in set(known[kind]):
        raise BriefingError(f"{where}.id", f"no {kind} {_shown(ref)} in the data")
    return Cue(kind, ref, notes)


def _only(obj: dict, keys: tuple[str, ...], where: str) -> None:
    for key in obj:
        if key not in keys:
            raise BriefingError(
                f"{where}{str(key)[:30]}",
                "not a field of a briefing here; use " + ", ".join(keys),
            )


def _text(value: object, where: str, limit: int) -> None:
    if not isinstance(value, str):
        raise BriefingError(where, "must be text")
    if len(value) > limit:
        raise BriefingError(where, f"longer than {limit} characters")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise BriefingError(where, "holds control characters")


def _shown(value: object, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False) if value is not None else "nothing"
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the URL ---------------------------------------------------------------------------


def encode(briefing: Briefing) -> str:
    """The briefing as the URL's ``briefing=`` value: compressed JSON, base64url, no padding.

    >>> b = Briefing("Tour", (Cue("overview", notes="Hello"), Cue("hub", "hub-kufra")))
    >>> decode(encode(b)) == b
    True
    """
    compact = [briefing.title, [[c.kind, c.ref, c.notes] for c in briefing.cues]]
    data = json.dumps(compact, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(zlib.compress(data, 9)).decode().rstrip("=")


def decode(text: str) -> Briefing:
    """Read a ``briefing=`` value; :class:`BriefingError` (field ``briefing``) if it is bad.

    >>> decode("nonsense")
    Traceback (most recent call last):
    ...
    geo.view.briefing.BriefingError: briefing: the link's briefing could not be read
    """
    bad = BriefingError("briefing", "the link's briefing could not be read")
    if len(text) > MAX_LINK_CHARS:
        raise BriefingError("briefing", f"longer than {MAX_LINK_CHARS} characters")
    try:
        raw = zlib.decompressobj().decompress(
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), MAX_FILE_BYTES
        )
        title, cues = json.loads(raw)
        steps = [_compact_step(c) for c in cues]
    except (ValueError, TypeError, RecursionError, binascii.Error, zlib.error):
        raise bad from None
    # The same checks as a file: the link is as untrusted as a file.
    briefing, _ = from_file(json.dumps({"briefing": VERSION, "title": title, "steps": steps}))
    return briefing


def _compact_step(cue: list) -> dict:
    kind, ref, notes = cue
    step: dict = {"kind": kind, "notes": notes}
    if kind == "year":
        step["year"] = int(ref)
    elif kind != "overview":
        step["id"] = ref
    return step
