"""Issue 14, part 5, as a reader sees it in Chromium: About's links, the Projects box's
"Clear all", and a link naming a layer that does not exist.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

import geo
from geo.data.schema import LAYERS
from geo.render.described import safe_url
from tests.browser.mapwait import wait_for_map, wait_until_idle

PROJECTS_BOX = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'


@pytest.fixture(scope="module")
def data(shipped):
    return shipped


def test_about_links_every_source_with_an_address(app_url, page, data):
    page.goto(app_url + "/about")
    page.get_by_role("heading", name="Source documents").wait_for(timeout=60_000)
    # The list is drawn after its heading: on a cold server, idle may come before it.
    page.locator('[data-testid="stMain"] li a[href]').first.wait_for(timeout=60_000)
    wait_until_idle(page)
    links = page.locator('[data-testid="stMain"] a[href]').evaluate_all(
        "as => as.map(a => [a.innerText.trim(), a.getAttribute('href')])"
    )
    by_title = dict(links)
    sources = [s for s in geo.select(data, geo.ViewState()).sources if safe_url(s.url)]
    assert len(sources) >= 20
    for title, url in sources:
        # Brackets in an address are percent-encoded for the Markdown link: the same address.
        assert unquote(by_title.get(title) or "") == unquote(url), (title, by_title.get(title))
    codes = page.locator('[data-testid="stMain"] code').all_inner_texts()
    assert not [c for c in codes if "http" in c], codes  # no address left as code
    assert page.blocked == []


def test_clear_all_clears_a_project_chosen_from_the_dropdown(app_url, page, data):
    name = geo.select(data, geo.ViewState()).project_names["dismantling"]
    page.goto(app_url + "/about")
    box = page.locator(PROJECTS_BOX)
    box.wait_for(timeout=60_000)
    wait_until_idle(page)
    box.locator("input").click()
    page.get_by_role("option", name=name, exact=True).click()
    page.wait_for_url(re.compile(r"[?&]project=dismantling"), timeout=30_000)
    assert box.locator("[data-tag]").all_inner_texts() == [name]
    wait_until_idle(page)
    # The dropdown is still open and the search field has the focus, as after a choice.
    box.locator('button[aria-label="Clear all"]').click()
    page.wait_for_url(lambda url: "project=" not in url, timeout=30_000)
    box.locator("[data-tag]").first.wait_for(state="detached", timeout=30_000)
    wait_until_idle(page)
    assert "project=" not in page.url
    assert box.locator("[data-tag]").count() == 0
    assert page.blocked == []


def test_an_unknown_layer_in_the_link_is_named_and_the_map_kept(app_url, page):
    page.goto(app_url + "/?layers=foo")
    _, counts = wait_for_map(page)
    wait_until_idle(page)
    notices = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("foo" in n for n in notices), notices
    assert not any("No layers match" in n for n in notices), notices
    assert set(counts) == set(LAYERS), counts
    assert page.blocked == []
