"""A Word document from the board pack's HTML, so that Word says what the page and the PDF say.

Reads the small set of elements the pack's template writes (headings, paragraphs, lists,
description lists, tables with captions and header cells, and charts as images with alternative
text) and writes each as Word's own: Heading 1 to 4, real tables whose header row repeats on each
page, and pictures with their description. Anything else is read for its text.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from html.parser import HTMLParser

import cairosvg
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt
from docx.table import Table

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
BLOCKS = {"p", "li", "dt", "dd", "caption", *HEADINGS}
SVG_DATA = "data:image/svg+xml;base64,"


@dataclass
class _Cell:
    runs: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class _Table:
    caption: str = ""
    rows: list[list[_Cell]] = field(default_factory=list)
    header_rows: int = 0


class _PackReader(HTMLParser):
    def __init__(self, document: DocumentObject) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.runs: list[tuple[str, bool]] = []  # the current block's text, and whether bold
        self.bold = 0
        self.skip = 0  # inside <style> or <title>: not the document's text
        self.lists: list[str] = []
        self.table: _Table | None = None
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in {"strong", "b", "dt", "th"}:
            self.bold += 1
        if tag in {"style", "title"}:
            self.skip += 1
        elif tag == "html":
            self.document.core_properties.language = attributes.get("lang") or ""
        elif tag == "br":
            self.runs.append(("\n", False))
        elif tag in {"ul", "ol"}:
            self.lists.append(tag)
        elif tag == "img":
            self._picture(attributes.get("src") or "", attributes.get("alt") or "")
        elif tag == "table":
            self.table = _Table()
        elif self.table is not None:
            self._table_part(tag, self.table)

    @staticmethod
    def _table_part(tag: str, table: _Table) -> None:
        if tag == "tr":
            table.rows.append([])
        elif tag in {"th", "td"}:
            table.rows[-1].append(_Cell())

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "title"}:
            self.skip -= 1
        elif tag in {"ul", "ol"}:
            self.lists.pop()
        elif tag == "thead" and self.table is not None:
            self.table.header_rows = len(self.table.rows)  # the rows read so far
        elif tag in {"th", "td"} and self.table is not None:
            self.table.rows[-1][-1].runs = self._take()
        elif tag == "caption" and self.table is not None:
            self.table.caption = "".join(text for text, _bold in self._take()).strip()
        elif tag == "table" and self.table is not None:
            self._write_table(self.table)
            self.table = None
        elif tag in BLOCKS and self.table is None:
            self._write_block(tag)
        if tag in {"strong", "b", "dt", "th"}:
            self.bold -= 1

    def handle_data(self, data: str) -> None:
        if self.skip:
            if self.lasttag == "title":
                self.title += data
            return
        text = " ".join(data.split())
        if text:
            space = " " if data[:1].isspace() and self.runs else ""
            tail = " " if data[-1:].isspace() else ""
            self.runs.append((space + text + tail, self.bold > 0))

    def _take(self) -> list[tuple[str, bool]]:
        runs, self.runs = self.runs, []
        return runs

    def _write_block(self, tag: str) -> None:
        runs = self._take()
        if not "".join(text for text, _bold in runs).strip():
            return
        if tag in HEADINGS:
            self.document.add_heading("".join(text for text, _b in runs).strip(), HEADINGS[tag])
            return
        style = None
        if tag == "li":
            style = "List Number" if self.lists[-1:] == ["ol"] else "List Bullet"
        paragraph = self.document.add_paragraph(style=style)
        for text, bold in runs:
            paragraph.add_run(text).bold = bold or None

    def _write_table(self, found: _Table) -> None:
        if found.caption:
            self.document.add_paragraph(found.caption, style="Caption")
        width = max((len(row) for row in found.rows), default=0)
        if not width:
            return
        table: Table = self.document.add_table(rows=len(found.rows), cols=width)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for row, cells in zip(table.rows, found.rows, strict=True):
            for cell, content in zip(row.cells, cells, strict=False):
                paragraph = cell.paragraphs[0]
                for text, bold in content.runs:
                    run = paragraph.add_run(text.replace("\n", ""))
                    run.bold = bold or None
                    if text == "\n":
                        run.add_break()
        for row in table.rows[: max(found.header_rows, 0)]:
            marker = OxmlElement("w:tblHeader")  # repeat on every page; read as headers
            row._tr.get_or_add_trPr().append(marker)
        self.document.add_paragraph()

    def _picture(self, source: str, alt: str) -> None:
        if not source.startswith(SVG_DATA):
            return
        svg = base64.b64decode(source.removeprefix(SVG_DATA))
        png = cairosvg.svg2png(bytestring=svg, scale=2)
        self.document.add_picture(io.BytesIO(png), width=Mm(150))
        inline = self.document.inline_shapes[-1]._inline
        inline.docPr.set("descr", alt)
        inline.docPr.set("title", alt.split(". ", maxsplit=1)[0][:120])


def docx_from_html(html: str) -> bytes:
    """The Word document the pack's HTML reads as."""
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    reader = _PackReader(document)
    reader.feed(html)
    reader.close()
    document.core_properties.title = reader.title.strip()
    for section in document.sections:
        section.left_margin = section.right_margin = Mm(16)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
