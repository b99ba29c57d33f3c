"""The presenter's steps: the briefing's cues as the map and the card show them.

Steps are numbered from 1, as people count them and as the URL's ``step`` says. Without a
briefing (:mod:`geo.view.briefing`) step 1 is the overview and step ``n + 1`` the
``n``-th activity in date order; with one, its cues in its order. The presenter, its map
and the exports taken at a step all read the step from here, so the title and framing
cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geo.i18n import localized
from geo.view.briefing import Cue, default_cues
from geo.view.selection import Selection
from geo.view.urlstate import ViewState

STEP_ZOOM = 6  # a region of a few hundred kilometres around the activity
LAYER_OF = {"activity": "events", "hub": "hubs", "route": "routes", "country": "coverage"}


@dataclass(frozen=True)
class Step:
    """One step: its number, the count, a title, and what it shows, with its place.

    ``feature`` is the step's activity, hub, leg or country as its layer holds it (a
    route's first leg; a country's first coverage), or ``None`` (the overview, a year, a
    figure, or a feature this view does not show: ``missing``).
    """

    number: int
    count: int
    label: str  # "Step 3 of 23", in the view's language
    title: str
    event: dict | None = None  # the step's activity
    place: str = ""  # where, as the card and the map name it
    lat: float | None = None  # the middle of its places: where the map centres
    lon: float | None = None
    points: tuple[tuple[float, float], ...] = ()  # (lat, lon) of each place ringed
    cue: Cue = Cue("overview")
    feature: dict | None = None
    bounds: tuple[float, float, float, float] | None = None  # a line's or country's (w, s, e, n)
    missing: bool = False  # the briefing names a feature this view does not show

    @property
    def placed(self) -> bool:
        """Whether the map moves to this step (its place is stated)."""
        return self.lat is not None

    @property
    def heading(self) -> str:
        """'Step 3 of 23: <title>', for the presenter's counter and for exports."""
        return self.label + ": " + self.title

    @property
    def notes(self) -> str:
        """What the presenter says at this step."""
        return self.cue.notes

    @property
    def kind(self) -> str:
        """overview, activity, hub, route, country, figure, year, or changes (since=)."""
        return self.cue.kind


def view_at(view: ViewState, step: Step) -> ViewState:
    """The view a step's map shows: a year step's, that year alone; else the view itself.

    >>> from geo.view.briefing import Cue
    >>> view_at(ViewState(), Step(2, 3, "", "", cue=Cue("year", "2020"))).filters.years
    (2020, 2020)
    """
    if step.kind != "year":
        return view
    year = int(step.cue.ref)
    return replace(view, filters=replace(view.filters, years=(year, year)))


def cues_of(sel: Selection) -> tuple[Cue, ...]:
    """The view's briefing's cues; without one, the overview and every activity.

    With ``since=`` in the view, what changed since then comes first.
    """
    briefing = sel.view.briefing
    if briefing is not None and briefing.cues:
        cues = briefing.cues
    else:
        cues = default_cues(e["id"] for e in sel.events)
    return ((Cue("changes", sel.view.since),) if sel.view.since else ()) + cues


def step_count(sel: Selection) -> int:
    """How many steps the view's briefing has."""
    return len(cues_of(sel))


def clamp(sel: Selection, number: int) -> int:
    """``number`` brought into 1 .. the step count (a URL's 0 is the overview)."""
    return min(max(number, 1), step_count(sel))


def step_of(sel: Selection, number: int) -> Step:
    """The step ``number`` of the selection's briefing (clamped to the steps there are).

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
    cues = cues_of(sel)
    t, count = sel.t, len(cues)
    number = clamp(sel, number)
    label = t("Step {step} of {count}").format(step=number, count=count)
    cue = cues[number - 1]
    base = Step(number, count, label, t("Overview"), cue=cue)
    if cue.kind == "overview":
        return base
    if cue.kind == "year":
        return replace(base, title=t("The year {year}").format(year=cue.ref))
    if cue.kind == "changes":
        return replace(base, title=t("What changed since {since}").format(since=cue.ref))
    if cue.kind == "figure":
        return _figure_step(sel, base)
    layer = LAYER_OF[cue.kind]
    gdf = sel.layer(layer)
    if cue.kind == "route":
        rows = gdf[(gdf["id"] == cue.ref) | (gdf["route_id"] == cue.ref)] if len(gdf) else gdf
    elif cue.kind == "country":
        rows = gdf[gdf["iso3"] == cue.ref] if len(gdf) else gdf
    else:
        rows = gdf[gdf["id"] == cue.ref] if len(gdf) else gdf
    if rows.empty:
        return _missing(sel, base)
    feature = rows.iloc[0].to_dict()
    if cue.kind == "activity":
        event = next((e for e in sel.events if e["id"] == cue.ref), feature)
        return _placed(
            replace(
                base,
                event=event,
                feature=event,
                place=step_place(event, sel),
                title=localized(event, "name", sel.lang),
            ),
            event["geometry"],
        )
    if cue.kind == "hub":
        title = localized(feature, "name", sel.lang)
        hub = replace(base, feature=feature, title=title, place=title)
        return _placed(hub, feature["geometry"])
    if cue.kind == "route":
        whole = cue.ref != feature["id"]  # a route by its id: all its legs
        title = localized(feature, "route_name" if whole else "name", sel.lang)
        geom = unary_union([g for g in rows.geometry if g is not None])
        return _framed(replace(base, feature=feature, title=title), geom)
    name = sel.country_names.get(cue.ref, cue.ref)
    geom = unary_union([g for g in rows.geometry if g is not None])
    return _framed(replace(base, feature=feature, title=name), geom)


def _placed(step: Step, geom: BaseGeometry | None) -> Step:
    """A point step: centred on its place, or its places ringed and framed."""
    if geom is None or geom.is_empty:
        # No stated place: the step names the activity but the map stays where it is.
        return step
    centre = geom.centroid
    parts = getattr(geom, "geoms", [geom])
    points = tuple((p.y, p.x) for p in parts)
    return replace(step, lat=centre.y, lon=centre.x, points=points)


def _framed(step: Step, geom: BaseGeometry | None) -> Step:
    """A line's or a country's step: the map fits its bounds."""
    if geom is None or geom.is_empty:
        return step
    centre = geom.centroid
    return replace(step, lat=centre.y, lon=centre.x, bounds=tuple(geom.bounds))


def _figure_step(sel: Selection, base: Step) -> Step:
    figure = next((f for f in sel.source_figures if f.id == base.cue.ref), None)
    if figure is None:
        return _missing(sel, base)
    title = f"{figure.value}: {figure.what}"
    return replace(base, title=title, place=figure.place)


def _missing(sel: Selection, base: Step) -> Step:
    """A cue whose feature this view does not show: named, and the map stays."""
    title = sel.t("Not shown in this view: {what}").format(what=base.cue.ref)
    return replace(base, title=title, missing=True)


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
