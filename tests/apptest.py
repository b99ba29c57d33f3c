"""The app's pages under Streamlit's AppTest, opened as a link would open them."""

from streamlit.testing.v1 import AppTest

from tests import ROOT

PAGES = ["app.py", *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]
TIMEOUT = 90


def open_page(name: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if name != "app.py":
        at.switch_page(name)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()
