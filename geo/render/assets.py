"""Leaflet and its plugins served from installed packages, never from a CDN.

Leaflet comes from ``xstatic-leaflet``, Leaflet.markercluster from
``xstatic-leaflet-markercluster``; leaflet.fullscreen has no XStatic package, so its
npm release (3.0.2, MIT) is kept in ``geo/render/vendor/`` with its licence. The map's
own behaviour is ``geo/render/static/geomap.js`` (its styles, ``geomap.css`` and
``controls.css``, go inline into each map, :data:`MAP_CSS`). The app
copies them into its ``static/vendor/`` folder, which Streamlit serves at
``/app/static/vendor/``; a standalone map file inlines the same files instead.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from xstatic.pkg import leaflet as xstatic_leaflet
from xstatic.pkg import leaflet_markercluster as xstatic_markercluster

STATIC_URL = "/app/static/vendor"
_HERE = Path(__file__).resolve().parent
_VENDOR, _OWN = _HERE / "vendor", _HERE / "static"


def _digest(folder: Path) -> str:
    """A version for our own files: it changes whenever one of them does."""
    h = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


@dataclass(frozen=True)
class Library:
    """One front-end library: where its files are installed and which the map loads."""

    name: str
    folder: Path
    version: str
    scripts: tuple[str, ...]
    styles: tuple[str, ...]
    extra: tuple[str, ...] = ()  # images the styles refer to (files or folders)


LIBRARIES = (
    Library(
        "leaflet",
        Path(xstatic_leaflet.BASE_DIR),
        xstatic_leaflet.VERSION,
        ("leaflet.js",),
        ("leaflet.css",),
        ("images",),
    ),
    Library(
        "markercluster",
        Path(xstatic_markercluster.BASE_DIR),
        xstatic_markercluster.VERSION,
        ("leaflet.markercluster.js",),
        ("MarkerCluster.css",),
    ),
    Library(
        "fullscreen",
        _VENDOR / "leaflet.fullscreen",
        "3.0.2",
        ("Control.FullScreen.js",),
        ("Control.FullScreen.css",),
        ("icon-fullscreen.svg",),
    ),
    Library(
        "geomap",
        _OWN,
        _digest(_OWN),
        (
            "placement.js",
            "frame.js",
            "geomap.js",
            "groups.js",
            "room.js",
            "gestures.js",
            "swap.js",
            "years.js",
        ),
        (),
    ),
)
# The map's own styles go inline in each map: there before its script measures the legend.
# controls.css (focus and target sizes of the map's controls) follows the rest.
MAP_CSS = "\n".join(
    (_OWN / name).read_text(encoding="utf-8") for name in ("geomap.css", "controls.css")
)
MAP_RTL_CSS = (_OWN / "rtl.css").read_text(encoding="utf-8")  # a map in Arabic
MAP_FILE_CSS = (_OWN / "mapfile.css").read_text(encoding="utf-8")  # the map file's page


def publish_leaflet(static_dir: Path) -> Path:
    """Copy Leaflet and its plugins under ``static_dir/vendor/<library>/``.

    Copies a library only when its installed version differs from the published one,
    so many sessions starting at once do not rewrite files being served.
    """
    root = static_dir / "vendor"
    for lib in LIBRARIES:
        target = root / lib.name
        stamp = target / "VERSION"
        published = f"{lib.version} {PUBLISHED_AS}"
        if stamp.exists() and stamp.read_text() == published:
            continue
        target.mkdir(parents=True, exist_ok=True)
        for name in lib.scripts + lib.styles + lib.extra:
            source = lib.folder / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True)
            elif name in lib.scripts:
                text = without_source_map(source.read_text(encoding="utf-8"))
                (target / name).write_text(text, encoding="utf-8")
            else:
                shutil.copyfile(source, target / name)
        stamp.write_text(published)
    # Every script in one file: a map's frame loads its scripts one after the other, a round
    # trip each (300 ms on a field link), so eleven files cost eleven of them.
    text, version = script_bundle()
    target = root / BUNDLE
    stamp = target / "VERSION"
    if not (stamp.exists() and stamp.read_text() == version):
        target.mkdir(parents=True, exist_ok=True)
        (target / BUNDLE_FILE).write_text(text, encoding="utf-8")
        stamp.write_text(version)
    return root


BUNDLE, BUNDLE_FILE = "bundle", "map.js"


@functools.cache
def script_bundle() -> tuple[str, str]:
    """Every library's scripts, in order, as one text; and a version that changes with it."""
    text = "\n;\n".join(
        without_source_map((lib.folder / f).read_text(encoding="utf-8"))
        for lib in LIBRARIES
        for f in lib.scripts
    )
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# How the scripts are published: a copy published before (another stamp) is written again.
PUBLISHED_AS = "without-source-maps"
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.M)


def without_source_map(script: str) -> str:
    r"""``script`` without its pointer to a source map, which the packages do not ship.

    The browser's console would show a failed request for it at every map.

    >>> without_source_map("go();\n//# sourceMappingURL=leaflet.js.map\n")
    'go();\n\n'
    """
    return _SOURCE_MAP.sub("", script)


def local_links(base_url: str = STATIC_URL) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Folium-style ``(name, url)`` lists of the scripts and styles a map needs, in order.

    The scripts are one file (:func:`script_bundle`); each address carries a version, so a
    browser never keeps an old copy.

    >>> scripts, styles = local_links("/s")
    >>> scripts[0][1].startswith("/s/bundle/map.js?v="), len(scripts), styles[0][0]
    (True, 1, 'leaflet.css')
    """
    scripts = [(BUNDLE_FILE, f"{base_url}/{BUNDLE}/{BUNDLE_FILE}?v={script_bundle()[1]}")]
    styles = [
        (f, f"{base_url}/{lib.name}/{f}?v={lib.version}") for lib in LIBRARIES for f in lib.styles
    ]
    return scripts, styles


def inline_leaflet() -> tuple[str, str]:
    """Every library's scripts and styles as text, images inlined: a file needing no network."""
    styles = []
    for lib in LIBRARIES:
        for name in lib.styles:
            css = (lib.folder / name).read_text(encoding="utf-8")
            styles.append(_IMAGE_URL.sub(_data_uri(lib), css))
    return script_bundle()[0], "\n".join(styles)


_IMAGE_URL = re.compile(r"url\(['\"]?([\w./-]+\.(?:png|svg))['\"]?\)")


def _data_uri(lib: Library):
    kinds = {".png": "image/png", ".svg": "image/svg+xml"}

    def replace(match: re.Match) -> str:
        path = lib.folder / match.group(1)
        payload = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:{kinds[path.suffix]};base64,{payload})"

    return replace
