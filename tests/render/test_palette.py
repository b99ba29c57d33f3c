"""The map's colours stand out from every base map (WCAG 1.4.11: 3:1 for graphics).

Text (legend, names on the map, popups) is HTML inside the map's frame: axe-core's
color-contrast checks it in tests/browser/test_page_checkers.py. Colours on a canvas or drawn as
SVG shapes are checked here, against the built-in base map and OpenStreetMap's tiles.
"""

from __future__ import annotations

import itertools

import pytest

from geo.render import style

BACKGROUNDS = {
    "built-in land": style.BASEMAP_FILL,
    "built-in sea": style.SEA,
    "OSM land": style.OSM_LAND,
    "OSM sea": style.OSM_SEA,
}
GRAPHICS = {
    **{f"{mode} route": c for mode, c in style.MODE_COLOURS.items()},
    **{f"project {i + 1}": c for i, c in enumerate(style.PROJECT_COLOURS)},
    "hub": style.HUB_COLOUR,
    "activity group": style.CLUSTER_COLOUR,
    "coverage outline": style.COVERAGE_LINE,
}


def luminance(hex_colour: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour ``#rrggbb``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2's contrast ratio, from 1 to 21."""
    dark, light = sorted((luminance(a), luminance(b)))
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_gives_wcags_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey


@pytest.mark.parametrize(("what", "colour"), GRAPHICS.items())
def test_graphics_stand_3_to_1_on_every_base_map(what, colour):
    weak = {
        bg: round(contrast(colour, c), 2)
        for bg, c in BACKGROUNDS.items()
        if contrast(colour, c) < 3
    }
    assert not weak, f"{what} {colour} under 3:1 against {weak}"


def test_project_colours_stay_distinct():
    # Told apart by hue as well as lightness: no two projects alike on the map.
    for a, b in itertools.combinations(style.PROJECT_COLOURS, 2):
        distance = sum(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) for i in (1, 3, 5))
        assert distance > 60, (a, b)


def test_coverage_shades_step_up_in_darkness():
    lum = [luminance(c) for c in style.COVERAGE_COLOURS]
    assert lum == sorted(lum, reverse=True)
    assert all(contrast(a, b) > 1.3 for a, b in itertools.pairwise(style.COVERAGE_COLOURS))
