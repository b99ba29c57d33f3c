"""The presenter's steps: an overview, then one activity a step, in the selection's date order.

Steps are numbered from 1, as people count them and as the URL's ``step`` says: step 1 is
the overview, step ``n + 1`` the ``n``-th activity. The presenter, its map and the exports
taken at a step all read the step from here, so the title and framing cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from geo.i18n import localized
from geo.view.selection import Selection

STEP_ZOOM = 6  # a region of a few hundred kilometres around the activity


@dataclass(frozen=True)
class Step:
    """One step: its number, the count, a title, and the activity with its place."""

    number: int
    count: int
    label: str  # "Step 3 of 23", in the view's language
    title: str
    event: dict | None = None
    place: str = ""  # where, as the card and the map name it
    lat: float | None = None  # the middle of its places: where the map centres
    lon: float | None = None
    points: tuple[tuple[float, float], ...] = ()  # (lat, lon) of each of its places

    @property
    def placed(self) -> bool:
        """Whether the map moves to this step's activity (its place is stated)."""
        return self.lat is not None

    @property
    def heading(self) -> str:
        """'Step 3 of 23: <title>', for the presenter's counter and for exports."""
        return self.label + ": " + self.title


def step_count(sel: Selection) -> int:
    """The overview and one step per activity shown."""
    return len(sel.events) + 1


def clamp(sel: Selection, number: int) -> int:
    """``number`` brought into 1 .. the step count (a URL's 0 is the overview)."""
    return min(max(number, 1), step_count(sel))


def step_of(sel: Selection, number: int) -> Step:
    """The step ``number`` of the selection's walk-through (clamped to the steps there are).

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.urlstate import ViewState
    >>> from geo.view.selection import select
    >>> sel = select(load_dataset(), ViewState())
    >>> first = step_of(sel, 0)
    >>> first.number, first.title, first.placed
    (1, 'Overview', False)
    >>> step_of(sel, 2).heading.startswith("Step 2 of ")
    True
    """
    t, count = sel.t, step_count(sel)
    number = clamp(sel, number)
    label = t("Step {step} of {count}").format(step=number, count=count)
    if number == 1:
        return Step(number, count, label, t("Overview"))
    event = sel.events[number - 2]
    geom = event["geometry"]
    place = step_place(event, sel)
    title = localized(event, "name", sel.lang)
    if geom is None or geom.is_empty:
        # No stated place: the step names the activity but the map stays where it is.
        return Step(number, count, label, title, event, place)
    centre = geom.centroid
    parts = getattr(geom, "geoms", [geom])
    points = tuple((p.y, p.x) for p in parts)
    return Step(number, count, label, title, event, place, centre.y, centre.x, points)


def on_basis(place: str, event: Mapping, t: Callable[[str], str]) -> str:
    """An activity's place as its source gives it: the venue, or where it was reported from.

    >>> on_basis("Rabat", {"location_basis": "dateline"}, lambda s: s)
    'reported from Rabat'
    >>> on_basis("Cairo", {"location_basis": "stated"}, lambda s: s)
    'Cairo'
    """
    basis = event.get("location_basis")
    if basis == "dateline":
        return t("reported from {place}").format(place=place)
    if basis == "organiser":
        return t("{place}, where its organiser is").format(place=place)
    return place


def step_place(event: dict, sel: Selection) -> str:
    """Where a step's activity took place, as its source says.

    The venue; the country with "(country only)" when the source names no city; empty
    when it names no place.

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.urlstate import ViewState
    >>> from geo.view.selection import select
    >>> sel = select(load_dataset(), ViewState())
    >>> step_place({"place": None, "iso3": "TUR", "location_precision": "country"}, sel)
    'Turkey (country only)'
    >>> step_place({"place": "Cairo", "iso3": "EGY", "location_precision": "city"}, sel)
    'Cairo'
    """
    place = localized(event, "place", sel.lang)
    if place:
        return on_basis(place, event, sel.t)
    iso3 = event.get("iso3")
    if event.get("location_precision") == "country" and iso3:
        country = sel.country_names.get(iso3, iso3)
        return f"{country} ({sel.t('country only')})"  # as the activity's popup says
    return ""
