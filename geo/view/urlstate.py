"""The whole view in the URL: filters, layers, language, base map, presenter mode and step.

:func:`parse_view` is the one place query parameters are read. It never raises:
a value it cannot use is dropped and a notice says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from geo.data.schema import LAYERS
from geo.i18n import LANGUAGES
from geo.view.briefing import MAX_LINK_CHARS, Briefing, BriefingError, decode, encode
from geo.view.filters import Filters, get_all, shown, split_ids

BASES = ("offline", "osm", "custom")  # the built-in map, OpenStreetMap tiles, a tile server
MAX_PARAM_CHARS = 200
_YES, _NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")
_STEP = re.compile(r"[0-9]{1,9}")
SINCE = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})|v(?P<version>\d{1,9})")
_ROOM = re.compile(r"[A-Za-z0-9_-]{8,32}")
FROM_FILE = "file"  # briefing= of a briefing too long for a link: the session holds it


@dataclass(frozen=True)
class ViewState:
    """What a URL says about the view.

    >>> ViewState(Filters(("xamt14",), (2008, 2008)), lang="fr").to_query_params()
    {'project': 'xamt14', 'years': '2008', 'lang': 'fr'}
    """

    filters: Filters = field(default_factory=Filters)
    layers: tuple[str, ...] = LAYERS
    lang: str = "en"
    base: str = "offline"
    present: bool = False
    step: int = 0  # the presenter's step, from 1 (the overview); 0: not set, the overview
    briefing: Briefing | None = None  # the presenter's own steps; None: every activity
    notes: bool = False  # the presenter's notes window, which follows the shared screen
    room: str = ""  # joins a presenter's window and its notes window; never in a shared link
    since: str = ""  # what changed since a day (2023-01-01) or a loaded version (v3)

    def to_query_params(self) -> dict[str, str]:
        """URL parameters for this view; defaults are left out."""
        params = self.filters.to_query_params()
        if set(self.layers) != set(LAYERS):
            params["layers"] = ",".join(self.layers) or "none"
        if self.lang != "en":
            params["lang"] = self.lang
        if self.base != "offline":
            params["base"] = self.base
        if self.present:
            params["present"] = "1"
        if self.step:
            params["step"] = str(self.step)
        if self.briefing is not None:
            encoded = encode(self.briefing)
            params["briefing"] = encoded if len(encoded) <= MAX_LINK_CHARS else FROM_FILE
        if self.since:
            params["since"] = self.since
        if self.notes:
            params["notes"] = "1"
        if self.room:
            params["room"] = self.room
        return params

    def shared(self) -> ViewState:
        """The view as a link gives it to someone else: not the presenter's own windows.

        >>> ViewState(present=True, notes=True, room="abcdefgh").shared().to_query_params()
        {'present': '1'}
        """
        return replace(self, notes=False, room="")

    @property
    def briefing_fits(self) -> bool:
        """Whether a link can carry the view's briefing (else it goes as a file)."""
        return self.briefing is None or len(encode(self.briefing)) <= MAX_LINK_CHARS


def parse_view(
    params: Mapping[str, str | list[str]],
    known_projects: Iterable[str],
    t: Callable[[str], str] = lambda s: s,
) -> tuple[ViewState, list[str]]:
    """Read a view from URL parameters, dropping what cannot be used, with notices.

    >>> view, notices = parse_view({"lang": "de", "present": "1", "step": "x"}, [])
    >>> view.lang, view.present, view.step, len(notices)
    ('en', True, 0, 2)
    """
    notices: list[str] = []
    try:
        safe = {
            k: [str(v)[: MAX_LINK_CHARS + 1 if k == "briefing" else MAX_PARAM_CHARS] for v in vs]
            for k in _keys(params)
            for vs in [get_all(params, k)]
        }
    except Exception:  # a broken mapping is a bad URL, not a crash
        return ViewState(), [t("Ignored the URL parameters: they could not be read.")]
    filters, found = Filters.from_query_params(safe, known_projects, t)
    notices += found
    view = ViewState(filters=filters)
    if safe.get("layers"):
        wanted = [] if safe["layers"][-1] == "none" else split_ids(safe["layers"][-1])
        unknown = [w for w in wanted if w not in LAYERS]
        known = tuple(w for w in LAYERS if w in wanted)
        if unknown:
            notices.append(
                t("Ignored unknown layer {value}: use hubs, routes, coverage or events.").format(
                    value=", ".join(shown(u, 16) for u in unknown[:3])
                    + (" …" if len(unknown) > 3 else "")
                )
            )
        # When no name is known the default layers stay: an empty map would say nothing.
        if known or not unknown:
            view = replace(view, layers=known)
    # Values chosen from a short list: the language and the base map.
    for key, allowed, message in (
        ("lang", LANGUAGES, t("Ignored language {value}: use en, fr or ar.")),
        ("base", BASES, t("Ignored base map {value}: use offline, osm or custom.")),
    ):
        if safe.get(key):
            value = safe[key][-1].strip().lower()
            if value in allowed:
                view = replace(view, **{key: value})
            else:
                notices.append(message.format(value=shown(value)))
    if safe.get("present"):
        raw = safe["present"][-1].strip().lower()
        if raw in _YES or raw in _NO:
            view = replace(view, present=raw in _YES)
        else:
            notices.append(t("Ignored present {value}: use 1 or 0.").format(value=shown(raw)))
    if safe.get("step"):
        raw = safe["step"][-1].strip()
        if _STEP.fullmatch(raw):
            view = replace(view, step=int(raw))
        else:
            notices.append(t("Ignored step {value}: use a whole number.").format(value=shown(raw)))
    if safe.get("since"):
        raw = safe["since"][-1].strip()
        try:
            parse_since(raw)
            view = replace(view, since=raw)
        except ValueError:
            notices.append(
                t("Ignored since {value}: use a day (2023-01-01) or a loaded version (v3).").format(
                    value=shown(raw)
                )
            )
    if safe.get("notes"):
        view = replace(view, notes=safe["notes"][-1].strip().lower() in _YES)
    if safe.get("room"):
        raw = safe["room"][-1].strip()
        if _ROOM.fullmatch(raw):
            view = replace(view, room=raw)
        else:
            notices.append(
                t("Ignored room {value}: open the notes from the presenter.").format(
                    value=shown(raw)
                )
            )
    if safe.get("briefing") and safe["briefing"][-1].strip() != FROM_FILE:
        try:
            view = replace(view, briefing=decode(safe["briefing"][-1].strip()))
        except BriefingError as err:
            notices.append(t("Ignored the briefing: {why}").format(why=err.message[:160]))
    return view, notices


def parse_since(text: str) -> dt.date | int:
    """A ``since=`` value: a day (``2023-01-01``) or a loaded version (``v3``).

    >>> parse_since("2023-01-01"), parse_since("v3")
    (datetime.date(2023, 1, 1), 3)
    >>> parse_since("yesterday")
    Traceback (most recent call last):
    ValueError: use a day (2023-01-01) or a loaded version (v3), not 'yesterday'
    """
    found = SINCE.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"use a day (2023-01-01) or a loaded version (v3), not {text!r}")
    if found["version"]:
        return int(found["version"])
    try:
        return dt.date.fromisoformat(found["date"])
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None


def _keys(params: Mapping) -> list[str]:
    return [str(k) for k in list(params.keys())]
