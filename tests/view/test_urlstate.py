"""Hardening of the URL: ``parse_view`` and ``Filters.from_query_params`` on hostile input.

Property-based (hypothesis): any mapping of keys to text or lists of text, however long,
unprintable or hostile, gives a valid view and short, inert notices; a valid view survives
``to_query_params`` and ``parse_view`` unchanged. Then a table of hand-written cases, and
the app itself under Streamlit's AppTest opened with malformed links.

Notices are checked in every language of the interface (``geo.i18n.translator``).
A known bug is pinned by an ``xfail(strict=True)`` marker naming it: once it is fixed the
test passes, strict xfail reports that as a failure, and the marker must be removed.
"""

from __future__ import annotations

import ast
import re
import warnings
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geo.data.schema import LAYERS
from geo.i18n import translator
from geo.view.filters import YEAR_MAX, YEAR_MIN, Filters, split_ids
from geo.view.urlstate import BASES, LANGUAGES, ViewState, parse_view

KNOWN = ["xamt14", "dismantling", "gloact-bgd"]  # the ids of data/projects.csv
NOTICE_MAX = 200
KEYS = ("project", "years", "layers", "lang", "present", "step")
PROPS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ------------------------------------------------------------------------------ strategies

HOSTILE = [
    "%00",
    "\x00",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](https://example.com)",
    "![x](https://example.com/x.png)",
    ",",
    ",,",
    "-",
    "--",
    "–",
    "/",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",
    "\U0010ffff",
    "\ud7ff",
    "é",
    "ع",
    "²",
    "①",
    "٢٠١٩",
    "'",
    '"',
    "\\",
    "0",
    "1",
    "-1",
    "1800",
    "2008",
    "2019",
    "2019-2022",
    "2022-2019",
    "9999999999",
    "none",
    "hubs",
    "events",
    "AR",
    "fr",
    "true",
    "yes",
    "maybe",
    *KNOWN,
]
_fragment = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="ascii"), max_size=12),
    st.from_regex(r"\A-?[0-9]{1,12}\Z"),
)
_composed = st.lists(_fragment, max_size=12).map("".join)
# Numbers in any script: str.isdigit() and int() do not agree on all of them.
_digits = st.text(alphabet=st.sampled_from("0123456789 -–/,²³⁴①٠١٢٩०߀"), min_size=1, max_size=10)
_huge = st.builds(
    lambda s, n: s * n,
    st.sampled_from(HOSTILE) | st.text(min_size=1, max_size=5),
    st.integers(200, 20_000),
)
value_text = st.one_of(_composed, _fragment, _digits, st.text(), _huge)
param_value = st.one_of(value_text, st.lists(value_text, max_size=6))
param_key = st.one_of(st.sampled_from(KEYS), st.text(max_size=10))
params_strategy = st.dictionaries(param_key, param_value, max_size=8)
known_strategy = st.one_of(
    st.just(KNOWN),
    st.lists(st.from_regex(r"\A[a-z0-9][a-z0-9._-]{0,15}\Z"), unique=True, max_size=6),
)


@st.composite
def views(draw) -> tuple[ViewState, list[str]]:
    """A valid view and the project ids it may name."""
    known = draw(
        st.lists(st.from_regex(r"\A[a-z0-9][a-z0-9._-]{0,15}\Z"), unique=True, max_size=6)
        | st.just(KNOWN)
    )
    projects = tuple(draw(st.permutations(known)))[: draw(st.integers(0, len(known)))]
    years = draw(
        st.none()
        | st.tuples(st.integers(YEAR_MIN, YEAR_MAX), st.integers(YEAR_MIN, YEAR_MAX)).map(
            lambda t: tuple(sorted(t))
        )
    )
    layers = tuple(name for name in LAYERS if draw(st.booleans()))
    view = ViewState(
        filters=Filters(projects, years),
        layers=layers,
        lang=draw(st.sampled_from(LANGUAGES)),
        base=draw(st.sampled_from(BASES)),
        present=draw(st.booleans()),
        step=draw(st.integers(0, 999_999_999)),  # parse_view reads at most 9 digits
    )
    return view, known


# --------------------------------------------------------------------------------- checks


def values_of(params: dict, key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def is_subsequence(short: list, long: list) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.DOTALL)


def check_notice_inert(notice: object) -> None:
    """A notice is a string; input shows in it only quoted by repr (no raw '<')."""
    assert isinstance(notice, str), notice
    for quoted in _QUOTED.findall(notice):
        try:
            with warnings.catch_warnings():  # Markdown escapes (\<) are not Python escapes
                warnings.simplefilter("ignore", DeprecationWarning)
                assert isinstance(ast.literal_eval(quoted), str)
        except (SyntaxError, ValueError, AssertionError):
            pytest.fail(f"not a repr: {quoted!r} in {notice!r}")
    outside = _QUOTED.sub("", notice)
    assert "<" not in outside, f"raw '<' outside a repr in {notice!r}"
    assert "\x00" not in notice and "\n" not in notice, f"raw control character in {notice!r}"


def check_filters(filters: Filters, params: dict, known: list[str]) -> None:
    assert isinstance(filters, Filters)
    assert isinstance(filters.projects, tuple)
    assert set(filters.projects) <= set(known)
    assert len(set(filters.projects)) == len(filters.projects), "duplicate project"
    # In the order of their first mention in the URL (values may be cut, never reordered).
    assert is_subsequence(list(filters.projects), split_ids(values_of(params, "project")))
    if filters.years is not None:
        first, last = filters.years
        assert type(first) is int and type(last) is int
        assert YEAR_MIN <= first <= last <= YEAR_MAX


def check_view(view: ViewState, notices: list, params: dict, known: list[str]) -> None:
    assert isinstance(view, ViewState)
    check_filters(view.filters, params, known)
    assert view.lang in LANGUAGES
    assert type(view.step) is int and view.step >= 0
    assert isinstance(view.present, bool)
    assert isinstance(view.layers, tuple) and set(view.layers) <= set(LAYERS)
    assert list(view.layers) == [name for name in LAYERS if name in view.layers]
    assert isinstance(notices, list)
    for notice in notices:
        check_notice_inert(notice)


# ------------------------------------------------------------------------------ properties

LANGS = st.sampled_from(LANGUAGES)


@PROPS
@given(params=params_strategy, known=known_strategy, lang=LANGS)
@example(
    params={"project": "<script>alert(1)</script>", "years": "9999999999"}, known=KNOWN, lang="en"
)
@example(params={"lang": "\x00" * 10_000, "layers": ",".join("<>" * 500)}, known=KNOWN, lang="ar")
@example(params={"project": ["%00", "xamt14,xamt14", " dismantling "]}, known=KNOWN, lang="fr")
@example(params={"step": "²", "present": "maybe"}, known=KNOWN, lang="en")
def test_parse_view_never_raises_and_gives_a_valid_view(params, known, lang):
    view, notices = parse_view(params, known, translator(lang))
    check_view(view, notices, params, known)


@PROPS
@given(params=params_strategy, known=known_strategy, lang=LANGS)
@example(
    params={"project": "<script>alert(1)</script>", "years": "9999999999"}, known=KNOWN, lang="en"
)
@example(params={"project": "a" * 100_000, "years": "\x00" * 100_000}, known=KNOWN, lang="fr")
def test_filters_from_query_params_never_raise_and_are_valid(params, known, lang):
    filters, notices = Filters.from_query_params(params, known, translator(lang))
    check_filters(filters, params, known)
    assert isinstance(notices, list)
    for notice in notices:
        check_notice_inert(notice)


@pytest.mark.parametrize("function", ["parse_view", "Filters.from_query_params"])
@PROPS
@given(params=params_strategy, known=known_strategy, lang=LANGS)
@example(
    params={
        "lang": "\U0010ffff" * 50,
        "layers": ",".join(f"x{i}" for i in range(60)),
        "project": "\U0010ffff" * 50,
        "years": "\U0010ffff" * 50,
        "step": "\U0010ffff" * 50,
        "present": "\U0010ffff" * 50,
    },
    known=KNOWN,
    lang="fr",
)
def test_every_notice_is_short(function, params, known, lang):
    if function == "parse_view":
        _, notices = parse_view(params, known, translator(lang))
    else:
        _, notices = Filters.from_query_params(params, known, translator(lang))
    for notice in notices:
        assert len(notice) <= NOTICE_MAX, f"{len(notice)} chars: {notice[:80]!r}..."


@PROPS
@given(case=views())
def test_a_view_survives_its_url(case):
    view, known = case
    params = view.to_query_params()
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
    assert parse_view(params, known) == (view, [])
    # And through a real query string, as a browser sends it.
    decoded = parse_qs(urlencode(params), keep_blank_values=True, strict_parsing=False)
    assert parse_view(decoded, known) == (view, [])
    assert Filters.from_query_params(view.filters.to_query_params(), known) == (view.filters, [])


# ----------------------------------------------------------------------- hand-written cases

DEFAULT = ViewState()
CASES = [
    # (params, expected fields, substrings expected in the notices: one per notice)
    ({}, {}, []),
    ({"project": "xamt14,dismantling"}, {"projects": ("xamt14", "dismantling")}, []),
    ({"project": ["xamt14", "dismantling"]}, {"projects": ("xamt14", "dismantling")}, []),
    ({"project": ["xamt14", "xamt14,gloact-bgd"]}, {"projects": ("xamt14", "gloact-bgd")}, []),
    ({"project": " xamt14 , ,dismantling "}, {"projects": ("xamt14", "dismantling")}, []),
    ({"project": "xamt14,bogus"}, {"projects": ("xamt14",)}, ["unknown project 'bogus'"]),
    (
        {"project": "<script>alert(1)</script>"},
        {"projects": ()},
        ["unknown project '<script>alert(1)</script>'"],
    ),
    ({"project": "%00"}, {"projects": ()}, ["unknown project '%00'"]),
    ({"project": "XAMT14"}, {"projects": ()}, ["unknown project 'XAMT14'"]),
    ({"years": "2019-2022"}, {"years": (2019, 2022)}, []),
    ({"years": "2008"}, {"years": (2008, 2008)}, []),
    ({"years": " 2019 – 2022 "}, {"years": (2019, 2022)}, []),
    ({"years": "2019/2022"}, {"years": (2019, 2022)}, []),
    ({"years": "1900-2100"}, {"years": (1900, 2100)}, []),
    ({"years": ["2008", "2019-2022"]}, {"years": (2019, 2022)}, []),
    ({"years": "2022-2019"}, {"years": None}, ["Ignored years '2022-2019'"]),
    ({"years": "abcd"}, {"years": None}, ["Ignored years 'abcd'"]),
    ({"years": "1800"}, {"years": None}, ["Ignored years '1800'"]),
    ({"years": "2101"}, {"years": None}, ["Ignored years '2101'"]),
    ({"years": "2019-"}, {"years": None}, ["Ignored years '2019-'"]),
    ({"years": "9999999999"}, {"years": None}, ["Ignored years '9999999999'"]),
    ({"years": "2019-2022-2023"}, {"years": None}, ["Ignored years"]),
    ({"lang": "AR"}, {"lang": "ar"}, []),
    ({"lang": " fr "}, {"lang": "fr"}, []),
    ({"lang": "xx"}, {"lang": "en"}, ["Ignored language 'xx'"]),
    ({"lang": "<b>"}, {"lang": "en"}, ["Ignored language '<b>'"]),
    ({"step": "3"}, {"step": 3}, []),
    ({"step": " 4 "}, {"step": 4}, []),
    ({"step": "-1"}, {"step": 0}, ["Ignored step '-1'"]),
    ({"step": "abc"}, {"step": 0}, ["Ignored step 'abc'"]),
    ({"step": "1.5"}, {"step": 0}, ["Ignored step '1.5'"]),
    ({"step": "9" * 50}, {"step": 0}, ["Ignored step"]),
    ({"step": "999999999"}, {"step": 999_999_999}, []),
    ({"step": "²"}, {"step": 0}, ["Ignored step '²'"]),  # str.isdigit() is true for it
    ({"step": "①"}, {"step": 0}, ["Ignored step '①'"]),
    ({"step": "١٢"}, {"step": 0}, ["Ignored step '١٢'"]),  # Arabic-Indic digits
    ({"step": "\x00"}, {"step": 0}, ["Ignored step '?'"]),
    ({"present": "1"}, {"present": True}, []),
    ({"present": "TRUE"}, {"present": True}, []),
    ({"present": "yes"}, {"present": True}, []),
    ({"present": "on"}, {"present": True}, []),
    ({"present": "0"}, {"present": False}, []),
    ({"present": "off"}, {"present": False}, []),
    ({"present": "maybe"}, {"present": False}, ["Ignored present 'maybe'"]),
    ({"lang": "\x00\x1b[31m"}, {"lang": "en"}, ["Ignored language '??[31m'"]),
    # No name known: the default layers stay, and the notice names what was ignored.
    ({"layers": "a,b,c,d,e"}, {}, ["unknown layer 'a', 'b', 'c' …"]),
    ({"layers": "hubs,events"}, {"layers": ("hubs", "events")}, []),
    ({"layers": "events,hubs"}, {"layers": ("hubs", "events")}, []),
    ({"layers": "none"}, {"layers": ()}, []),
    ({"layers": "nope"}, {}, ["unknown layer 'nope': use hubs, routes, coverage or events"]),
    ({"layers": "foo,none"}, {}, ["unknown layer 'foo', 'none'"]),
    ({"layers": "hubs,nope"}, {"layers": ("hubs",)}, ["unknown layer 'nope'"]),
    ({"base": "osm"}, {"base": "osm"}, []),
    ({"base": " Custom "}, {"base": "custom"}, []),
    ({"base": "google"}, {"base": "offline"}, ["Ignored base map 'google'"]),
    ({"unknown_key": "<script>", "": ""}, {}, []),
    (
        {"project": "bogus", "years": "abcd", "lang": "xx", "step": "x", "layers": "nope"},
        {},
        ["project 'bogus'", "years 'abcd'", "layer 'nope'", "language 'xx'", "step 'x'"],
    ),
]


@pytest.mark.parametrize(("params", "want", "notices"), CASES, ids=[repr(c[0]) for c in CASES])
def test_hand_written_case(params, want, notices):
    view, got = parse_view(params, KNOWN)
    fields = {
        "projects": view.filters.projects,
        "years": view.filters.years,
        "layers": view.layers,
        "lang": view.lang,
        "base": view.base,
        "present": view.present,
        "step": view.step,
    }
    defaults = {
        "projects": (),
        "years": None,
        "layers": DEFAULT.layers,
        "lang": "en",
        "base": "offline",
        "present": False,
        "step": 0,
    }
    assert fields == defaults | want
    assert len(got) == len(notices), got
    for text, notice in zip(notices, got, strict=True):
        assert text in notice
    check_view(view, got, params, KNOWN)


# --------------------------------------------------------------------------- the app itself
