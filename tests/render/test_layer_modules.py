"""Each layer's module is sound: every line it shows names a field of its file and a known way."""

import pytest

from geo.data.schema import SPECS
from geo.layers import DRAW_ORDER, FILTERS, SHOWN, TITLES
from geo.layers.spec import EVERYWHERE
from geo.render.described import HOWS
from geo.view.filters import RULES


@pytest.mark.parametrize("layer", sorted(SHOWN))
def test_every_line_shows_a_field_of_the_file_in_a_known_way(layer):
    fields = set(SPECS[layer].field_names)
    for shown in SHOWN[layer]:
        assert shown.field in fields, f"{layer}: {shown.label!r} shows {shown.field!r}"
        assert shown.how in HOWS, f"{layer}: {shown.label!r} reads {shown.how!r}"
        assert shown.where and shown.where <= EVERYWHERE, f"{layer}: {shown.label!r}"


def test_every_layer_on_the_map_is_named_drawn_and_filtered():
    assert sorted(TITLES) == sorted(DRAW_ORDER) == sorted(FILTERS) == sorted(SHOWN)
    assert DRAW_ORDER == ("coverage", "routes", "hubs", "events")  # an activity over its hub
    assert set(FILTERS.values()) <= set(RULES)
