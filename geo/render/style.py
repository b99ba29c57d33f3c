"""Colours, line styles and labels shared by the maps, legends and exports."""

from __future__ import annotations

from collections.abc import Sequence

from geo.i18n import N_

# Colour-blind-safe (ColorBrewer Dark2), one per project in table order.
PROJECT_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")
MODE_COLOURS = {"land": "#8c510a", "sea": "#2166ac", "air": "#762a83"}
INDICATIVE_DASH = "6 6"
HUB_COLOUR = "#b2182b"
CLUSTER_COLOUR = "#1f2933"  # several activities at one place, with their count
# Sequential greens for 1, 2, 3+ projects active in a country.
COVERAGE_COLOURS = ("#c7e9c0", "#74c476", "#238b45")
BASEMAP_FILL, BASEMAP_LINE, SEA = "#f4f1ea", "#a8a29a", "#dbe9f4"
# Over online tiles coverage is see-through, so both the tiles and the shading show.
COVERAGE_OVER_TILES = 0.5
# Bottom to top: an activity in a hub city sits inside the hub's larger ring.
DRAW_ORDER = ("coverage", "routes", "hubs", "events")
LAYER_TITLES = {
    "coverage": N_("Country coverage"),
    "routes": N_("Smuggling routes"),
    "hubs": N_("Key hub cities"),
    "events": N_("Activities"),
}


def project_colours(project_ids: Sequence[str]) -> dict[str, str]:
    """A stable colour per project, by its place in the projects table.

    >>> project_colours(["a", "b"])["b"]
    '#d95f02'
    """
    return {pid: PROJECT_COLOURS[i % len(PROJECT_COLOURS)] for i, pid in enumerate(project_ids)}


def coverage_colour(n_projects: int) -> str:
    """Fill colour of a country covered by ``n_projects`` active projects.

    >>> coverage_colour(1), coverage_colour(5)
    ('#c7e9c0', '#238b45')
    """
    return COVERAGE_COLOURS[min(max(n_projects, 1), len(COVERAGE_COLOURS)) - 1]
