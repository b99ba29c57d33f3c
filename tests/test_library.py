"""The library stays plain: no Streamlit, no data loaded at import time."""

import subprocess
import sys

from tests.conftest import ROOT

CHECK = """
import sys, pkgutil, importlib, geo
for mod in pkgutil.iter_modules(geo.__path__):
    if mod.name != "__main__":
        importlib.import_module(f"geo.{mod.name}")
bad = sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit."))
print(",".join(bad))
"""


def test_geo_does_not_import_streamlit():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_geo_sources_do_not_mention_streamlit_imports():
    for path in (ROOT / "geo").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "from streamlit" not in text, path.name
