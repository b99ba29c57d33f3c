"""A map that names next to nothing names where its route legs start and end."""

from geo import Filters
from geo.render.labels import map_labels
from geo.view.selection import select
from geo.view.urlstate import ViewState


def _places(data, view):
    return {
        x["text"] for x in map_labels(select(data, view), data.basemap, 13) if x["kind"] == "place"
    }


def test_a_year_when_no_project_ran_names_the_ends_of_its_legs(shipped):
    # 2016: no project runs, so no hub and no activity; three legs from Kufra are drawn.
    assert {"Kufra", "Tripoli", "Ajdabiya", "Benghazi"} <= _places(
        shipped, ViewState(Filters(years=(2016, 2016)))
    )
    assert "الكفرة" in _places(shipped, ViewState(Filters(years=(2016, 2016)), lang="ar"))


def test_a_map_that_names_its_hubs_leaves_the_route_ends_unnamed(shipped):
    assert "Agadez" not in _places(shipped, ViewState())
