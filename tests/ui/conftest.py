"""The app tier's pages run in this process: their quick maps go to a folder of the run's own.

The overview writes the front's quick maps into the app's static folder (ui/quickmap.py),
which the browser and cluster tests' servers share: a page opened here with other data
would replace the maps they show.
"""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _quick_maps_apart(tmp_path_factory):
    from ui import quickmap

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quickmap, "QUICK_DIR", tmp_path_factory.mktemp("quick"))
        yield
