"""The whole view in the URL: filters, layers, language, presenter mode, briefing step.

:func:`parse_view` is the one place query parameters are read. It never raises:
a value it cannot use is dropped and a notice says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from geo.filters import Filters, get_all, split_ids
from geo.schema import LAYERS

LANGUAGES = ("en", "fr", "ar")
MAX_PARAM_CHARS = 200


@dataclass(frozen=True)
class ViewState:
    """What a URL says about the view.

    >>> ViewState(Filters(("xamt14",), (2008, 2008)), lang="fr").to_query_params()
    {'project': 'xamt14', 'years': '2008', 'lang': 'fr'}
    """

    filters: Filters = field(default_factory=Filters)
    layers: tuple[str, ...] = LAYERS
    lang: str = "en"
    present: bool = False
    step: int = 0

    def to_query_params(self) -> dict[str, str]:
        """URL parameters for this view; defaults are left out."""
        params = self.filters.to_query_params()
        if set(self.layers) != set(LAYERS):
            params["layers"] = ",".join(self.layers) or "none"
        if self.lang != "en":
            params["lang"] = self.lang
        if self.present:
            params["present"] = "1"
        if self.step:
            params["step"] = str(self.step)
        return params

    def with_filters(self, filters: Filters) -> ViewState:
        """The same view with other filters."""
        return replace(self, filters=filters)


def parse_view(
    params: Mapping[str, str | list[str]], known_projects: Iterable[str]
) -> tuple[ViewState, list[str]]:
    """Read a view from URL parameters, dropping what cannot be used, with notices.

    >>> view, notices = parse_view({"lang": "de", "present": "1", "step": "x"}, [])
    >>> view.lang, view.present, view.step, len(notices)
    ('en', True, 0, 2)
    """
    notices: list[str] = []
    try:
        safe = {k: [str(v)[:MAX_PARAM_CHARS] for v in get_all(params, k)] for k in _keys(params)}
    except Exception:  # a broken mapping is a bad URL, not a crash
        return ViewState(), ["Ignored the URL parameters: they could not be read."]
    filters, found = Filters.from_query_params(safe, known_projects)
    notices += found
    view = ViewState(filters=filters)
    if safe.get("layers"):
        wanted = [] if safe["layers"][-1] == "none" else split_ids(safe["layers"][-1])
        unknown = [w for w in wanted if w not in LAYERS]
        if unknown:
            notices.append(f"Ignored unknown layer {', '.join(repr(u[:40]) for u in unknown)}.")
        view = replace(view, layers=tuple(w for w in LAYERS if w in wanted))
    if safe.get("lang"):
        lang = safe["lang"][-1].strip().lower()
        if lang in LANGUAGES:
            view = replace(view, lang=lang)
        else:
            notices.append(f"Ignored language {lang[:40]!r}: use en, fr or ar.")
    if safe.get("present"):
        view = replace(view, present=safe["present"][-1].strip().lower() in ("1", "true", "yes"))
    if safe.get("step"):
        raw = safe["step"][-1].strip()
        if raw.isdigit() and len(raw) <= 6:
            view = replace(view, step=int(raw))
        else:
            notices.append(f"Ignored step {raw[:40]!r}: use a whole number.")
    return view, notices


def _keys(params: Mapping) -> list[str]:
    return [str(k) for k in list(params.keys())]
