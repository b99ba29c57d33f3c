"""The map's own scripts (geo/render/static/*.js), the page's (ui/js/*.js) and the front's
(deploy/*.js) are ESLint-clean: ES5 for the browser as it is, no build step (eslint.config.js: ESLint's
recommended rules, strict equality, no implicit global). ESLint is pinned in package.json
and installed with ``npm ci``; without it (or without Node) the test is skipped, and under
``CI=true`` it fails.
"""

import shutil
import subprocess

import pytest

from tests import ROOT

ESLINT = ROOT / "node_modules" / ".bin" / "eslint"
SCRIPTS = ROOT / "geo" / "render" / "static"
FOLDERS = (SCRIPTS, ROOT / "ui" / "js", ROOT / "deploy")


@pytest.fixture(scope="module")
def eslint() -> str:
    if shutil.which("node") is None:
        pytest.skip("node is missing: install Node.js 20.19 or newer (apt-get install nodejs npm)")
    if not ESLINT.exists():
        pytest.skip("ESLint is missing: run `npm ci` at the repository's root")
    return str(ESLINT)


def test_the_maps_scripts_are_eslint_clean(eslint):
    for folder in FOLDERS:
        assert sorted(folder.glob("*.js")), f"no script to check in {folder}"
    done = subprocess.run(
        [eslint, "--max-warnings", "0", *map(str, FOLDERS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"ESLint found problems:\n{done.stdout}{done.stderr}"


def test_eslint_finds_a_slip_in_a_script(eslint):
    """The check can fail: a loose equality and an implicit global are found (the script is
    read from stdin, as if it were in the scripts' folder: nothing is written there)."""
    slip = '(function () {\n  "use strict";\n  if (1 == "1") leak = 2;\n})();\n'
    done = subprocess.run(
        [eslint, "--stdin", "--stdin-filename", str(SCRIPTS / "probe.js")],
        input=slip,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "eqeqeq" in done.stdout and "no-undef" in done.stdout, done.stdout
