"""A briefing as a PDF handout: each step with its map, facts, sources and notes.

A4 portrait pages, about a step on each half (a step goes on below the last where its
heading and map fit, and its text runs on to the next page if need be): its heading, its
map framed as the presenter's, its facts, the text, every source, and the presenter's
notes. Text is real text (a PDF reader
finds it), right to left in Arabic.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import geopandas as gpd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from PIL import Image

from geo.i18n import is_rtl
from geo.render.cards import StepPage
from geo.render.printed import ACCENT, FONT, INK, bidi, wrap_lines
from geo.render.printed_insets import PLAIN
from geo.view.selection import Selection

PAGE = (595.0, 842.0)  # A4 portrait, in points
MARGIN = 40.0
MAP_PX = (1600, 760)
BODY, SMALL, HEAD = 9.5, 8.0, 12.5
LEADING = 1.4
GAP = 14.0  # points between two steps


def handout_pdf(
    sel: Selection,
    basemap: gpd.GeoDataFrame,
    steps: list[StepPage],
    title: str,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> bytes:
    """The handout of ``steps``; ``progress(done, total)`` after each step."""
    sheet = _Sheet(sel, title)
    for done, page in enumerate(steps, 1):
        sheet.step(page, basemap)
        progress(done, len(steps))
    return sheet.save()


class _Sheet:
    """Pages filled from the top, a new one when the next block does not fit."""

    def __init__(self, sel: Selection, title: str):
        self.sel, self.title, self.rtl = sel, title, is_rtl(sel.lang)
        self.pages: list[Figure] = []
        self.y = PAGE[1]  # points from the top; a full page asks for a new one

    def _new_page(self) -> None:
        fig = Figure(figsize=(PAGE[0] / 72, PAGE[1] / 72), dpi=72)
        FigureCanvasAgg(fig)
        self.pages.append(fig)
        self.y = MARGIN
        self._line(self.title, SMALL, color="#52606d")
        self.y += 4

    def _room(self, points: float) -> None:
        if self.y + points > PAGE[1] - MARGIN:
            self._new_page()

    def _line(self, text: str, size: float, **kw) -> None:
        self._room(size * LEADING)
        fig = self.pages[-1]
        x = 1 - MARGIN / PAGE[0] if self.rtl else MARGIN / PAGE[0]
        look = {"fontfamily": FONT, "fontsize": size, "color": INK, **PLAIN, **kw}
        if self.rtl:
            look["language"] = self.sel.lang
        fig.text(
            x,
            1 - self.y / PAGE[1],
            bidi(text, self.sel.lang),
            ha="right" if self.rtl else "left",
            va="top",
            **look,
        )
        self.y += size * LEADING

    def _paragraph(self, text: str, size: float, **kw) -> None:
        for line in wrap_lines(text, PAGE[0] - 2 * MARGIN, size):
            self._line(line, size, **kw)

    def step(self, page: StepPage, basemap: gpd.GeoDataFrame) -> None:
        t, card = self.sel.t, page.card
        width = PAGE[0] - 2 * MARGIN
        height = width * MAP_PX[1] / MAP_PX[0]
        # A step goes on below the last when its heading, map and first lines fit there.
        if not self.pages:
            self._new_page()
        else:
            self.y += GAP
        self._room(HEAD * LEADING + height + 40)
        self._paragraph(card.heading, HEAD, weight="bold", color=ACCENT)
        png = page.map_png(basemap, MAP_PX)
        ax = self.pages[-1].add_axes(
            (MARGIN / PAGE[0], 1 - (self.y + height) / PAGE[1], width / PAGE[0], height / PAGE[1])
        )
        ax.imshow(Image.open(io.BytesIO(png)), interpolation="antialiased")
        ax.set_axis_off()
        self.y += height + 6
        for label, value in card.facts:
            self._paragraph(f"{label}: {value}", BODY)
        if card.text:
            self._paragraph(card.text, BODY)
        for source in card.sources:
            self._paragraph(f"{t('Source')}: {source}", SMALL, color="#52606d")
        if card.notes:
            self._paragraph(t("Notes") + ":", BODY, weight="bold")
            for part in card.notes.split("\n"):
                self._paragraph(part, BODY)

    def save(self) -> bytes:
        out = io.BytesIO()
        meta = {"Title": self.title, "Subject": self.sel.caption, "Creator": "geo.render.handout"}
        with PdfPages(out, metadata={**meta, "CreationDate": None}) as pdf:
            for fig in self.pages:
                pdf.savefig(fig)
        return out.getvalue()
