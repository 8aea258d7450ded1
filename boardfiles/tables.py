"""Read the tables of a plan file (CSV, XLSX, DOCX) into plain rows of text.

The first step of importing a plan: whatever the format, the result is a list of `Table`s whose
cells know whether their value was carried down from a merged cell above, and whether the row is
one cell spanning the whole width (a section heading inside the table). Bad files raise
`FileError` with a message a person can act on; nothing here touches the database.

Every file is read within the budgets in `limits.py`: the upload's size first; an XLSX's or
DOCX's ZIP directory before anything is unpacked; then rows, columns and cells as they are read,
stopping at the first one over. Workbooks are streamed (`SheetStream`), never loaded whole.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from xml.etree.ElementTree import iterparse

from boardfiles.limits import (
    DAMAGED,
    MAX_CELLS,
    MAX_LINE_CHARS,
    MAX_SCANNED,
    Budget,
    bounded_lines,
    check_container,
    damaged,
    size_problem,
)
from boardfiles.problems import FileError

FORMULA_STARTS = ("=", "+", "-", "@")
WORKBOOK, DOCUMENT = "Excel workbook", "Word document"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _FORMULA, _MERGE = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}f", f"{_MAIN}mergeCell"


@dataclass
class Cell:
    value: str | datetime.date = ""
    merged: bool = False  # carried down from the merged cell above

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else self.value.isoformat()


@dataclass
class Row:
    number: int  # where a person finds it: the spreadsheet row, or the row within the table
    cells: list[Cell]
    spans_row: bool = False  # one value across every column: a heading inside the table

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]

    @property
    def is_blank(self) -> bool:
        return not any(cell.text.strip() for cell in self.cells)


@dataclass
class Table:
    rows: list[Row]
    heading: str = ""  # the text just above the table in a document
    name: str = ""  # "table 3" in a DOCX, the sheet's name in an XLSX
    problems: list[str] = field(default_factory=list)


def read_tables(filename: str, data: bytes) -> list[Table]:
    """The tables in a plan file, by its extension, read within the budgets in `limits.py`.
    Raises FileError for a bad file, or one over a budget, saying which and how to fix it."""
    too_large = size_problem(filename, len(data))
    if too_large:
        raise FileError(too_large)
    if not data.strip():
        raise FileError(f"{filename} is empty. Choose the file that holds the plan.")
    suffix = PurePath(filename).suffix.lower()
    readers = {".csv": _read_csv, ".xlsx": _read_xlsx, ".docx": _read_docx}
    if suffix not in readers:
        raise FileError(
            f"{filename} is not a CSV, XLSX or DOCX file. Save the plan from Word or Excel in "
            "one of those formats."
        )
    return readers[suffix](filename, data, Budget(filename))


class _Rows:
    """A table's rows as they are read, charged to the file's budget. Blank rows are only made
    when a row with something in it follows them, so the blank rows at the end of a sheet, or a
    CSV's trailing empty lines, cost nothing."""

    def __init__(self, budget: Budget, where: str) -> None:
        self.budget, self.where = budget, where
        self.rows: list[Row] = []
        self.filled = 0  # the number of the last row with something in it
        self.seen = 0  # the number of the last row read

    def add(self, number: int, cells: list[Cell]) -> None:
        number = max(number, self.seen + 1)  # rows out of order are kept in the order they came
        self.seen = number
        filled = sum(1 for cell in cells if cell.text.strip())
        if not filled:
            return
        self.budget.add_rows(self.where, number - self.filled)  # the blank rows between too
        self.budget.add_cells(self.where, filled)
        self.rows += [Row(number=blank, cells=[]) for blank in range(self.filled + 1, number)]
        self.rows.append(Row(number=number, cells=cells))
        self.filled = number


def _read_csv(filename: str, data: bytes, budget: Budget) -> list[Table]:
    text = _decode(filename, data)
    # Excel's quoting rules always; only the delimiter varies (semicolons in some locales).
    first_line = text[:MAX_LINE_CHARS].split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    lines = bounded_lines(filename, io.StringIO(text, newline=""))
    reader = csv.reader(lines, csv.excel, delimiter=delimiter)
    rows = _Rows(budget, "")
    try:
        for number, values in enumerate(reader, start=1):
            used = len(values)
            while used and not values[used - 1].strip():
                used -= 1  # empty cells at the end of a line are not counted
            budget.columns("", used)
            rows.add(number, [Cell(_unescape(value.strip())) for value in values[:used]])
    except csv.Error as error:
        raise FileError(
            f"{filename} is not a CSV file we can read ({error}). Open it in Excel and save it "
            'again as "CSV UTF-8 (Comma delimited)".'
        ) from error
    return [Table(rows=_square(rows.rows), name=filename)]


def _unescape(value: str) -> str:
    """Undo the apostrophe Pledge's export puts before text that would read as a formula."""
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value


def _decode(filename: str, data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, as Excel writes CSVs."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileError(
            f"{filename} is not text we can read. Save it from Excel as "
            '"CSV UTF-8 (Comma delimited)".'
        ) from error


def open_workbook(filename: str, data: bytes) -> Any:
    """An XLSX opened to be streamed (openpyxl's read-only mode) once its ZIP directory passes
    the budgets; its sheets are read with `SheetStream`. Raises FileError. Close it."""
    import openpyxl  # noqa: PLC0415 - only for spreadsheets

    check_container(filename, data, WORKBOOK, streamed="xl/worksheets/")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DAMAGED as error:
        raise FileError(damaged(filename, WORKBOOK)) from error


def _read_xlsx(filename: str, data: bytes, budget: Budget) -> list[Table]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise FileError(
                f"{filename} is password-protected or an old .xls file. Remove the password, "
                "or save it from Excel as an .xlsx workbook, and upload it again."
            )
        raise FileError(f"{filename} is not an Excel workbook. Save it from Excel as .xlsx.")
    book = open_workbook(filename, data)
    tables = []
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            table = _sheet_table(filename, sheet, budget)
            if any(not row.is_blank for row in table.rows):
                tables.append(table)
    finally:
        book.close()
    if not tables:
        raise FileError(f"{filename} has no rows in any sheet. Choose the plan's workbook.")
    return tables


@dataclass
class SheetCell:
    """A cell with something in it, as the sheet holds it."""

    column: int
    value: Any
    number_format: str = ""  # for dates only
    formula: str = ""


class SheetStream:
    """The rows of one sheet of a read-only workbook, streamed from its XML, each as its number
    and the cells with something in them (a sheet that declares, or styles, a million empty
    cells costs next to nothing). Stops with FileError at a cell beyond the budget's
    columns, or after `MAX_SCANNED` XML elements (cells, empty ones too, rows, formatting).
    The merged ranges are in `merged` once every row has been read.

    Not openpyxl's own read-only rows: they are padded to the width the sheet declares (which
    can be 16,384 columns) and hold on to every row read. openpyxl's parser still reads each
    cell's value (shared strings, numbers, dates)."""

    def __init__(self, filename: str, sheet: Any, budget: Budget) -> None:
        self.filename, self.sheet, self.budget = filename, sheet, budget
        self.where = f'the sheet "{sheet.title}"'
        self.merged: list[tuple[int, int, int, int]] = []  # min_col, min_row, max_col, max_row
        self._unplaced: str | None = None  # the reference of the last empty cell passed

    def __iter__(self) -> Iterator[tuple[int, list[SheetCell]]]:
        try:
            yield from self._rows()
        except DAMAGED as error:
            raise FileError(damaged(self.filename, WORKBOOK)) from error

    def _rows(self) -> Iterator[tuple[int, list[SheetCell]]]:
        from openpyxl.utils.cell import range_boundaries  # noqa: PLC0415
        from openpyxl.worksheet._reader import WorkSheetParser  # noqa: PLC0415

        book = self.sheet.parent
        with self.sheet._get_source() as source:  # as openpyxl's own read-only rows do
            parser = WorkSheetParser(
                source,
                self.sheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            open_elements: list[Any] = []
            scanned = 0
            cells: list[SheetCell] = []
            # expat 2.4+ (Python's own) refuses entity expansion attacks and ElementTree never
            # fetches external entities: the same parser openpyxl reads every part with.
            for event, element in iterparse(source, events=("start", "end")):  # noqa: S314
                if event == "start":
                    scanned += 1
                    if scanned > MAX_SCANNED:
                        raise FileError(self._too_much())
                    if element.tag == _ROW:
                        number = element.get("r")
                        parser.row_counter = (
                            int(float(number)) if number else parser.row_counter + 1
                        )
                        parser.col_counter, self._unplaced = 0, None
                        cells = []
                    open_elements.append(element)
                    continue
                open_elements.pop()
                if element.tag == _CELL:
                    cell = self._cell(parser, element)
                    if cell is not None:
                        cells.append(cell)
                elif element.tag == _ROW and cells:
                    yield parser.row_counter, cells
                    cells = []
                elif element.tag == _MERGE:
                    self.merged.append(range_boundaries(element.get("ref", "")))
                if 0 < len(open_elements) <= 3:  # a cell, row or part of the sheet: read, so
                    open_elements[-1].remove(element)  # let it go (its parent holds no more)

    def _cell(self, parser: Any, element: Any) -> SheetCell | None:
        if not len(element) and element.get("t") != "inlineStr":  # no value, no formula
            self._skip(parser, element.get("r"))
            return None
        if element.get("r") is None:
            self._skip(parser, None)
            parser.col_counter -= 1  # parse_cell counts this one
        self._unplaced = None
        parsed = parser.parse_cell(element)
        formula = ""
        if element.find(_FORMULA) is not None:
            written = parser.parse_formula(element)
            formula = str(getattr(written, "text", written))
        value = parsed["value"]
        if (value is None or value == "") and not formula:
            return None
        self.budget.columns(self.where, parsed["column"])
        number_format = ""
        if parsed["data_type"] == "d":
            from openpyxl.cell.read_only import ReadOnlyCell  # noqa: PLC0415

            number_format = ReadOnlyCell(self.sheet, **parsed).number_format or ""
        return SheetCell(parsed["column"], value, number_format, formula)

    def _skip(self, parser: Any, reference: str | None) -> None:
        """Pass an empty cell without parsing it, keeping the column count for a later cell with
        no reference ("r") of its own (Excel always writes one; others need not)."""
        if reference is not None:
            self._unplaced = reference  # worked out only if a cell without one follows
            return
        if self._unplaced is not None:
            from openpyxl.utils.cell import coordinate_to_tuple  # noqa: PLC0415

            parser.col_counter = coordinate_to_tuple(self._unplaced)[1]
            self._unplaced = None
        parser.col_counter += 1

    def _too_much(self) -> str:
        return (
            f"{self.filename}: {self.where} holds more than {MAX_SCANNED:,} cells, rows and "
            f"other items, most of them empty; Pledge reads up to {MAX_SCANNED:,}. Delete the "
            "empty rows and columns below and to the right of the table, save it and upload "
            "it again"
        )


def _sheet_table(filename: str, sheet: Any, budget: Budget) -> Table:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    stream = SheetStream(filename, sheet, budget)
    rows = _Rows(budget, stream.where)
    problems = []
    for number, cells in stream:
        line = [Cell() for _ in range(max(cell.column for cell in cells))]
        for cell in cells:
            line[cell.column - 1] = Cell(_xlsx_value(cell.value, cell.number_format))
            if cell.formula:
                problems.append(
                    f"Row {number}, column {get_column_letter(cell.column)} of "
                    f'"{sheet.title}" holds a formula ({cell.formula}). Pledge reads what cells '
                    "show, not formulas: copy the column and paste it back as values."
                )
        rows.add(number, line)
    grid = _square(rows.rows)  # numbered 1, 2, 3... from the sheet's first row
    width = len(grid[0].cells) if grid else 0
    merged_cells = 0
    for min_col, min_row, max_col, max_row in stream.merged:
        top, left = min_row - 1, min_col - 1
        if top >= len(grid) or left >= width:
            continue  # merged empty cells beyond the table
        if min_row == max_row and max_col - min_col + 1 >= width - 1:
            grid[top].spans_row = True
            continue
        below, right = range(min_row, min(max_row, len(grid))), range(left, min(max_col, width))
        merged_cells += len(below) * len(right)
        if merged_cells > MAX_CELLS:
            raise FileError(
                f"{filename}: {stream.where} has more than {MAX_CELLS:,} merged cells; Pledge "
                f"reads up to {MAX_CELLS:,}. Unmerge the cells, save it and upload it again"
            )
        for r in below:  # carry the value down the merge
            for c in right:
                grid[r].cells[c] = Cell(grid[top].cells[left].value, merged=True)
    return Table(rows=grid, name=sheet.title, problems=problems)


def _xlsx_value(value: Any, number_format: str) -> str | datetime.date:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        if "d" not in number_format.lower().replace("[red]", ""):
            return day.strftime("%B %Y")  # shown as a month ("mmmm yyyy"): it means the month
        return day
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_docx(filename: str, data: bytes, budget: Budget) -> list[Table]:
    import docx  # noqa: PLC0415 - only for documents
    from docx.opc.exceptions import OpcError  # noqa: PLC0415
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileError(
            f"{filename} is not a Word document we can read (it may be password-protected or "
            "an old .doc file). Save it from Word as .docx without a password."
        )
    check_container(filename, data, DOCUMENT)
    try:
        document = docx.Document(io.BytesIO(data))
    except (*DAMAGED, OpcError) as error:
        raise FileError(damaged(filename, DOCUMENT)) from error
    tables: list[Table] = []
    heading: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                heading = [*heading[-1:], text]  # the last two lines above the next table
        elif tag == "tbl" and len(child.tr_lst):
            table = _docx_table(child, document, len(tables) + 1, budget)
            table.heading = heading[-1] if heading else ""
            tables.append(table)
            heading = []
    if not tables:
        raise FileError(
            f"{filename} has no table. Pledge reads a plan from the table(s) in a Word "
            "document: put the plan in a table, one action a row."
        )
    return tables


def _docx_table(tbl: Any, parent: Any, index: int, budget: Budget) -> Table:
    """A Word table's rows as python-docx's `row.cells` gives them (a cell spanning columns
    once for each, a cell merged down as the cell it continues), found in one pass: python-docx
    looks up each merged cell's source again from the top, which is slow, and deep enough
    recursion to fail, on long merges."""
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    where = f"table {index}"
    texts: dict[Any, str] = {}
    rows: list[Row] = []
    above: list[Any] = []  # the row above's cells, for `merged`
    sources: dict[int, Any] = {}  # the row above: where each cell starts -> the cell it shows
    trs = tbl.tr_lst
    budget.add_rows(where, len(trs))  # the whole table at once, before any cell is read
    for number, tr in enumerate(trs, start=1):
        tcs: list[Any] = []
        here: dict[int, Any] = {}
        offset = tr.grid_before
        for tc in tr.tc_lst:
            span = tc.grid_span
            budget.columns(where, len(tcs) + span)
            source = sources.get(offset, tc) if tc.vMerge == "continue" else tc
            here[offset] = source
            tcs += [source] * span
            offset += span
        for tc in tcs:
            if tc not in texts:
                texts[tc] = "\n".join(Paragraph(p, parent).text for p in tc.p_lst).strip()
        cells = [
            Cell(texts[tc], merged=i < len(above) and tc is above[i]) for i, tc in enumerate(tcs)
        ]
        budget.add_cells(where, sum(1 for cell in cells if cell.text))
        spans = len(tcs) > 1 and all(tc is tcs[0] for tc in tcs)
        rows.append(Row(number=number, cells=cells, spans_row=spans))
        above, sources = tcs, here
    return Table(rows=_square(rows), name=f"table {index}")


def _square(rows: list[Row]) -> list[Row]:
    """Every row as wide as the widest, so columns line up."""
    width = max((len(row.cells) for row in rows), default=0)
    for row in rows:
        row.cells += [Cell() for _ in range(width - len(row.cells))]
    return rows
