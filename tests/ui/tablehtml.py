"""Read the pages' HTML tables (``ui.tables``) back as DataFrames, in AppTest tests."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "columns": [], "rows": [], "scopes": []})
        elif tag == "caption":
            self._in = "caption"
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell = []
            if tag == "th":
                self.tables[-1]["scopes"].append(dict(attrs).get("scope"))

    def handle_endtag(self, tag):
        table = self.tables[-1] if self.tables else None
        if tag == "caption":
            self._in = None
        elif tag in ("th", "td") and self._row is not None:
            self._row.append("".join(self._cell or []))
            self._cell = None
        elif tag == "tr" and table is not None:
            if self._row and not table["columns"]:
                table["columns"] = self._row
            else:
                table["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in == "caption":
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def html_tables(at) -> list[pd.DataFrame]:
    """Every HTML table the page drew, its caption in ``.attrs["caption"]``."""
    out = []
    for element in at.get("html"):
        parser = _Tables()
        parser.feed(element.proto.body)
        for t in parser.tables:
            df = pd.DataFrame(t["rows"], columns=t["columns"])
            df.attrs.update(caption=t["caption"], scopes=t["scopes"])
            out.append(df)
    return out
