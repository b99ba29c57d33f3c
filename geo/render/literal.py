"""A map's rendered pieces stay text: no text from data is ever read as a template.

branca assembles a folium page from pieces already rendered (each layer's script with its
data inline), and wraps each piece in ``Element(text)``, whose constructor compiles that
text as a Jinja template, rendered again when the page is assembled. Text from data that
holds ``{{ ... }}`` was then evaluated on the server: a hub named
``{{ cycler.__init__.__globals__.os.getcwd() }}`` put the server's folder into the map, and
Jinja without a sandbox reaches any Python. Every caller in folium (0.20) and branca (0.8)
passes text already rendered, so here an ``Element`` made from a string keeps it as it is.

Importing this module applies it (``geo.render.maps`` does); tests/render/test_hostile_text.py
checks that a template in the data stays text, and that folium still draws the same map.
"""

from __future__ import annotations

import branca.element


class LiteralTemplate:
    """Stands for a compiled template whose source is plain text: it renders as itself."""

    def __init__(self, text: str):
        self.text = text

    def render(self, *args, **kwargs) -> str:
        """The text, whatever the arguments."""
        return self.text


_compiling_init = branca.element.Element.__init__


def _literal_init(self, template=None, template_name=None):
    if isinstance(template, str):
        _compiling_init(self, None, template_name)
        self._template_str = template
        self._template = LiteralTemplate(template)
    else:
        _compiling_init(self, template, template_name)


if getattr(branca.element.Element.__init__, "__name__", "") != "_literal_init":
    branca.element.Element.__init__ = _literal_init
