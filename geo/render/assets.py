"""Leaflet served from the installed ``xstatic-leaflet`` package, never from a CDN.

The app copies Leaflet into its ``static/vendor/`` folder, which Streamlit serves at
``/app/static/vendor/``; a standalone map file inlines the same files instead.
"""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

from xstatic.pkg import leaflet as xstatic_leaflet

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
LEAFLET_VERSION = xstatic_leaflet.VERSION
STATIC_URL = "/app/static/vendor/leaflet"
_FILES = ("leaflet.js", "leaflet.css")


def publish_leaflet(static_dir: Path) -> Path:
    """Copy Leaflet (script, style, images) under ``static_dir/vendor/leaflet``.

    Copies only when the installed version differs from the published one, so
    many sessions starting at once do not rewrite files being served.
    """
    target = static_dir / "vendor" / "leaflet"
    stamp = target / "VERSION"
    if stamp.exists() and stamp.read_text() == LEAFLET_VERSION:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        shutil.copyfile(LEAFLET_DIR / name, target / name)
    shutil.copytree(LEAFLET_DIR / "images", target / "images", dirs_exist_ok=True)
    stamp.write_text(LEAFLET_VERSION)
    return target


def local_links(base_url: str = STATIC_URL) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Folium-style ``(name, url)`` lists of the scripts and styles a map needs.

    >>> local_links("/s")[0]
    [('leaflet', '/s/leaflet.js')]
    """
    return [("leaflet", f"{base_url}/leaflet.js")], [("leaflet_css", f"{base_url}/leaflet.css")]


def inline_leaflet() -> tuple[str, str]:
    """Leaflet's script and style as text, images inlined, for a file that needs no network."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match) -> str:
        path = LEAFLET_DIR / match.group(1)
        payload = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/{path.suffix.lstrip('.')};base64,{payload})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)
    return (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8"), css
