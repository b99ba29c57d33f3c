"""One frame of the view: all that decides what one map shows, as one frozen value.

The URL's view (:class:`~geo.view.urlstate.ViewState`: filters, layers, language, base map,
presenter mode and step) says most of it. A page adds which of its layers its map draws; the
presenter's step is read from the selection (:mod:`geo.view.steps`); the sidebar's place
search gives a focus; the base map stands for tiles whose address an online base map reads
from the environment, once, here; and the title follows the step. The live map, every
export (map file, PNG, PDF) and the CLI's ``python -m geo map`` take a :class:`Scene`, so
a file shows what the screen showed and the key of a rendering kept is the scene itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from geo.i18n import TITLE, Translate
from geo.view.selection import Selection
from geo.view.steps import Step, step_of
from geo.view.urlstate import ViewState

TILE_URL_ENV, TILE_ATTR_ENV = "GEO_TILE_URL", "GEO_TILE_ATTRIBUTION"
OSM_TILES = ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors")
FOCUS_ZOOM = 8  # a found place: a city and its surroundings


@dataclass(frozen=True)
class Tiles:
    """Online tiles under the map: their address template and whose they are."""

    url: str
    attribution: str


@dataclass(frozen=True)
class Focus:
    """Where the map opens instead of framing the view, and the feature it marks there."""

    lat: float
    lon: float
    zoom: float = FOCUS_ZOOM
    feature: str | None = None


def tiles_for(
    base: str, t: Translate = lambda s: s, env: Mapping[str, str] | None = None
) -> Tiles | None:
    """The tiles of the base map ``base``: none for the built-in map.

    ``custom`` is the tile server of ``$GEO_TILE_URL``; unset, the built-in map stays.

    >>> tiles_for("offline") is None, tiles_for("osm").url.startswith("https://tile.")
    (True, True)
    >>> tiles_for("custom", env={}) is None
    True
    >>> tiles_for("custom", env={TILE_URL_ENV: "http://tiles.lan/{z}/{x}/{y}.png"}).attribution
    'Internal tile server'
    """
    env = os.environ if env is None else env
    if base == "osm":
        return Tiles(*OSM_TILES)
    if base == "custom" and env.get(TILE_URL_ENV):
        return Tiles(env[TILE_URL_ENV], env.get(TILE_ATTR_ENV) or t("Internal tile server"))
    return None


@dataclass(frozen=True)
class Scene:
    """One map as it is shown: the view, the layers drawn, the step, focus, tiles and title.

    Equal scenes show the same map of the same data. The step compares by its number, which
    ``view.step`` holds (:func:`scene_of` keeps them together).
    """

    view: ViewState = field(default_factory=ViewState)
    # The layers the map draws (scene_of: those of the page's the view shows); None: all the
    # view shows. Two pages that draw the same layers show one map.
    layers: tuple[str, ...] | None = None
    step: Step | None = field(default=None, compare=False)
    focus: Focus | None = None
    tiles: Tiles | None = None
    name: str = TITLE  # the dashboard's title, in the view's language

    @property
    def title(self) -> str:
        """The dashboard's title, and at a presenter step that step's heading."""
        return self.name if self.step is None else f"{self.name} · {self.step.heading}"

    @property
    def highlight(self) -> str | None:
        """The feature marked on the map: the step's activity, else the place found."""
        if self.step is not None and self.step.feature:
            return self.step.feature["id"]
        return self.focus.feature if self.focus else None

    def shown(self, sel: Selection) -> Selection:
        """What of the view's selection ``sel`` this scene's map draws."""
        if self.layers is None or self.layers == tuple(sel.layers):
            return sel  # the selection itself: what is worked out of it once stays worked out
        return sel.only(self.layers)

    def without_step(self) -> Scene:
        """The same map before any step is marked: what the live map renders once."""
        # Nor its briefing: a briefing's steps and notes are marks on the same map.
        return replace(self, view=replace(self.view, step=0, briefing=None), step=None)


def scene_of(
    sel: Selection,
    layers: Iterable[str] | None = None,
    step: int | Step | None = None,
    focus: Focus | None = None,
    env: Mapping[str, str] | None = None,
) -> Scene:
    """The scene of the selection ``sel``'s view.

    ``layers``: the page's (None: all the view shows), those the view shows kept; ``step``:
    a presenter's step, its number (read from ``sel``) or the step itself; ``focus``: a
    place the search found; ``env``: where an online base map's address is read (the
    process's environment).

    >>> from geo.data.dataset import load_dataset
    >>> from geo.view.selection import select
    >>> sel = select(load_dataset(), ViewState(present=True, step=2))
    >>> scene = scene_of(sel, step=sel.view.step)
    >>> scene.view.step, scene.title.endswith(scene.step.title), scene.highlight.startswith("ev")
    (2, True, True)
    >>> scene_of(sel, step=9999).view.step == scene_of(sel, step=9999).step.count
    True
    >>> scene_of(sel) == scene_of(sel), scene_of(sel) == scene
    (True, False)
    """
    t = sel.t
    if isinstance(step, int):
        step = step_of(sel, step)
    view = replace(sel.view.shared(), step=step.number if step is not None else 0)
    wanted = set(sel.layers if layers is None else layers)
    return Scene(
        view=view,
        layers=tuple(name for name in sel.layers if name in wanted),
        step=step,
        focus=focus,
        tiles=tiles_for(view.base, t, env),
        name=t(TITLE),
    )
