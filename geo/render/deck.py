"""A briefing as a PowerPoint deck (python-pptx): one slide per step, the notes in its notes.

Each slide holds the step's heading, its map as an image (framed as the presenter's map:
:meth:`geo.render.cards.StepPage.map_png`), its facts and sources; the
speaker notes hold the step's notes. An Arabic deck reads right to left: its paragraphs
are right-to-left and the map stands on the right.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import geopandas as gpd
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from geo.i18n import is_rtl
from geo.render.cards import StepPage
from geo.view.selection import Selection

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9
MAP_W = Inches(8.4)
MAP_PX = (1400, 1050)  # the image's pixels: 4:3, at its width on the slide
MARGIN = Inches(0.35)


def deck_pptx(
    sel: Selection,
    basemap: gpd.GeoDataFrame,
    steps: list[StepPage],
    title: str,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> bytes:
    """The deck of ``steps`` of the view ``sel``; ``progress(done, total)`` after each slide."""
    rtl = is_rtl(sel.lang)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    deck.core_properties.title = title
    deck.core_properties.subject = sel.caption
    deck.core_properties.language = sel.lang
    blank = deck.slide_layouts[6]
    for done, page in enumerate(steps, 1):
        slide = deck.slides.add_slide(blank)
        _heading(slide, page.card.heading, rtl)
        image = page.map_png(basemap, MAP_PX)
        top = Inches(1.25)
        height = Emu(int(MAP_W * MAP_PX[1] / MAP_PX[0]))
        left = SLIDE_W - MARGIN - MAP_W if rtl else MARGIN
        slide.shapes.add_picture(io.BytesIO(image), left, top, MAP_W, height)
        text_left = MARGIN if rtl else MARGIN + MAP_W + Inches(0.25)
        width = SLIDE_W - MAP_W - 2 * MARGIN - Inches(0.25)
        box = slide.shapes.add_textbox(text_left, top, width, SLIDE_H - top - MARGIN)
        _facts(box.text_frame, page, rtl, sel)
        slide.notes_slide.notes_text_frame.text = page.card.notes
        progress(done, len(steps))
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _heading(slide, text: str, rtl: bool) -> None:
    box = slide.shapes.add_textbox(MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.85))
    frame = box.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    para.text = text
    para.font.size, para.font.bold = Pt(28), True
    _direction(para, rtl)


def _facts(frame, page: StepPage, rtl: bool, sel: Selection) -> None:
    card, t = page.card, sel.t
    frame.word_wrap = True
    first = True
    lines = [(label, value, 16) for label, value in card.facts]
    if card.text:
        lines.append(("", card.text, 14))
    lines += [(t("Source"), source, 12) for source in card.sources]
    for label, value, size in lines:
        para = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        if label:
            bold = para.add_run()
            bold.text = label + ": "
            bold.font.bold = True
            bold.font.size = Pt(size)
        run = para.add_run()
        run.text = value
        run.font.size = Pt(size)
        para.space_after = Pt(6)
        _direction(para, rtl)


def _direction(para, rtl: bool) -> None:
    """A right-to-left paragraph, aligned right (python-pptx sets neither itself)."""
    if rtl:
        para.alignment = PP_ALIGN.RIGHT
        para._p.get_or_add_pPr().set("rtl", "1")
