"""Streamlit's frontend files made lighter for the front (HAProxy with deploy/front.lua).

A first visit to the dashboard is mostly Streamlit's own frontend: 2.4 MB of JavaScript
that Debian's HAProxy gzips with libslz (1,026 KB where gzip level 9 gives 623 KB), and
533 KB of fonts sent whole, compressed already (bench/results.md). This writes, for the
Streamlit installed beside it:

- every JavaScript and CSS file of ``streamlit/static``, gzipped at level 9 and in brotli
  (quality 11), the front sending brotli to a browser that takes it;
- Streamlit's icon font (Material Symbols, 3,800 icons) cut to the icons its interface and
  this app can show: each ``:material/...:`` and each quoted name in Streamlit's code and
  the app's (app.py, pages/, ui/), a superset (a few hundred words that name an icon);
- its text fonts (Source Sans, Source Code) cut to western European Latin
  (English, French): Arabic text never used them, and a letter outside them is drawn in
  the browser's own font, as Arabic is;
- Streamlit's page (``index.html``, the same for every page of the app) with a
  ``<meta name="description">`` saying what the dashboard is (Streamlit has no way to put
  one in its page's head), for the app's page addresses (``PAGES``), never cached unchecked;
  the one for ``/`` shows the overview's quick map first and loads Streamlit behind it
  (:func:`quick`, deploy/quick.js, geo/render/quick.py);
- ``manifest.tsv`` (address, file, type, encoding) and ``front.lua`` beside them.

HAProxy reads the folder once, when it starts (``GEO_FRONT_DIR``, deploy/haproxy.cfg), and
answers those addresses itself; any other address, and any file of another Streamlit
version (its files have other names), goes to the app as before. Run it with the app's
Python after installing or upgrading Streamlit::

    .venv/bin/python scripts/front_assets.py /var/lib/haproxy/front
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import io
import json
import mimetypes
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import brotli
import streamlit
from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the library beside it

from geo.i18n import LANGUAGES, is_rtl  # noqa: E402
from geo.render.quick import file_name, status_texts  # noqa: E402

STATIC = Path(streamlit.__file__).parent / "static"
LUA = ROOT / "deploy" / "front.lua"
QUICK_JS, QUICK_CSS = ROOT / "deploy" / "quick.js", ROOT / "deploy" / "quick.css"
# Where the app writes the quick maps (ui/quickmap.py), as Streamlit serves them.
QUICK_FILE = "/app/static/quick/" + file_name("{lang}")
QUICK_WAIT_MS = 15_000  # a quick map slower than this lets the dashboard start beside it
# A dashboard started this long ago with no map drawn yet is offered as it is (the reader may
# leave the quick map; a page showing why, an error, takes its place).
QUICK_PATIENCE_MS = 40_000
# The tags that load Streamlit's frontend, held back in the quick page until the map came.
_LOADING = re.compile(
    r'\s*(<script type="module"[^>]*></script>'
    r'|<link\b[^>]*\brel="(?:modulepreload|stylesheet|preload)"[^>]*>)'
)
GZIPPED = {".js", ".css", ".svg", ".json"}
ICON_FONT = "MaterialSymbols-"
TEXT_FONTS = ("SourceSans", "SourceCode")  # Source Serif: only for a serif theme
# Google Fonts' "latin" range (English, French and the other western European languages)
# and Ÿ. Its "latin-ext" would double the font (50 KB to 95 KB) for letters the data has
# none of (tests/cluster/test_front.py checks); one such letter would be drawn in the
# browser's font.
LATIN = (
    "U+0000-00FF,U+0131,U+0152-0153,U+0178,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,"
    "U+0329,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212,U+2215,U+FEFF,U+FFFD"
)
MAX_LEVEL = 9
BROTLI_QUALITY = 11  # the smallest; written once per Streamlit release
# The app's page addresses (app.py and pages/): the front answers them with the page below.
PAGES = ("/", "/routes", "/coverage", "/events", "/data", "/about")
DESCRIPTION = (
    "Open maps of the fight against migrant smuggling and human trafficking in North Africa: "
    "key hub cities, smuggling routes, which project covers which country, and where and "
    "when each activity took place, every fact traced to its source. Works offline."
)
_QUOTED = re.compile(r"""["'`]([a-z0-9_]{2,})["'`]""")
_MATERIAL = re.compile(r":material/([a-z0-9_]+):")


@dataclass(frozen=True)
class Written:
    """One address the front answers: the file it sends, how big before and after."""

    path: str  # the address, e.g. /static/js/index.DormvYxC.js
    file: str  # in the folder
    content_type: str
    encoding: str  # "gzip" or "br" (one line each), or "" for a file sent as it is (a cut font)
    etag: str  # a cut font's tag ("" for a zipped file: its bytes are Streamlit's)
    before: int
    after: int


def build(out: Path, static: Path = STATIC, app_root: Path = ROOT) -> list[Written]:
    """Write the front's files for the Streamlit in ``static`` into ``out``; list them.

    The folder is written beside ``out`` and then put in its place, so an HAProxy reloading
    meanwhile reads the old folder or the new one, whole, and no file of an older Streamlit
    stays behind.
    """
    fresh = out.with_name(out.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    written = []
    icons = icon_names(static, app_root)
    for source in sorted((static / "static").rglob("*")):
        if not source.is_file():
            continue
        address = "/" + source.relative_to(static).as_posix()
        data = source.read_bytes()
        if source.suffix in GZIPPED:
            body, encoding = gzip.compress(data, MAX_LEVEL, mtime=0), "gzip"
        elif source.suffix == ".woff2" and source.name.startswith(ICON_FONT):
            body, encoding = cut_icon_font(data, icons), ""
        elif source.suffix == ".woff2" and source.name.startswith(TEXT_FONTS):
            body, encoding = cut_text_font(data), ""
        else:
            continue  # sent by the app as it is: images, KaTeX's fonts, source maps
        name = address.lstrip("/").replace("/", "__")
        (fresh / name).write_bytes(body)
        kind = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        if source.suffix == ".woff2":
            kind = "font/woff2"
        # A cut font is not the file its address names: browsers check it by this tag.
        etag = "" if encoding else hashlib.sha256(body).hexdigest()[:20]
        written.append(Written(address, name, kind, encoding, etag, len(data), len(body)))
        if encoding == "gzip":  # and brotli, for the browsers that take it (all of today's)
            smaller = brotli.compress(data, quality=BROTLI_QUALITY)
            (fresh / (name + ".br")).write_bytes(smaller)
            written.append(Written(address, name + ".br", kind, "br", "", len(data), len(smaller)))
    written += _pages(static, fresh)
    lines = [f"{w.path}\t{w.file}\t{w.content_type}\t{w.encoding}\t{w.etag}" for w in written]
    (fresh / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(LUA, fresh / "front.lua")
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    fresh.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return written


def described(page: str) -> str:
    """Streamlit's ``page`` with the dashboard's description first in its head."""
    meta = f'<meta name="description" content="{html.escape(DESCRIPTION)}" />'
    head = page.index("<head>") + len("<head>")
    return page[:head] + "\n" + meta + page[head:]


def quick(page: str) -> str:
    """Streamlit's ``page`` showing the overview's quick map before Streamlit loads.

    The tags that load Streamlit (its module script, the modules it preloads, its style
    and font) move into ``<template id="geo-streamlit-head">``, which deploy/quick.js puts
    back once the quick map has come; the script and its style (deploy/quick.css) join
    the page with what they say in each language.
    """
    tags = [m.group(1) for m in _LOADING.finditer(page)]
    if not any(t.startswith("<script") for t in tags) or 'id="root"' not in page:
        raise ValueError("Streamlit's index.html has no module script or root: a new layout")
    config = {
        "texts": status_texts(),
        "rtl": [lang for lang in LANGUAGES if is_rtl(lang)],
        "file": QUICK_FILE,
        "wait_ms": QUICK_WAIT_MS,
        "patience_ms": QUICK_PATIENCE_MS,
    }
    # Inside <script>: no "<" (of "</script", "<!--") can end it early or change its parsing.
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    head = (
        f"<style>{QUICK_CSS.read_text(encoding='utf-8')}</style>\n"
        f'<template id="geo-streamlit-head">{"".join(tags)}</template>\n'
        f'<script type="application/json" id="geo-quick-config">{data}</script>\n'
    )
    body = f"<script>{QUICK_JS.read_text(encoding='utf-8')}</script>\n"
    page = _LOADING.sub("", page)
    at = page.index("</head>")
    page = page[:at] + head + page[at:]
    at = page.rindex("</body>")
    return page[:at] + body + page[at:]


def _pages(static: Path, out: Path) -> list[Written]:
    """The page, described, gzipped and in brotli, for every page address; quick at ``/``.

    Each form is checked by its own tag (a tag names the bytes sent).
    """
    data = (static / "index.html").read_bytes()
    page = described(data.decode("utf-8"))
    kind = "text/html; charset=utf-8"
    found = []
    for stem, text, paths in (
        ("index", page, PAGES[1:]),
        ("index.quick", quick(page), PAGES[:1]),
    ):
        body = text.encode("utf-8")
        for name, encoding, packed in (
            (f"{stem}.html", "gzip", gzip.compress(body, MAX_LEVEL, mtime=0)),
            (f"{stem}.html.br", "br", brotli.compress(body, quality=BROTLI_QUALITY)),
        ):
            (out / name).write_bytes(packed)
            etag = hashlib.sha256(packed).hexdigest()[:20]
            found += [Written(p, name, kind, encoding, etag, len(data), len(packed)) for p in paths]
    return found


def icon_names(static: Path = STATIC, app_root: Path = ROOT) -> set[str]:
    """Every word that may name an icon: quoted in Streamlit or the app, or ``:material/``."""
    words: set[str] = set()
    for js in (static / "static" / "js").glob("*.js"):
        text = js.read_text(encoding="utf-8", errors="ignore")
        words |= set(_QUOTED.findall(text)) | set(_MATERIAL.findall(text))
    for py in static.parent.rglob("*.py"):
        words |= set(_MATERIAL.findall(py.read_text(encoding="utf-8", errors="ignore")))
    app = [
        app_root / "app.py",
        *(app_root / "pages").rglob("*.py"),
        *(app_root / "ui").rglob("*.py"),
    ]
    for py in app:
        text = py.read_text(encoding="utf-8")
        words |= set(_QUOTED.findall(text)) | set(_MATERIAL.findall(text))
    return words


def ligatures(font: TTFont) -> dict[str, str]:
    """The icon font's names and their glyphs: ``{"arrow_back": "<glyph>"}``."""
    letters = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    names = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)  # an extension lookup wraps one
            for first, sequences in getattr(table, "ligatures", {}).items():
                for lig in sequences:
                    glyphs = [first, *lig.Component]
                    if all(g in letters for g in glyphs):
                        names["".join(letters[g] for g in glyphs)] = lig.LigGlyph
    return names


def cut_icon_font(data: bytes, words: set[str]) -> bytes:
    """The icon font with only the icons named in ``words`` (and the letters naming them)."""
    font = TTFont(io.BytesIO(data))
    names = ligatures(font)
    kept = sorted(w for w in words if w in names)
    options = subset.Options(layout_closure=False, layout_features=["*"], flavor="woff2")
    options.name_IDs, options.name_languages = ["*"], ["*"]
    cutter = subset.Subsetter(options)
    # Without layout closure, only the named icons' ligatures stay, not all 3,800.
    cutter.populate(glyphs=[names[w] for w in kept], text="".join(sorted(set("".join(kept)))))
    cutter.subset(font)
    return _save(font)


def cut_text_font(data: bytes) -> bytes:
    """A text font with the Latin scripts only (:data:`LATIN`), every feature and axis kept."""
    font = TTFont(io.BytesIO(data))
    options = subset.Options(layout_features=["*"], notdef_outline=True, flavor="woff2")
    options.name_IDs, options.name_languages = ["*"], ["*"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=subset.parse_unicodes(LATIN))
    cutter.subset(font)
    return _save(font)


def _save(font: TTFont) -> bytes:
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """``front_assets.py OUT``: write the front's files, print what they weigh."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="the folder HAProxy reads (GEO_FRONT_DIR)")
    args = ap.parse_args(argv)
    written = build(args.out)
    fonts = [w for w in written if w.content_type == "font/woff2"]
    # What a browser taking brotli is sent (gzip's forms are for the others).
    sent = [w for w in written if w.encoding != "gzip"]
    before, after = sum(w.before for w in sent), sum(w.after for w in sent)
    gzipped = sum(w.after for w in written if w.encoding != "br")
    print(
        f"front: {len(sent)} addresses of Streamlit {streamlit.__version__} in {args.out}: "
        f"{before / 1024:,.0f} KB -> {after / 1024:,.0f} KB in brotli "
        f"({gzipped / 1024:,.0f} KB gzipped)"
    )
    for w in fonts:
        print(f"  {w.path}: {w.before / 1024:,.0f} KB -> {w.after / 1024:,.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
