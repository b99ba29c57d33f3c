"""Every quote word for word in the text of its source: ``geo validate --sources`` (issue 23.6)."""

import csv
import json
import shutil
from pathlib import Path

import pytest

from geo.data.quotes import normalize_text
from tests import ROOT
from tests.cli_run import cli

# The project's copy of the seeds (so CI has them), else the folder beside the checkout.
SEEDS = next(
    (p for p in (ROOT / "data" / "seeds", ROOT.parent / "shared" / "seeds") if p.is_dir()), None
)
needs_seeds = pytest.mark.skipif(
    SEEDS is None, reason="no seed texts: neither data/seeds/ nor ../shared/seeds/ exists"
)


def data_copy(tmp_path: Path) -> Path:
    """The shipped data folder, without its seeds, to change."""
    return Path(
        shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("seeds"))
    )


def edit_feature(folder: Path, file: str, fid: str, change) -> str:
    """Pass the ``source_quote`` of feature (or row) ``fid`` of ``file`` through ``change``."""
    path = folder / file
    if file.endswith(".csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        row = next(r for r in rows if r["id"] == fid)
        row["source_quote"] = change(row["source_quote"])
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return row["source_quote"]
    doc = json.loads(path.read_text(encoding="utf-8"))
    props = next(f["properties"] for f in doc["features"] if f["properties"]["id"] == fid)
    props["source_quote"] = change(props["source_quote"])
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return props["source_quote"]


def one_word(old: str, new: str):
    def change(quote: str) -> str:
        assert quote.count(old) == 1, quote
        return quote.replace(old, new)

    return change


@needs_seeds
def test_every_shipped_quote_is_in_its_source_text():
    result = cli("validate", "--sources", str(SEEDS))
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].startswith("OK:")
    # Hubs 5, coverage 10, activities 5, projects 3, figures 13: every quote has its text.
    assert lines[1:] == [f"quotes: 36 checked verbatim against 5 source texts in {SEEDS}"]


@needs_seeds
@pytest.mark.parametrize(
    ("file", "fid", "old", "new", "seed"),
    [
        ("events.geojson", "ev-2021-09-09-tunis", "second", "third", "002_c8be75992baa6b4f.txt"),
        ("coverage.geojson", "cov-xamt14-DZA", "enhance", "improve", "004_cd6e508d29d42148.txt"),
        (
            "figures.csv",
            "fig-africans-to-europe-per-year",
            "around",
            "about",
            "004_cd6e508d29d42148.txt",
        ),
    ],
)
def test_a_quote_altered_by_one_word_is_named(tmp_path, file, fid, old, new, seed):
    folder = data_copy(tmp_path)
    edit_feature(folder, file, fid, one_word(f" {old} ", f" {new} "))
    result = cli("validate", "--data-dir", str(folder), "--sources", str(SEEDS))
    assert result.returncode == 1, result.stdout
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{file}: {fid}: source_quote: not found in {seed}; closest passage: ")
    assert f" {old} " in line and f" {new} " in line  # the text's word, then the quote's
    assert "1 problem(s)" in result.stderr
    # Without --sources nothing is read but the data: the same folder is sound, as before.
    assert cli("validate", "--data-dir", str(folder)).returncode == 0


@needs_seeds
def test_quotes_differing_only_in_typography_pass(tmp_path):
    folder = data_copy(tmp_path)
    changed = [
        # Straight double quotes in the seed, curly in the quote.
        edit_feature(
            folder, "figures.csv", "fig-dismantling-budget", lambda q: "“" + q[1:].replace('"', "”")
        ),
        # A curly apostrophe and an en dash in the seed, straight and a hyphen in the quote.
        edit_feature(
            folder,
            "events.geojson",
            "ev-2023-05-07-istanbul",
            lambda q: q.replace("UNODC’s", "UNODC's").replace(
                "Migrants – Bangladesh", "Migrants - Bangladesh"
            ),
        ),
        # Line breaks and runs of spaces where the seed has one space, and the reverse.
        edit_feature(
            folder, "hubs.geojson", "hub-kufra", lambda q: q.replace(", namely ", ",\n  namely\n")
        ),
        edit_feature(
            folder,
            "coverage.geojson",
            "cov-dismantling-MAR",
            lambda q: " ".join(q.split()).replace("covering Egypt", "covering\r\nEgypt"),
        ),
    ]
    seeds = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    assert not [q for q in changed if q in seeds]  # none is any longer a substring of a seed
    result = cli("validate", "--data-dir", str(folder), "--sources", str(SEEDS))
    assert result.returncode == 0, result.stdout
    assert "quotes: 36 checked" in result.stdout


@needs_seeds
def test_sources_without_text_are_one_summary_line_not_problems(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    for seed in SEEDS.glob("00[0-3]_*.txt"):  # all but the XAMT14 profile
        shutil.copy(seed, texts)
    result = cli("validate", "--sources", str(texts))
    assert result.returncode == 0, result.stdout
    xamt14 = "http://www.unodc.org/middleeastandnorthafrica/en/project-profiles/xamt14.html"
    assert result.stdout.splitlines()[1:] == [
        f"quotes: 27 checked verbatim against 4 source texts in {texts}",
        f"quotes: 9 not checked, their 1 source(s) have no text in {texts}: {xamt14} (9)",
    ]


def test_a_text_file_must_be_a_file_name_and_the_folder_must_exist(tmp_path):
    folder = data_copy(tmp_path)
    path = folder / "sources.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",003_437ec8df6392b0d8.txt", ",../hubs.geojson"),
        encoding="utf-8",
    )
    texts = tmp_path / "texts"
    texts.mkdir()
    result = cli("validate", "--data-dir", str(folder), "--sources", str(texts))
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("sources.csv: https://www.unodc.org/romena/en/Stories/2019/October/")
    assert line.endswith(
        ": text_file: '../hubs.geojson' is not a file name: name a file of the sources folder"
    )
    missing = cli("validate", "--sources", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert (
        missing.stderr
        == f"error: sources folder {tmp_path / 'nowhere'} (--sources): no such folder\n"
    )


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        ("“a” ‘b’ c’s", "\"a\" 'b' c's"),
        ("a – b — c ‐ d", "a - b - c - d"),
        ("a\n\n b\u00a0\u202fc\t", "a b c"),
        ("ﬁve\u00adfold\u200b", "fivefold"),
    ],
)
def test_what_the_comparison_leaves_out(quote, text):
    assert normalize_text(quote) == normalize_text(text) == text


def test_what_the_comparison_keeps():
    for a, b in [("Five", "five"), ("five,", "five"), ("five.", "five…"), ("5", "five")]:
        assert normalize_text(a) != normalize_text(b)
