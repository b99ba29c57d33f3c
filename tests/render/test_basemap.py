"""The drawn basemap: simplified without seams, borders still shared, detail where the story is."""

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString

from geo.render.basemap import STORY_LATITUDES, STORY_LONGITUDES, display_basemap

STRAIGHT = 1.5  # degrees: longer than any straight edge simplification alone would make here
# How far a drawn edge may stray from the source's borders: the simplification's own reach
# far from the story (the seams ran hundreds of kilometres through sea and desert).
ASTRAY = 0.25  # degrees


@pytest.fixture(scope="module")
def drawn(shipped):
    return display_basemap(shipped.basemap)


def straight_edges(geometries):
    """Every edge of the polygons' rings running along a meridian or a parallel for long."""
    found = []
    for ring in shapely.get_rings(shapely.get_parts(geometries)):
        xy = shapely.get_coordinates(ring)
        for (x0, y0), (x1, y1) in zip(xy[:-1], xy[1:], strict=True):
            along = abs(x1 - x0) < 1e-9 or abs(y1 - y0) < 1e-9
            if along and max(abs(x1 - x0), abs(y1 - y0)) > STRAIGHT:
                found.append(LineString([(x0, y0), (x1, y1)]))
    return found


def invented(edges, countries):
    """The ``edges`` that stray more than :data:`ASTRAY` from every border and coast of
    ``countries``."""
    tree = shapely.STRtree(shapely.get_parts(countries.boundary.values))
    out = []
    for edge in edges:
        probes = shapely.line_interpolate_point(edge, [i / 20 for i in range(21)], normalized=True)
        _, distances = tree.query_nearest(probes, return_distance=True, all_matches=False)
        if distances.max() > ASTRAY:
            out.append(edge)
    return out


def test_no_straight_line_the_countries_do_not_have(shipped, drawn):
    """The seams of a piecewise simplification (40°E, 12°N, 46°N) read as boundary claims."""
    found = invented(straight_edges(drawn.geometry.values), shipped.basemap.geometry)
    assert not found, [list(e.coords) for e in found[:5]]
    real = straight_edges(shipped.basemap.geometry.values)
    assert real, "the source has straight borders (Egypt and Sudan's at 22°N): the check can see"


def test_borders_stay_shared(shipped, drawn):
    """Two neighbours meet along one line: no gap and no overlap between them."""
    shapes = dict(zip(drawn["iso3"], drawn.geometry, strict=True))
    for a, b in [("LBY", "EGY"), ("LBY", "TUN"), ("DZA", "MAR"), ("EGY", "SDN"), ("NER", "TCD")]:
        assert shapes[a].intersection(shapes[b]).area < 1e-6, (a, b)
        assert shapes[a].intersection(shapes[b]).length > 1, (a, b)
    assert shapely.is_valid(drawn.geometry.values).all()


def test_more_detail_where_the_story_is(drawn):
    """A border's edges are less than half as long in the story's box as outside it."""
    inside, outside = [], []
    for ring in shapely.get_rings(shapely.get_parts(drawn.geometry.values)):
        xy = shapely.get_coordinates(ring)
        middle = (xy[:-1] + xy[1:]) / 2
        lengths = np.hypot(*(xy[1:] - xy[:-1]).T)
        west, east = STORY_LONGITUDES
        south, north = STORY_LATITUDES
        story = (middle[:, 0] > west) & (middle[:, 0] < east)
        story &= (middle[:, 1] > south) & (middle[:, 1] < north)
        inside += list(lengths[story])
        outside += list(lengths[~story])
    assert np.median(inside) < np.median(outside) / 2
