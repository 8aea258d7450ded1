"""The pack's PDF and Word files, opened and checked: tagged, titled, in English, headings in
order, tables with header cells, and every chart described."""

from __future__ import annotations

import datetime
import io
import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from pledge.core.models import Authority
from pledge.reports.formats import pack_docx, pack_html, pack_pdf
from pledge.reports.models import PackPeriod, Period
from pledge.reports.pack import pack_contents
from pledge.reports.tests.helpers import stored

D = datetime.date
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TITLE = "Board pack: Quarter to 31 March 2026, Northfield Corporate Parenting Board"


@pytest.fixture
def pack(authority: Authority) -> dict[str, Any]:
    """A small pack with two charts: a trend over three years and a breakdown."""
    authority.board_name = "Northfield Corporate Parenting Board"
    authority.save()
    stored(
        authority,
        *[("cla_count", D(year, 3, 31), 280 + year % 10, None) for year in (2024, 2025, 2026)],
        ("cla_gender_mix:male", D(2026, 3, 31), 160, 300),
        ("cla_gender_mix:female", D(2026, 3, 31), 140, 300),
    )
    period = Period.ending(PackPeriod.QUARTER, D(2026, 3, 31))
    return pack_contents(authority, period, version=1, made_at=timezone.now())["board"]


def charts(pack: dict[str, Any]) -> int:
    return len(re.findall(r"<img ", pack_html(pack)))


def _kids(node: Any) -> Iterator[Any]:
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        element = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(element, DictionaryObject) and "/S" in element:
            yield element


def _walk(node: Any) -> Iterator[Any]:
    for kid in _kids(node):
        yield kid
        yield from _walk(kid)


def test_the_pdf_is_tagged_titled_ordered_and_every_chart_described(
    pack: dict[str, Any],
) -> None:
    reader = PdfReader(io.BytesIO(pack_pdf(pack)))
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == TITLE
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # the title, not the file name

    elements = list(_walk(root["/StructTreeRoot"].get_object()))
    levels = [int(e["/S"][2:]) for e in elements if re.fullmatch(r"/H\d", e["/S"])]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))

    tables = [e for e in elements if e["/S"] == "/Table"]
    assert tables
    assert all(any(cell["/S"] == "/TH" for cell in _walk(table)) for table in tables)

    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) == charts(pack) == 2
    assert all(
        str(figure.get("/Alt", "")).startswith(("Line chart", "Bar chart")) for figure in figures
    )


def test_the_word_document_has_heading_styles_tables_and_described_charts(
    pack: dict[str, Any],
) -> None:
    document = Document(io.BytesIO(pack_docx(pack)))
    assert document.core_properties.title == TITLE
    assert document.core_properties.language == "en-GB"

    headings = [
        (int(p.style.name.rsplit(" ", 1)[1]), p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings[0] == (1, "Board pack: Quarter to 31 March 2026")
    assert (2, "Headline data") in headings
    assert (2, "Action plan as at 31 March 2026") in headings
    levels = [level for level, _text in headings]
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))

    assert len(document.tables) >= 4
    first_row = document.tables[0].rows[0]._tr
    assert first_row.trPr is not None
    # The header row repeats on each page, and is read as the table's header.
    assert first_row.trPr.find(f"{{{WORD}}}tblHeader") is not None
    assert [c.text for c in document.tables[0].rows[0].cells][:2] == ["Measure", "Ours"]

    pictures = document.inline_shapes
    assert len(pictures) == charts(pack) == 2
    assert all(
        picture._inline.docPr.get("descr", "").startswith(("Line chart", "Bar chart"))
        for picture in pictures
    )
