"""Headings in order (WCAG 1.3.1, 2.4.6), as a screen reader lists a page by them.

The headings are read in document order, as axe-core's heading-order rule reads them
(frames in place); a heading hidden from assistive technology does not count.
"""

from __future__ import annotations

# Every heading a screen reader would list, in document order, with the frames' in place:
# {level, text, id, main} (main: in Streamlit's main area, not the sidebar).
HEADINGS_JS = """() => {
    const out = [];
    const hidden = e => !e.checkVisibility({visibilityProperty: true})
        || e.closest('[aria-hidden="true"]');
    const walk = (doc, inMain) => {
        for (const e of doc.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading],iframe')) {
            if (e.tagName === 'IFRAME') {
                let inner = null;
                try { inner = e.contentDocument; } catch (err) { inner = null; }
                if (inner && !hidden(e)) walk(inner, inMain || !!e.closest('[data-testid=stMain]'));
                continue;
            }
            if (hidden(e)) continue;
            const aria = parseInt(e.getAttribute('aria-level'), 10);
            const tag = /^H([1-6])$/.exec(e.tagName);
            out.push({
                level: aria > 0 ? aria : (tag ? parseInt(tag[1], 10) : 2),
                text: (e.innerText || '').trim().slice(0, 80),
                id: e.id,
                main: inMain || !!e.closest('[data-testid=stMain]'),
            });
        }
    };
    walk(document, false);
    return out;
}"""


def headings(page) -> list[dict]:
    return page.evaluate(HEADINGS_JS)


def outline(found: list[dict]) -> str:
    return "\n".join(
        f"  h{h['level']} {h['text']!r}" + ("" if h["main"] else " (sidebar)") for h in found
    )


def order_problems(found: list[dict]) -> list[str]:
    """What is out of order: not one h1 first in the main area, no h2 after it, or a
    heading more than one level below the heading before it (axe-core's rule)."""
    main = [h for h in found if h["main"]]
    out = []
    if [h["level"] for h in main].count(1) != 1:
        out.append("not one h1")
    elif main[0]["level"] != 1:
        out.append("the page's title does not come first")
    elif len(main) > 1 and main[1]["level"] != 2:
        out.append("no h2 follows the h1")
    out += [
        f"h{b['level']} {b['text']!r} after h{a['level']} {a['text']!r}"
        for a, b in zip(found, found[1:], strict=False)
        if b["level"] - a["level"] > 1
    ]
    return out
