"""Colours, line styles and labels shared by the maps, legends and exports."""

from __future__ import annotations

from collections.abc import Sequence

from geo import layers

# ColorBrewer Dark2's hues (colour-blind-safe), one per project in table order, darkened
# just enough to stand 3:1 against every base map's land and sea (WCAG 1.4.11): Dark2's
# own green and yellow stood 1.3:1 on OpenStreetMap's sea. tests/render/test_palette.py checks.
PROJECT_COLOURS = ("#168060", "#b65002", "#6b66ae", "#d41878", "#4b7b16", "#906b01")
MODE_COLOURS = {"land": "#8c510a", "sea": "#2166ac", "air": "#762a83"}
INDICATIVE_DASH = "6 6"
HUB_COLOUR = "#b2182b"
CLUSTER_COLOUR = "#1f2933"  # several activities at one place, with their count
# Sequential greens for 1, 2, 3+ projects active in a country. Light fills on purpose, so
# routes, hubs and names stay readable on top; each covered country's shape is told from
# its neighbours and the sea by its COVERAGE_LINE outline (3:1 or more), its count by the
# legend, the popup, the map's list and the coverage cards.
COVERAGE_COLOURS = ("#c7e9c0", "#74c476", "#238b45")
COVERAGE_LINE = "#41704a"
BASEMAP_FILL, BASEMAP_LINE, SEA = "#f4f1ea", "#a8a29a", "#dbe9f4"
# OpenStreetMap's standard tiles: land and water.
OSM_LAND, OSM_SEA = "#f2efe9", "#aad3df"
# Over online tiles coverage is see-through, so both the tiles and the shading show.
COVERAGE_OVER_TILES = 0.5
# Bottom to top: an activity in a hub city sits inside the hub's larger ring (geo/layers).
DRAW_ORDER = layers.DRAW_ORDER
LAYER_TITLES = layers.TITLES


def project_colours(project_ids: Sequence[str]) -> dict[str, str]:
    """A stable colour per project, by its place in the projects table.

    >>> project_colours(["a", "b"])["b"]
    '#b65002'
    """
    return {pid: PROJECT_COLOURS[i % len(PROJECT_COLOURS)] for i, pid in enumerate(project_ids)}


def coverage_colour(n_projects: int) -> str:
    """Fill colour of a country covered by ``n_projects`` active projects.

    >>> coverage_colour(1), coverage_colour(5)
    ('#c7e9c0', '#238b45')
    """
    return COVERAGE_COLOURS[min(max(n_projects, 1), len(COVERAGE_COLOURS)) - 1]
