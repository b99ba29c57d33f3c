"""The map file is valid HTML: html-validate (npm, pinned in package.json) finds no error in it.

The validator runs with the repository's ``.htmlvalidate.json`` (html-validate:recommended)
on the English and the Arabic file. It is installed with ``npm ci`` at the repository's root;
without it (or without Node) the test is skipped, and under ``CI=true`` it fails.
"""

import shutil
import subprocess

import pytest

from tests import ROOT
from tests.render.test_standalone import export_html

VALIDATOR = ROOT / "node_modules" / ".bin" / "html-validate"
CONFIG = ROOT / ".htmlvalidate.json"


@pytest.fixture(scope="module")
def html_validate() -> list[str]:
    if shutil.which("node") is None:
        pytest.skip("node is missing: install Node.js 20.19 or newer (apt-get install nodejs npm)")
    if not VALIDATOR.exists():
        pytest.skip("html-validate is missing: run `npm ci` at the repository's root")
    return [str(VALIDATOR), "--config", str(CONFIG), "--formatter", "text"]


def test_the_map_file_is_valid_html_in_english_and_arabic(html_validate, shipped, tmp_path):
    files = []
    for lang in ("en", "ar"):
        path = tmp_path / f"map-{lang}.html"
        path.write_text(export_html(shipped, lang), encoding="utf-8")
        files.append(str(path))
    done = subprocess.run(
        html_validate + files, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    messages = (done.stdout + done.stderr).strip()
    assert done.returncode == 0, f"html-validate found errors:\n{messages}"
