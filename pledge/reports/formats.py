"""A board pack's contents as a file: the print HTML (one template), a tagged PDF from it
(pledge/core/pdf.py), and Word from the same HTML (word.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from pledge.core.pdf import tagged_pdf
from pledge.reports.word import docx_from_html

STYLESHEET = Path(__file__).with_name("pack.css")  # the pack on paper


def pack_html(pack: dict[str, Any]) -> str:
    """One audience's pack (`contents["board"]` or `["public"]`) as a standalone document."""
    return render_to_string("reports/pack/print.html", {"pack": pack})


def pack_pdf(pack: dict[str, Any]) -> bytes:
    return tagged_pdf(pack_html(pack), STYLESHEET)


def pack_docx(pack: dict[str, Any]) -> bytes:
    return docx_from_html(pack_html(pack))
