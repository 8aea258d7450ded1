"""The most work Pledge does for one uploaded file: every budget in one place.

Every upload read into memory (plans, KPI files, figures files, DfE's comparator and neighbour
files) is held to these; the 903 return's files, streamed to disk, have their own budget in
pledge/returns/files.py. A small hostile file (a ZIP bomb dressed as a workbook, a sheet that claims
millions of cells, a CSV that is one 20 MB line) is refused quickly with a message saying what the
limit is, instead of taking a web worker's memory and time. The budgets are generous for real board
papers (plans of hundreds of rows and tens of columns) and keep the web process under 500 MB on the
worst files `bench/uploads.py` builds.

The order of the checks: the upload's size, before anything reads it (`size_problem`, in the
forms); for an XLSX or DOCX, the ZIP directory, before any part is unpacked
(`check_container`); then the readers stream and stop at the row, column and cell budgets
(`Budget`).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final
from xml.etree.ElementTree import ParseError

from boardfiles.problems import FileError

MB: Final = 1024 * 1024

MAX_FILE_BYTES: Final = 20 * MB  # each uploaded file, checked before it is read

# An XLSX or DOCX is a ZIP: checked from its directory before any part is unpacked.
MAX_UNPACKED_BYTES: Final = 50 * MB  # all its parts, unpacked
MAX_PART_BYTES: Final = 10 * MB  # a part read whole (all but the sheets, which stream)
MAX_STYLES_BYTES: Final = 2 * MB  # a workbook's styles (openpyxl builds an object for each)
MAX_PARTS: Final = 2_000
MAX_RATIO: Final = 100  # unpacked : packed, for any part over RATIO_FROM_BYTES
RATIO_FROM_BYTES: Final = 1 * MB

# Tables, counted as they are read: across all the tables (sheets) of one file.
MAX_ROWS: Final = 5_000
MAX_COLUMNS: Final = 100  # in any one row
MAX_CELLS: Final = 200_000  # cells with something in them
MAX_SCANNED: Final = 1_000_000  # XML elements of a sheet: cells (empty too), rows, formatting
MAX_LINE_CHARS: Final = 100_000  # one line of a CSV file

# What goes wrong opening or unpacking a damaged container, from zipfile, zlib and the XML
# parsers under openpyxl and python-docx. Caught around those calls only, never our own code.
DAMAGED: Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    ParseError,
    SyntaxError,  # lxml's XMLSyntaxError
    NotImplementedError,  # zipfile: an unsupported compression method
)


def megabytes(size: int) -> str:
    """50 MB, 50.1 MB, 900 KB."""
    if size < MB:
        return f"{size / 1024:,.0f} KB"
    return f"{size / MB:,.1f}".removesuffix(".0") + " MB"


def size_problem(name: str, size: int | None, limit: int = MAX_FILE_BYTES) -> str | None:
    """What is wrong with an uploaded file's size, before it is read, or None."""
    if size is not None and size > limit:
        return (
            f"{name} is {megabytes(size)}; the largest file Pledge reads is {megabytes(limit)}. "
            "Remove pictures and other sheets, or save the table on its own, and upload that"
        )
    return None


def damaged(filename: str, kind: str) -> str:
    """The message for a container that cannot be opened or unpacked."""
    program = "Word" if kind == "Word document" else "Excel"
    return (
        f"{filename} could not be opened as {_article(kind)} {kind}: it may be damaged. Open it "
        f"in {program}, save it again and upload it"
    )


def _article(kind: str) -> str:
    return "an" if kind[:1].lower() in "aeiou" else "a"


def check_container(filename: str, data: bytes, kind: str, *, streamed: str = "") -> None:
    """Refuse an XLSX or DOCX whose ZIP directory says it unpacks to too much, or is packed
    suspiciously tightly, before any part of it is unpacked. `streamed` is the folder of parts
    read a bit at a time (a workbook's sheets), exempt from the per-part limit. zipfile never
    unpacks more than a part's stated size, so the directory's figures bound the work."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except DAMAGED as error:
        raise FileError(damaged(filename, kind)) from error
    if len(parts) > MAX_PARTS:
        raise FileError(
            f"{filename} holds {len(parts):,} parts; Pledge reads {_article(kind)} {kind} of up "
            f"to {MAX_PARTS:,}. {_resave(kind)}"
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileError(
            f"{filename} unpacks to {megabytes(unpacked)}; Pledge reads {_article(kind)} {kind} "
            f"of up to {megabytes(MAX_UNPACKED_BYTES)} unpacked. {_resave(kind)}"
        )
    for part in parts:
        if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * max(
            part.compress_size, 1
        ):
            raise FileError(
                f"{filename} unpacks to far more than its size ({part.filename} is "
                f"{part.file_size // max(part.compress_size, 1):,} times larger unpacked; "
                f"Pledge reads parts up to {MAX_RATIO} times larger). {_resave(kind)}"
            )
        limit = MAX_STYLES_BYTES if part.filename == "xl/styles.xml" else MAX_PART_BYTES
        whole = not (streamed and part.filename.startswith(streamed))
        is_xml = part.filename.lower().endswith((".xml", ".rels", ".vml"))
        if whole and is_xml and part.file_size > limit:
            raise FileError(
                f"{filename}: its part {part.filename} is {megabytes(part.file_size)} "
                f"unpacked; Pledge reads parts of up to {megabytes(limit)}. {_resave(kind)}"
            )


def _resave(kind: str) -> str:
    if kind == "Word document":
        return "Copy the plan's tables into a new Word document, save it and upload that"
    return "Copy the table into a new workbook, paste it as values, save it and upload that"


@dataclass
class Budget:
    """What one file has used so far, counted as its tables are read; raises FileError
    at the first row, column or cell over the limits."""

    filename: str
    max_rows: int = MAX_ROWS
    max_cells: int = MAX_CELLS
    max_columns: int = MAX_COLUMNS
    rows: int = 0
    cells: int = 0

    def _subject(self, where: str) -> str:
        """The file and where in it, or the file alone (a CSV)."""
        return f"{self.filename}: {where}" if where else self.filename

    def columns(self, where: str, count: int) -> None:
        if count > self.max_columns:
            raise FileError(
                f"{self._subject(where)} has more than {self.max_columns:,} columns; Pledge "
                f"reads up to {self.max_columns:,}. Delete the columns you do not need, or "
                "empty columns to the right of the table, and upload it again"
            )

    def add_rows(self, where: str, count: int = 1) -> None:
        self.rows += count
        if self.rows > self.max_rows:
            raise FileError(
                f"{self._subject(where)} has more than {self.max_rows:,} rows; Pledge reads "
                f"up to {self.max_rows:,}. Remove empty or unneeded rows, or split it into "
                "several files, and upload it again"
            )

    def add_cells(self, where: str, count: int) -> None:
        self.cells += count
        if self.cells > self.max_cells:
            raise FileError(
                f"{self._subject(where)} has more than {self.max_cells:,} cells with "
                f"something in them; Pledge reads up to {self.max_cells:,}. Remove the rows "
                "and columns you do not need, or split it into several files, and upload it "
                "again"
            )


def bounded_lines(filename: str, text: io.StringIO, limit: int = MAX_LINE_CHARS) -> Iterator[str]:
    """The lines of a CSV's text for `csv.reader`, refusing a line longer than `limit` as soon
    as it is met, before the csv module splits it (a 20 MB line of commas is 10 million cells).
    """
    number = 0
    while True:
        line = text.readline(limit + 2)  # room for its line ending
        if not line:
            return
        number += 1
        if len(line.rstrip("\r\n")) > limit:
            raise FileError(
                f"{filename}: line {number:,} is longer than {limit:,} characters; Pledge reads "
                f"lines of up to {limit:,}. Check it is the right file, or open it in Excel and "
                'save it again as "CSV UTF-8 (Comma delimited)"'
            )
        yield line
