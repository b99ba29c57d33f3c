"""No unnamed graphic in the map's frame, as a screen reader gets it (Chromium's own tree).

The routes' direction chevrons were inline SVGs with no name and not hidden: about 60
unnamed graphics on every map that draws routes. Decorative marks are hidden from
assistive technology; whatever stays in the tree as a graphic or a control has a name.
"""

from __future__ import annotations

import pytest

from tests.browser.mapwait import wait_for_map, wait_until_idle

GRAPHICS = {"image", "img", "graphics-document", "graphics-symbol", "SvgRoot", "figure"}
CONTROLS = {"button", "link"}


def map_tree(page) -> list[dict]:
    """The accessibility tree of the map's frame, as Chromium exposes it."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Accessibility.enable")

        def frames(node):
            yield node["frame"]
            for child in node.get("childFrames", []):
                yield from frames(child)

        tree = cdp.send("Page.getFrameTree")["frameTree"]
        ids = [f["id"] for f in frames(tree) if "streamlit_folium" in f["url"]]
        assert ids, "no map frame"
        return cdp.send("Accessibility.getFullAXTree", {"frameId": ids[-1]})["nodes"]
    finally:
        cdp.detach()


def unnamed(nodes: list[dict], roles: set[str]) -> list[str]:
    out = []
    for node in nodes:
        role = (node.get("role") or {}).get("value")
        name = ((node.get("name") or {}).get("value") or "").strip()
        if not node.get("ignored") and role in roles and not name:
            out.append(f"{role} (backend node {node.get('backendDOMNodeId')})")
    return out


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", ["routes", ""], ids=["routes", "overview"])
def test_the_map_holds_no_unnamed_graphic(app_url, page, path, lang):
    page.goto(f"{app_url}/{path}?lang={lang}")
    frame, counts = wait_for_map(page)
    wait_until_idle(page)
    assert counts.get("routes"), "the map draws routes"
    arrows = frame.locator(".geo-arrow svg")
    assert arrows.count() == counts["routes"]  # one chevron a leg
    assert frame.locator('.geo-arrow svg[aria-hidden="true"]').count() == arrows.count()
    nodes = map_tree(page)
    assert unnamed(nodes, GRAPHICS) == []
    assert unnamed(nodes, CONTROLS) == []
    # The legend's symbols are samples: its arrow (drawn by CSS) is not read as a character.
    texts = [((n.get("name") or {}).get("value") or "") for n in nodes if not n.get("ignored")]
    assert not any("\u27a4" in text for text in texts)
    assert page.blocked == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_activity_dot_and_group_is_named_not_only_titled(app_url, page, lang):
    """A title is a hover hint, not a name every screen reader reads: each dot and group
    the keyboard reaches has an accessible name of its own, in the interface language."""
    page.goto(f"{app_url}/events?lang={lang}")
    frame, _ = wait_for_map(page)
    wait_until_idle(page)
    marks = frame.evaluate(
        """() => [...document.querySelectorAll('.leaflet-marker-pane [role=button]')]
            .map(e => ({cls: e.className, label: e.getAttribute('aria-label') || '',
                        title: (e.querySelector('[title]') || e).title || e.title}))"""
    )
    assert any("geo-cluster" in m["cls"] for m in marks), "no group on the map"
    assert any("geo-ev" in m["cls"] for m in marks), "no activity dot on the map"
    assert all(m["label"].strip() for m in marks), [m for m in marks if not m["label"]]
    if lang == "ar":
        groups = [m["label"] for m in marks if "geo-cluster" in m["cls"]]
        assert all(any("\u0600" <= c <= "\u06ff" for c in g) for g in groups), groups
    assert page.blocked == []
