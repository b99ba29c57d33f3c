"""Every link of the README and of docs/ leads somewhere: a file, a heading, a well-formed URL.

Relative links and images must name an existing file or folder of the checkout; an anchor
(``#part`` or ``file.md#part``) must match a heading of its Markdown file under GitHub's
rules. External links are only checked for their form: the tests use no network.
"""

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[`~]*[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
# The target of an inline link or image: "](target)" or "](target "title")", or <target>.
_INLINE = re.compile(r"\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
_HTML_ANCHOR = re.compile(r"""<a\s[^>]*\b(?:name|id)\s*=\s*["']([^"']+)["']""")


def _prose(text: str) -> str:
    """``text`` without fenced code blocks and code spans, where nothing is a link."""
    return _CODE_SPAN.sub("", _FENCE.sub("", text))


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to -.

    >>> slug("Set-up: two commands")
    'set-up-two-commands'
    >>> slug("### `data/hubs.geojson`: a key hub city".lstrip("# "))
    'datahubsgeojson-a-key-hub-city'
    >>> slug("The map: ours against [naive](x.md) folium")
    'the-map-ours-against-naive-folium'
    """
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text stays
    text = re.sub(r"<[^>]+>", "", text)  # so does an element's
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor of the Markdown file ``path``: its headings' slugs, numbered when repeated."""
    text = path.read_text(encoding="utf-8")
    found: set[str] = set()
    seen: dict[str, int] = {}
    for match in _HEADING.finditer(_FENCE.sub("", text)):
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    found.update(_HTML_ANCHOR.findall(text))
    return found


def links(path: Path) -> list[str]:
    """Every link and image target of the Markdown file ``path``, in order."""
    text = _prose(path.read_text(encoding="utf-8"))
    found = []
    for pattern in (_INLINE, _REFERENCE, _AUTOLINK, _HTML):
        found += [target.strip("<>") for target in pattern.findall(text)]
    return found


def problems(path: Path, root: Path = ROOT) -> list[str]:
    """What is wrong with the links of ``path``: one line each, empty when every one resolves."""
    out = []
    for target in links(path):
        parts = urlsplit(target)
        if parts.scheme in ("http", "https"):
            if not parts.netloc or re.search(r"\s", target):
                out.append(f"{target}: not a well-formed URL")
            continue
        if parts.scheme == "mailto":
            if "@" not in parts.path:
                out.append(f"{target}: not an e-mail address")
            continue
        if parts.scheme or parts.netloc:
            out.append(f"{target}: neither relative nor http(s)")
            continue
        if parts.path.startswith("/"):
            file = root / unquote(parts.path).lstrip("/")
        else:
            file = path.parent / unquote(parts.path) if parts.path else path
        if not file.exists():
            out.append(f"{target}: no such file ({os.path.relpath(file, root)})")
            continue
        if parts.fragment:
            if file.suffix != ".md":
                out.append(f"{target}: an anchor in a file that is not Markdown")
            elif unquote(parts.fragment).lower() not in anchors(file):
                out.append(f"{target}: no heading {parts.fragment!r} in {file.name}")
    return out


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_every_link_resolves(path):
    assert problems(path) == []


def test_the_readme_stays_a_front_door():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= 220, f"README.md has {lines} lines: move detail into docs/"


def test_the_readme_links_every_doc():
    linked = {(ROOT / t.split("#")[0]).resolve() for t in links(ROOT / "README.md")}
    assert set(DOCS[1:]) <= linked


def test_a_broken_link_anchor_or_url_is_reported(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other\n\n## Its part: one\n", encoding="utf-8")
    page = tmp_path / "README.md"
    page.write_text(
        "# Top\n\n## Second part\n\n"
        "[fine](docs/other.md#its-part-one), [here](#second-part), [web](https://example.org/x),\n"
        "![picture](docs/missing.png), [gone](docs/gone.md), [wrong](docs/other.md#nothing),\n"
        "[self](#no-such-part), [bad](https:///nohost), [odd](javascript:alert(1)),\n"
        "`[in code](docs/ignored.md)`\n\n```\n[in a block](docs/ignored.md)\n```\n",
        encoding="utf-8",
    )
    found = problems(page, tmp_path)
    assert [line.split(":")[0] for line in found] == [
        "docs/missing.png",
        "docs/gone.md",
        "docs/other.md#nothing",
        "#no-such-part",
        "https",
        "javascript",
    ]
