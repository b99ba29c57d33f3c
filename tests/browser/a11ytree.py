"""The map's frame as a screen reader gets it: Chromium's own accessibility tree."""

from __future__ import annotations

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
    """The nodes of ``roles`` in the tree with no name, hidden ones aside."""
    out = []
    for node in nodes:
        role = (node.get("role") or {}).get("value")
        name = ((node.get("name") or {}).get("value") or "").strip()
        if not node.get("ignored") and role in roles and not name:
            out.append(f"{role} (backend node {node.get('backendDOMNodeId')})")
    return out
