"""The suite's own parallel run: tests grouped with ``xdist_group`` stay on one worker.

The store's, the replicas' and the printed exports' tests share what a module or a worker
starts once (a database, three replicas, a PDF); spread over workers, each would start its
own, and the suite would take minutes more with nothing failing. pytest 9.2 broke this
silently with pytest-xdist 3.8 (pytest-dev/pytest-xdist#1386), hence this check.
"""

import re
import subprocess
import sys

SUITE = """
import pytest

pytestmark = pytest.mark.xdist_group("shared")


@pytest.mark.parametrize("i", range(6))
def test_grouped(i):
    pass
"""


def test_a_group_runs_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(SUITE)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2"]
        + ["--dist", "loadgroup", "-v", "-o", "addopts=", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    workers = set(re.findall(r"\[(gw\d+)\].*PASSED", done.stdout))
    assert len(re.findall(r"PASSED", done.stdout)) == 6
    assert len(workers) == 1, f"the group was spread over {sorted(workers)}"
