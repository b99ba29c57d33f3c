"""A briefing as one HTML slideshow file that opens from disk with no network.

The map file of the briefing's view (:mod:`geo.render.standalone`: Leaflet, the data and
the basemap inline) with every step beside it: the arrow keys (or Previous and Next) move
the map to each step as the presenter's does (``GeoMap.step``, a year's step with
``GeoMap.year``), ``N`` shows the step's notes, ``Home`` and ``End`` the first and last.
"""

from __future__ import annotations

import json
from html import escape

import geopandas as gpd
from branca.element import Element

from geo.data.schema import SOURCE_LANGUAGE
from geo.render.cards import Card, StepPage, briefing_title
from geo.render.maps import MapOptions, build_map, step_mark
from geo.render.popups import lang_attrs
from geo.render.standalone import standalone_html
from geo.view.scene import scene_of
from geo.view.selection import Selection

SLIDES_CSS = """
html body{display:grid;grid-template:"head head" auto "map card" 1fr "notes notes" auto
  / 1fr minmax(300px,30%)}
.geo-head{grid-area:head}
.folium-map{grid-area:map;min-height:420px}
.geo-slides{grid-area:card;overflow:auto;padding:12px 16px;border-inline-start:1px solid #ccc;
  font-size:17px}
.geo-slides h2{font-size:24px;margin:4px 0 10px}
.geo-slides dl{margin:0}.geo-slides dt{font-weight:700}.geo-slides dd{margin:0 0 6px}
.geo-count{font-weight:700;color:#555}
.geo-nav{display:flex;gap:8px;margin:8px 0}
.geo-nav button{font:600 16px system-ui,sans-serif;padding:6px 14px;min-height:44px}
.geo-src{color:#555;font-size:14px}
.geo-notes{grid-area:notes;background:#fffbe6;border-top:2px solid #e0c200;padding:10px 16px;
  font-size:18px;white-space:pre-wrap}
.geo-keys{color:#555;font-size:13px}
"""

# Runs once the map exists (the page's load): a layer group per step, swapped.
SLIDES_JS = """
window.addEventListener("load", function () {
  var map = Object.values(window).find(function (v) { return v instanceof L.Map; });
  var data = JSON.parse(document.getElementById("geo-steps").textContent);
  var cards = document.querySelectorAll(".geo-step");
  var notes = document.querySelectorAll(".geo-step-notes");
  var panel = document.querySelector(".geo-notes");
  var rtl = document.documentElement.dir === "rtl";
  var group = null, at = 0;
  function show(n) {
    at = Math.min(Math.max(n, 0), data.length - 1);
    cards.forEach(function (c, i) { c.hidden = i !== at; });
    notes.forEach(function (c, i) { c.hidden = i !== at; });
    if (group) map.removeLayer(group);
    group = L.layerGroup();
    GeoMap.step(group, data[at]);
    group.addTo(map);
    document.getElementById("geo-prev").disabled = at === 0;
    document.getElementById("geo-next").disabled = at === data.length - 1;
    history.replaceState(null, "", "#" + (at + 1));
  }
  document.addEventListener("keydown", function (e) {
    if (e.target.closest && e.target.closest("input,textarea,select")) return;
    var next = rtl ? "ArrowLeft" : "ArrowRight", back = rtl ? "ArrowRight" : "ArrowLeft";
    if (e.key === next || e.key === "PageDown") show(at + 1);
    else if (e.key === back || e.key === "PageUp") show(at - 1);
    else if (e.key === "Home") show(0);
    else if (e.key === "End") show(data.length - 1);
    else if (e.key === "n" || e.key === "N") panel.hidden = !panel.hidden;
    else return;
    e.preventDefault();
  });
  document.getElementById("geo-prev").addEventListener("click", function () { show(at - 1); });
  document.getElementById("geo-next").addEventListener("click", function () { show(at + 1); });
  var start = parseInt((location.hash || "#1").slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
});
"""


def slideshow_html(
    sel: Selection, basemap: gpd.GeoDataFrame, steps: list[StepPage], exported: str
) -> str:
    """The briefing's slideshow: the map of ``sel`` and each of its ``steps``, as one page."""
    t = sel.t
    years = tuple(s.step.cue.year for s in steps if s.step.kind == "year")
    scene = scene_of(sel)
    title = briefing_title(sel)
    m = build_map(sel, basemap, scene, MapOptions(height=700, large=True, years=years))
    marks = [step_mark(s.step) for s in steps]
    # No < at all in the script element (no </script>, no <!--): JSON's own escape for it.
    data = json.dumps(marks, ensure_ascii=False).replace("<", "\\u003c")
    root = m.get_root()
    root.header.add_child(Element(f"<style>{SLIDES_CSS}</style>"), name="geo_slides_css")
    root.header.add_child(Element(f"<script>{SLIDES_JS}</script>"), name="geo_slides_js")
    aside = [
        '<aside class="geo-slides" aria-live="polite">',
        f'<script type="application/json" id="geo-steps">{data}</script>',
        '<div class="geo-nav">',
        f'<button type="button" id="geo-prev">{escape(t("Previous"))}</button>',
        f'<button type="button" id="geo-next">{escape(t("Next"))}</button></div>',
    ]
    aside += [_card_html(s.card, sel) for s in steps]
    keys = t("Arrow keys: previous and next step. N: your notes. Home, End: first, last step.")
    aside.append(f'<p class="geo-keys">{escape(keys)}</p></aside>')
    panel = ['<section class="geo-notes" hidden>']
    no_notes, label = escape(t("No notes for this step.")), escape(t("Notes"))
    for card in (s.card for s in steps):
        text = escape(card.notes) if card.notes else f"<i>{no_notes}</i>"
        panel.append(f'<div class="geo-step-notes" hidden><b>{label}:</b> {text}</div>')
    panel.append("</section>")
    root.html.add_child(Element("".join(aside)), name="geo_slides")
    root.html.add_child(Element("".join(panel)), name="geo_notes")
    return standalone_html(m, sel, title, exported)


def _card_html(card: Card, sel: Selection) -> str:
    t = sel.t
    parts = [f'<article class="geo-step" hidden><p class="geo-count">{escape(card.label)}</p>']
    parts.append(f"<h2>{escape(card.title)}</h2>")
    if card.facts:
        parts.append("<dl>")
        for label, value in card.facts:
            parts.append(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>")
        parts.append("</dl>")
    if card.text:
        parts.append(f"<p>{escape(card.text)}</p>")
    attrs = lang_attrs(SOURCE_LANGUAGE, sel.lang)
    for source in card.sources:
        label = escape(t("Source"))
        parts.append(f'<p class="geo-src">{label}: <span{attrs}>{escape(source)}</span></p>')
    parts.append("</article>")
    return "".join(parts)
