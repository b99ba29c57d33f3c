"""A briefing step in words: its heading, facts, text, sources and notes, as plain text.

The offline slideshow, the PowerPoint deck and the PDF handout all write a step from its
:class:`Card`, so they say the same as one another. Nothing here is HTML or Markdown:
each output makes the text safe for where it goes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd

from geo.data.dataset import Dataset
from geo.data.io import records
from geo.data.schema import SOURCE_LANGUAGE
from geo.i18n import N_, TITLE, format_names, localized, localized_in
from geo.layers import TITLES
from geo.layers.spec import CARD
from geo.render.described import lines
from geo.render.details import feature_details, find_feature
from geo.render.popups import leg_sources
from geo.render.printed import render_png
from geo.view.changes import Change, dated_since
from geo.view.scene import scene_of
from geo.view.selection import Selection, select
from geo.view.steps import Step, step_count, step_of, view_at
from geo.view.urlstate import parse_since

MAX_LEGS_NAMED = 8
MAX_CHANGES_NAMED = 12


@dataclass(frozen=True)
class Card:
    """What a step says: ``facts`` are (label, value); ``sources`` their titles, in English."""

    heading: str  # "Step 3 of 7: Kufra"
    title: str
    label: str = ""  # "Step 3 of 7"
    facts: tuple[tuple[str, str], ...] = ()
    text: str = ""  # a paragraph: an activity's summary, a view's caption
    sources: tuple[str, ...] = ()
    notes: str = ""
    source_language: str = SOURCE_LANGUAGE


TABLE_TITLES = {
    **TITLES,
    "routes": N_("Route legs"),
    "figures": N_("Figures from the sources"),
    "sources": N_("Sources"),
    "projects": N_("Projects"),
    "basemap": N_("Base map"),
    "land": N_("Base map"),
}
HOW = {
    "dated": N_("dated since then"),
    "added": N_("added"),
    "changed": N_("changed"),
    "removed": N_("removed"),
}


def changes_card(sel: Selection, step: Step, changes: list[Change] | str) -> Card:
    """What changed, by table and how: each line the names (and a change's fields).

    ``changes`` is the list, or why there is none to tell (a text in the language).
    """
    t = sel.t
    base = Card(step.heading, step.title, step.label, notes=step.notes)
    if isinstance(changes, str):
        return replace(base, text=changes)
    if not changes:
        return replace(base, text=t("Nothing changed since then."))
    groups: dict[tuple[str, str], list[str]] = {}
    for c in changes:
        shown = c.title + (f" ({c.date})" if c.date else "")
        if c.fields:
            shown += ": " + "; ".join(f"{f}: {a} → {b}" for f, a, b in c.fields)
        groups.setdefault((c.table, c.how), []).append(shown)
    facts = []
    for (table, how), names in groups.items():
        title = t(TABLE_TITLES.get(table, table))
        label = f"{title}, {t(HOW[how])} ({len(names)})"
        kept = names[:MAX_CHANGES_NAMED]
        more = len(names) - len(kept)
        facts.append(
            (
                label,
                "; ".join(kept)
                + (" " + t("and {count} more").format(count=more) if more > 0 else ""),
            )
        )
    return replace(base, facts=tuple(facts))


def card_of(sel: Selection, step: Step) -> Card:
    """The card of ``step`` of the view ``sel`` (a year's step: ``sel`` of that year).

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.briefing import Briefing, Cue
    >>> from geo.view.selection import select
    >>> from geo.view.steps import step_of
    >>> from geo.view.urlstate import ViewState
    >>> b = Briefing("T", (Cue("overview"), Cue("hub", "hub-kufra", "Say this")))
    >>> sel = select(load_dataset(), ViewState(briefing=b))
    >>> card = card_of(sel, step_of(sel, 2))
    >>> card.heading, card.facts[0], card.notes
    ('Step 2 of 2: Kufra', ('Country', 'Libya'), 'Say this')
    """
    t = sel.t
    base = Card(step.heading, step.title, step.label, notes=step.notes)
    if step.missing:
        return replace(base, text=t("This view's filters do not show this step."))
    if step.kind == "overview" or step.kind == "year":
        return replace(base, text=sel.caption, facts=_figures(sel))
    if step.kind == "figure":
        figure = next(f for f in sel.source_figures if f.id == step.cue.ref)
        facts = [(t("Where"), figure.place), (t("When"), figure.when)]
        text = f"“{figure.quote}”" if figure.quote else ""
        return replace(base, facts=_kept(facts), text=text, sources=(figure.source,))
    if step.event is not None:
        event = step.event
        facts = [(label, text) for label, text, _ in lines("events", event, sel, CARD)]
        summary, _ = localized_in(event, "summary", sel.lang)
        return replace(base, facts=_kept(facts), text=summary or "", sources=(event["source"],))
    if step.kind == "route" and step.cue.ref != step.feature["id"]:
        return _route(sel, base, step.cue.ref)
    details = feature_details(*find_feature(sel, step.feature["id"]), sel)
    sources = (details.source,) if details.source else ()
    return replace(base, facts=details.fields, sources=sources)


@dataclass(frozen=True)
class StepPage:
    """A step of a briefing as an export shows it: the step, its card, what its map shows."""

    step: Step
    card: Card
    sel: Selection  # the view's; a year's step, that year's

    def map_png(self, basemap: gpd.GeoDataFrame, size: tuple[int, int]) -> bytes:
        """The step's map as a PNG image, framed and marked as the presenter's map."""
        return render_png(self.sel, basemap, scene_of(self.sel, step=self.step), size)


def briefing_title(sel: Selection) -> str:
    """The briefing's title; untitled, the dashboard's, in the view's language."""
    briefing = sel.view.briefing
    return briefing.title if briefing is not None and briefing.title else sel.t(TITLE)


def step_pages(
    data: Dataset, sel: Selection, changes: list[Change] | str | None = None
) -> list[StepPage]:
    """Every step of the view's briefing (without one, the overview and each activity).

    ``changes``: what changed since the view's ``since=`` (a store's diff, which only its
    caller can read); by default, what the data dates since that day.
    """
    out = []
    for number in range(1, step_count(sel) + 1):
        step = step_of(sel, number)
        at = sel if step.kind != "year" else select(data, view_at(sel.view, step), sel.t)
        if step.kind == "changes":
            found = changes if changes is not None else files_changes(data, sel)
            card = changes_card(sel, step, found)
        else:
            card = card_of(at, step)
        out.append(StepPage(step, card, at))
    return out


def files_changes(data: Dataset, sel: Selection) -> list[Change] | str:
    """What the data dates since the view's day; a loaded version needs the store."""
    since = parse_since(sel.view.since)
    if isinstance(since, int):
        return sel.t("A loaded version (v{version}) is compared in the store.").format(
            version=since
        )
    return dated_since(data, since, sel.lang)


def _route(sel: Selection, base: Card, route_id: str) -> Card:
    """A whole route: its legs, and every source that states one of them (each its own)."""
    t, lang = sel.t, sel.lang
    legs = [r for r in records(sel.layer("routes")) if r["route_id"] == route_id]
    names = [localized(r, "name", lang) for r in legs]
    shown = format_names(names[:MAX_LEGS_NAMED], lang)
    if len(names) > MAX_LEGS_NAMED:
        shown += " " + t("and {count} more legs").format(count=len(names) - MAX_LEGS_NAMED)
    modes = format_names(sorted({t(r["mode"]) for r in legs}), lang)
    sources: list[str] = []
    for leg in legs:
        for title, _ in leg_sources(leg, sel):
            if title and title not in sources:
                sources.append(title)
    facts = ((t("Legs ({count})").format(count=len(legs)), shown), (t("Mode"), modes))
    return replace(base, facts=facts, sources=tuple(sources))


def _figures(sel: Selection) -> tuple[tuple[str, str], ...]:
    t, f = sel.t, sel.figures
    return (
        (t("Projects"), str(f.projects)),
        (t("Countries covered"), str(f.countries)),
        (t("Key hub cities"), str(f.hubs)),
        (t("Activities"), str(f.events)),
        (t("Route legs"), str(f.route_legs)),
    )


def _kept(facts) -> tuple[tuple[str, str], ...]:
    return tuple((label, value) for label, value in facts if value)
