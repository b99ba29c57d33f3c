"""A FeatureCollection read in batches gives the features the whole file gives, and its problems."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.data.io import read_features
from geo.data.stream import FeatureBatches, FileProblem


def _write(path, doc) -> object:
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def _feature(i: int, props: dict | None = None) -> dict:
    return {
        "type": "Feature",
        "properties": {"id": f"ev-{i}", **(props or {})},
        "geometry": {"type": "Point", "coordinates": [10 + i / 1000, 30.5]},
    }


def test_batches_hold_every_feature_in_order_at_most_size_each(tmp_path):
    features = [_feature(i) for i in range(10)]
    path = _write(tmp_path / "events.geojson", {"type": "FeatureCollection", "features": features})
    batches = FeatureBatches(path, 4)
    assert batches.problems() == []
    got = list(batches)
    assert [len(b) for b in got] == [4, 4, 2]
    assert [f for b in got for f in b] == features
    assert batches.done == batches.total == path.stat().st_size


# Property values as JSON has them: the batches must read them as json.loads does.
_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None)
@given(props=st.lists(st.dictionaries(st.text(min_size=1, max_size=6), _values), min_size=1))
def test_batches_read_values_as_the_whole_file_reads_them(tmp_path_factory, props):
    path = tmp_path_factory.mktemp("s") / "events.geojson"
    features = [_feature(i, p) for i, p in enumerate(props)]
    _write(path, {"type": "FeatureCollection", "features": features})
    whole, problems = read_features(path)
    assert problems == []
    streamed = [f for b in FeatureBatches(path, 3) for f in b]
    assert streamed == whole
    for a, b in zip(streamed, whole, strict=True):  # 1 and 1.0 are equal: the types too
        assert json.dumps(a) == json.dumps(b)


@pytest.mark.parametrize(
    ("doc", "field", "said"),
    [
        ({"type": "Feature", "features": []}, "-", "not a GeoJSON FeatureCollection"),
        ("[1, 2", "-", "not valid JSON"),
        ("", "-", "file is empty"),
        (
            {"type": "FeatureCollection", "crs": {"properties": {"name": "EPSG:3857"}}},
            "crs",
            "declares CRS EPSG:3857",
        ),
        # An object whose member is named as a list's items are: not features either.
        ({"type": "FeatureCollection", "features": {"item": _feature(1)}}, "-", "not a list"),
        ({"type": "FeatureCollection"}, "-", "'features' is not a list"),
    ],
)
def test_a_file_that_is_not_a_collection_is_named_before_any_batch(tmp_path, doc, field, said):
    path = _write(tmp_path / "events.geojson", doc)
    (problem,) = FeatureBatches(path, 10).problems()
    assert (problem.file, problem.field) == ("events.geojson", field)
    assert said in problem.message


def test_a_missing_file_is_named(tmp_path):
    (problem,) = FeatureBatches(tmp_path / "events.geojson", 10).problems()
    assert "file not found" in problem.message


def test_an_empty_collection_is_said_as_it_is_read(tmp_path):
    path = _write(tmp_path / "events.geojson", '{"type": "FeatureCollection", "features": []}')
    assert FeatureBatches(path, 10).problems() == []
    with pytest.raises(FileProblem) as raised:
        list(FeatureBatches(path, 10))
    assert raised.value.problem.message == "holds no feature"


def test_nan_is_not_json_here_either(tmp_path):
    path = _write(
        tmp_path / "events.geojson", '{"type": "FeatureCollection", "features": [{"a": NaN}]}'
    )
    (problem,) = FeatureBatches(path, 10).problems()
    assert problem.message.startswith("not valid JSON")
    assert read_features(path)[1][0].message.startswith("not valid JSON")


def test_a_file_cut_half_way_gives_its_first_batches_then_says_where_it_broke(tmp_path):
    features = [_feature(i) for i in range(10)]
    text = json.dumps({"type": "FeatureCollection", "features": features})
    path = _write(tmp_path / "events.geojson", text[: len(text) * 2 // 3])
    got = []
    with pytest.raises(FileProblem) as raised:
        for batch in FeatureBatches(path, 2):
            got.append(batch)
    assert [f for b in got for f in b] == features[: 2 * len(got)] and got
    assert "truncated?" in raised.value.problem.message


@pytest.mark.parametrize("escape", ["\\ud800x", "\\udc00", "a\\ud83d"])
def test_a_lone_surrogate_is_named_not_replaced(tmp_path, escape):
    features = [_feature(i) for i in range(5)]
    features[3]["properties"]["name"] = "PLACEHOLDER"
    text = json.dumps({"type": "FeatureCollection", "features": features})
    path = _write(tmp_path / "events.geojson", text.replace("PLACEHOLDER", escape))
    found = FeatureBatches(path, 2).problems()
    if not found:
        with pytest.raises(FileProblem) as raised:
            list(FeatureBatches(path, 2))
        found = [raised.value.problem]
    (problem,) = found
    assert problem.file == "events.geojson"
    assert "not text" in problem.message or "cannot be read" in problem.message


def test_escape_pairs_across_the_reads_of_a_large_file_are_text(tmp_path):
    # Smileys (a surrogate pair each) at every offset around the reader's 64 KB reads.
    features = [_feature(i, {"name": "\U0001f600" * 7 + "x" * (i % 13)}) for i in range(3000)]
    text = json.dumps({"type": "FeatureCollection", "features": features})  # escaped pairs
    assert "\\ud83d\\ude00" in text and len(text) > 3 * 65536
    path = _write(tmp_path / "events.geojson", text)
    assert [f for b in FeatureBatches(path, 500) for f in b] == features


def test_a_collection_the_whole_file_reader_refuses_is_refused_here_too(tmp_path):
    path = _write(tmp_path / "events.geojson", {"type": "FeatureCollection", "features": {}})
    (whole,) = read_features(path)[1]
    (streamed,) = FeatureBatches(path, 10).problems()
    assert streamed == whole


def test_an_integer_past_a_signed_64_bit_one_is_named_as_such(tmp_path):
    big = '{"type": "Feature", "properties": {"n": 123456789012345678901234567890}}'
    path = _write(
        tmp_path / "events.geojson",
        '{"type": "FeatureCollection", "features": [' + json.dumps(_feature(1)) + ", " + big + "]}",
    )
    (problem,) = FeatureBatches(path, 10).problems()  # its pass over every member finds it
    assert problem.message == "holds an integer beyond a signed 64-bit one"
    with pytest.raises(FileProblem) as raised:
        list(FeatureBatches(path, 10))
    assert (
        raised.value.problem.message
        == "holds an integer beyond a signed 64-bit one after feature 1"
    )


def test_a_file_cut_after_its_crs_is_named_not_raised(tmp_path):
    crs = '{"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}'
    path = _write(
        tmp_path / "events.geojson",
        '{"type": "FeatureCollection", "crs": ' + crs + ', "feat',
    )
    (problem,) = FeatureBatches(path, 10).problems()
    assert problem.message.startswith("not valid JSON")
