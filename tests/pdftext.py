"""Reading what the printed exports hold: their texts, words as a reader searches them, the PDF's metrics."""

import io

from matplotlib.backends.backend_pdf import PdfFile, RendererPdf
from matplotlib.text import Text

from geo.render import printed


def flat(text):
    """Text with its whitespace (and RLMs) collapsed, as a reader of the PDF would search it."""
    return " ".join(text.replace(printed.RLM, " ").split())


def has_words(text, page):
    """Whether every word of ``text`` is on ``page``, in any order.

    pypdf gives Arabic words in visual order, and glues those of side-by-side texts.
    """
    return all(word in flat(page) for word in flat(text).split())


def texts(fig):
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def outside(fig, renderer):
    """Texts of ``fig`` that reach past its edges, as laid out by ``renderer``."""
    page = fig.bbox.padded(0.5)
    return [
        t.get_text()
        for t in texts(fig)
        if not page.contains(*t.get_window_extent(renderer).p0)
        or not page.contains(*t.get_window_extent(renderer).p1)
    ]


def pdf_renderer(fig):
    """The PDF backend's renderer: its font metrics, not Agg's hinted ones."""
    width, height = fig.get_size_inches()
    return RendererPdf(PdfFile(io.BytesIO()), 72, height, width)
