import subprocess
import sys
from pathlib import Path

import pytest

from tests import tinydata

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A valid tiny data folder on disk."""
    return tinydata.write(tmp_path / "data")


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m geo`` as a user would, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
