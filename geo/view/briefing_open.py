"""A briefing file opened against the data: the view's parameters and every step checked.

Kept apart from :mod:`geo.view.briefing`, which :mod:`geo.view.urlstate` imports: this
reads the view's parameters with urlstate's own :func:`~geo.view.urlstate.parse_view`.
"""

from __future__ import annotations

from geo.data.dataset import Dataset
from geo.view.briefing import VIEW_KEYS, Briefing, from_file
from geo.view.urlstate import parse_view


def known_ids(data: Dataset) -> dict[str, set[str]]:
    """The ids ``data`` holds, by kind of step."""
    routes = data.layer("routes")
    return {
        "activity": set(data.layer("events")["id"]),
        "hub": set(data.layer("hubs")["id"]),
        "route": set(routes["id"]) | set(routes["route_id"]),
        "country": set(data.layer("coverage")["iso3"]),
        "figure": set(data.table("figures")["id"]),
    }


def open_briefing(raw: bytes | str, data: Dataset) -> tuple[Briefing, dict[str, str]]:
    """A briefing file read and checked against ``data``.

    Its view's parameters must be ones the app reads, and every step must name what the
    data holds. Raises :class:`~geo.view.briefing.BriefingError` naming the field.
    """
    projects = list(data.projects["id"])

    def check_view(key: str, value: str) -> str | None:
        if key not in VIEW_KEYS:
            return "not a view parameter; use " + ", ".join(VIEW_KEYS)
        _, notices = parse_view({key: value}, projects)
        return notices[0] if notices else None

    return from_file(raw, check_view, known_ids(data))
