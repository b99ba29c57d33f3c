"""axe-core in a page and in every frame of it, for the checks that run it.

axe-playwright-python ships axe-core and only injects it into the top document, so its own
``Axe.run`` would skip the map: axe-core checks a frame only where it is loaded too. Here it
is injected into every frame first (the map's is a same-origin component iframe), and the
top frame's ``axe.run`` then gathers the frames' results itself.
"""

from __future__ import annotations

import pytest

axe = pytest.importorskip("axe_playwright_python.sync_playwright")


def inject(page) -> None:
    """Load axe-core into every frame of ``page``, then into the page itself."""
    checker = axe.Axe()
    for frame in page.frames:
        if frame != page.main_frame and not frame.is_detached():
            frame.evaluate(checker.axe_script)
    page.evaluate(checker.axe_script)
