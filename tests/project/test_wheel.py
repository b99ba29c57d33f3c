"""The library installs as a plain wheel: every module, the catalogs and the CLI work.

An editable install hides files that a wheel leaves out (``geo/locale``, subpackages)
and libraries that are imported but not declared; these tests check the declarations,
build the wheel, install it alone into a folder outside the checkout, and use it there.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from tests import ROOT

# The wheel is built and installed once: its tests run on one worker.
pytestmark = pytest.mark.xdist_group("wheel")


def _imported_modules(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "geo"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_library_geo_imports_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        _normal(re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0]) for d in project["dependencies"]
    }
    distributions = packages_distributions()
    missing = {
        module: distributions.get(module)
        for module in _imported_modules(ROOT / "geo")
        if not any(_normal(d) in declared for d in distributions.get(module, [module]))
    }
    assert missing == {}, f"imported by geo/ but not in pyproject.toml's dependencies: {missing}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A Python that imports ``geo`` from the project's wheel (not the editable checkout).

    The wheel is installed alone into a folder put first on the path; its dependencies are
    this environment's (that each is declared is checked above), so the test needs no
    network and checks what the wheel holds. Returns the Python and its environment.
    """
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = wheels.glob("*.whl")
    target = tmp / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
        + [str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "PYTHONPATH": str(target)}
    return Path(sys.executable), env


def _run(installed: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess:
    # From a folder outside the checkout, with the wheel's folder first on the path.
    python, env = installed
    return subprocess.run(
        [str(python), *args],
        cwd=env["HOME"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_the_wheel_holds_every_module_and_the_catalogs(installed):
    code = """
import importlib, pkgutil, geo
names = [m.name for m in pkgutil.walk_packages(geo.__path__, "geo.") if m.name != "geo.__main__"]
for name in names:
    importlib.import_module(name)
from geo.i18n import translator
print(geo.__file__)
print(len(names), translator("fr")("Overview"), translator("ar")("Overview"), sep="|")
"""
    done = _run(installed, "-c", code)
    assert done.returncode == 0, done.stderr[-3000:]
    where, summary = done.stdout.splitlines()
    assert str(ROOT) not in where, "the checkout's geo/ was imported, not the installed one"
    count, french, arabic = summary.split("|")
    assert int(count) >= 20
    assert french == "Vue d'ensemble"
    assert arabic != "Overview"


def test_the_installed_cli_validates_exports_and_lists(installed):
    data = str(ROOT / "data")
    validate = _run(installed, "-m", "geo", "validate", "--data-dir", data)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert validate.stdout.startswith("OK:")
    export = _run(installed, "-m", "geo", "export", "hubs", "--data-dir", data)
    assert export.returncode == 0, export.stderr
    assert len(json.loads(export.stdout)["features"]) == 5
    projects = _run(installed, "-m", "geo", "projects", "--data-dir", data)
    assert {p["id"] for p in json.loads(projects.stdout)} == {"dismantling", "gloact-bgd", "xamt14"}
