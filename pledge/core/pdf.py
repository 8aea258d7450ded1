"""Tagged PDF from a page of HTML, for the board pack and the young person's leaflet.

WeasyPrint's PDF/UA-1 variant: a structure tree (headings, lists, tables with their headers),
the document's title shown as the window title, its language, and alternative text on images.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint import CSS, HTML


def tagged_pdf(html: str, stylesheet: Path) -> bytes:
    pdf = HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=stylesheet)], pdf_variant="pdf/ua-1"
    )
    if pdf is None:  # only when given a file to write to
        raise RuntimeError("WeasyPrint wrote no PDF")
    return pdf
