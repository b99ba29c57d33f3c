"""The code keeps its shape: a plain library in three stages, and ui/ without import cycles."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests import ROOT

CHECK = """
import sys, pkgutil, importlib, geo
for mod in pkgutil.walk_packages(geo.__path__, "geo."):
    if mod.name != "geo.__main__":
        importlib.import_module(mod.name)
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


def _imports(path: Path, prefix: str) -> set[str]:
    """Modules starting with ``prefix`` that ``path`` imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        found |= {n for n in names if n == prefix or n.startswith(prefix + ".")}
    return found


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_geo_stages_depend_one_way_data_view_render():
    later = {"data": ("geo.view", "geo.render"), "view": ("geo.render",), "render": ()}
    for stage, forbidden in later.items():
        for path in (ROOT / "geo" / stage).rglob("*.py"):
            wrong = (
                {m for m in _imports(path, "geo") if m.startswith(forbidden)}
                if forbidden
                else set()
            )
            assert not wrong, f"{_module(path)} (stage {stage}) imports a later stage: {wrong}"


@pytest.mark.parametrize("package", ["ui", "geo"])
def test_no_import_cycle(package):
    """Neither ui/ nor geo/ has an import cycle, lazy imports inside functions included
    (a package's ``__init__`` gathering its modules is not one)."""
    modules = {_module(p): p for p in (ROOT / package).rglob("*.py")}
    graph = {
        name: {
            m
            for m in _imports(path, package)
            if m in modules and m != name and not name.startswith(m + ".")
        }
        for name, path in modules.items()
        if name != package
    }

    def visit(name, trail):
        assert name not in trail, "import cycle: " + " -> ".join([*trail, name])
        for dep in graph.get(name, ()):
            visit(dep, [*trail, name])

    for name in graph:
        visit(name, [])
