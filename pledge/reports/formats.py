"""A board pack's contents as a file: the print HTML (one template), a tagged PDF from it through
WeasyPrint (PDF/UA-1: a structure tree, the title shown as the window title, the language,
table headers, and alternative text on every chart), and Word from the same HTML (word.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from pledge.reports.word import docx_from_html

STYLESHEET = Path(__file__).with_name("pack.css")  # the pack on paper


def pack_html(pack: dict[str, Any]) -> str:
    """One audience's pack (`contents["board"]` or `["public"]`) as a standalone document."""
    return render_to_string("reports/pack/print.html", {"pack": pack})


def pack_pdf(pack: dict[str, Any]) -> bytes:
    pdf = HTML(string=pack_html(pack)).write_pdf(
        stylesheets=[CSS(filename=STYLESHEET)], pdf_variant="pdf/ua-1"
    )
    if pdf is None:  # only when given a file to write to
        raise RuntimeError("WeasyPrint wrote no PDF")
    return pdf


def pack_docx(pack: dict[str, Any]) -> bytes:
    return docx_from_html(pack_html(pack))
