"""Read the tables of a plan file (CSV, XLSX, DOCX) into plain rows of text.

The first step of importing a plan: whatever the format, the result is a list of `Table`s whose
cells know whether their value was carried down from a merged cell above, and whether the row is
one cell spanning the whole width (a section heading inside the table). Bad files raise
`PlanFileError` with a message a person can act on; nothing here touches the database.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

MAX_ROWS = 5000
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_BYTES = 20 * 1024 * 1024


class PlanFileError(Exception):
    """A file that cannot be read as a plan, with what is wrong and how to fix it."""


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
    """The tables in a plan file, by its extension. Raises PlanFileError for a bad file."""
    if not data.strip():
        raise PlanFileError(f"{filename} is empty. Choose the file that holds the plan.")
    if len(data) > MAX_BYTES:
        raise PlanFileError(
            f"{filename} is larger than {MAX_BYTES // 1024 // 1024} MB. Remove pictures or "
            "other sheets, or save the plan's table on its own."
        )
    suffix = PurePath(filename).suffix.lower()
    readers = {".csv": _read_csv, ".xlsx": _read_xlsx, ".docx": _read_docx}
    if suffix not in readers:
        raise PlanFileError(
            f"{filename} is not a CSV, XLSX or DOCX file. Save the plan from Word or Excel in "
            "one of those formats."
        )
    tables = readers[suffix](filename, data)
    rows = sum(len(t.rows) for t in tables)
    if rows > MAX_ROWS:
        raise PlanFileError(
            f"{filename} has {rows:,} rows; Pledge imports plans of up to {MAX_ROWS:,} rows. "
            "Split the plan into several files, one per year or priority."
        )
    return tables


def _read_csv(filename: str, data: bytes) -> list[Table]:
    text = _decode(filename, data)
    # Excel's quoting rules always; only the delimiter varies (semicolons in some locales).
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    try:
        rows = [
            Row(number=number, cells=[Cell(_unescape(value.strip())) for value in values])
            for number, values in enumerate(reader, start=1)
        ]
    except csv.Error as error:
        raise PlanFileError(
            f"{filename} is not a CSV file we can read ({error}). Open it in Excel and save it "
            'again as "CSV UTF-8 (Comma delimited)".'
        ) from error
    return [Table(rows=_square(rows), name=filename)]


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
        raise PlanFileError(
            f"{filename} is not text we can read. Save it from Excel as "
            '"CSV UTF-8 (Comma delimited)".'
        ) from error


def _read_xlsx(filename: str, data: bytes) -> list[Table]:
    import openpyxl  # noqa: PLC0415 - only for spreadsheets

    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise PlanFileError(
                f"{filename} is password-protected or an old .xls file. Remove the password, "
                "or save it from Excel as an .xlsx workbook, and upload it again."
            )
        raise PlanFileError(f"{filename} is not an Excel workbook. Save it from Excel as .xlsx.")
    try:
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except Exception as error:
        raise PlanFileError(
            f"{filename} could not be opened as an Excel workbook ({error}). Open it in Excel, "
            "save it again as .xlsx, and upload that."
        ) from error
    tables = []
    for sheet in values.worksheets:
        if sheet.sheet_state != "visible" or sheet.max_row < 1:
            continue
        table = _sheet_table(sheet, formulas[sheet.title])
        if any(not row.is_blank for row in table.rows):
            tables.append(table)
    if not tables:
        raise PlanFileError(f"{filename} has no rows in any sheet. Choose the plan's workbook.")
    return tables


def _sheet_table(sheet: object, formula_sheet: object) -> Table:
    width = sheet.max_column  # type: ignore[attr-defined]
    if sheet.max_row > MAX_ROWS + 50:  # type: ignore[attr-defined]
        raise PlanFileError(
            f'Sheet "{sheet.title}" has {sheet.max_row:,} rows; Pledge imports plans of up to '  # type: ignore[attr-defined]
            f"{MAX_ROWS:,} rows. Split the plan into several files."
        )
    grid: list[list[Cell]] = []
    for values in sheet.iter_rows(values_only=False):  # type: ignore[attr-defined]
        grid.append([Cell(_xlsx_value(c)) for c in values][:width])
    spans: set[int] = set()
    for merged in sheet.merged_cells.ranges:  # type: ignore[attr-defined]
        top, left = merged.min_row - 1, merged.min_col - 1
        if merged.min_row == merged.max_row and merged.max_col - merged.min_col + 1 >= width - 1:
            spans.add(top)
            continue
        for r in range(merged.min_row, merged.max_row):  # carry the value down the merge
            for c in range(left, merged.max_col):
                grid[r][c] = Cell(grid[top][left].value, merged=True)
    problems = [
        f'Row {cell.row}, column {cell.column_letter} of "{sheet.title}" holds a formula '  # type: ignore[attr-defined]
        f"({cell.value}). Pledge reads what cells show, not formulas: copy the column and "
        "paste it back as values."
        for row in formula_sheet.iter_rows()  # type: ignore[attr-defined]
        for cell in row
        if cell.data_type == "f"
    ]
    rows = [Row(number=i + 1, cells=cells, spans_row=i in spans) for i, cells in enumerate(grid)]
    return Table(rows=_square(rows), name=sheet.title, problems=problems)  # type: ignore[attr-defined]


def _xlsx_value(cell: object) -> str | datetime.date:
    value = cell.value  # type: ignore[attr-defined]
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        number_format = (cell.number_format or "").lower()  # type: ignore[attr-defined]
        if "d" not in number_format.replace("[red]", ""):
            return day.strftime("%B %Y")  # shown as a month ("mmmm yyyy"): it means the month
        return day
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_docx(filename: str, data: bytes) -> list[Table]:
    import docx  # noqa: PLC0415 - only for documents
    from docx.table import Table as DocxTable  # noqa: PLC0415
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PlanFileError(
            f"{filename} is not a Word document we can read (it may be password-protected or "
            "an old .doc file). Save it from Word as .docx without a password."
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise PlanFileError(
            f"{filename} could not be opened as a Word document ({error}). Open it in Word, "
            "save it again as .docx, and upload that."
        ) from error
    tables: list[Table] = []
    heading: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                heading = [*heading[-1:], text]  # the last two lines above the next table
        elif tag == "tbl":
            table = _docx_table(DocxTable(child, document), len(tables) + 1)
            table.heading = heading[-1] if heading else ""
            tables.append(table)
            heading = []
    if not tables:
        raise PlanFileError(
            f"{filename} has no table. Pledge reads a plan from the table(s) in a Word "
            "document: put the plan in a table, one action a row."
        )
    return tables


def _docx_table(table: object, index: int) -> Table:
    rows: list[Row] = []
    above: list[object] = []
    for number, row in enumerate(table.rows, start=1):  # type: ignore[attr-defined]
        tcs = [cell._tc for cell in row.cells]
        cells = [
            Cell(
                "\n".join(p.text for p in cell.paragraphs).strip(),
                merged=i < len(above) and tcs[i] is above[i],
            )
            for i, cell in enumerate(row.cells)
        ]
        spans = len(tcs) > 1 and all(tc is tcs[0] for tc in tcs)
        rows.append(Row(number=number, cells=cells, spans_row=spans))
        above = tcs
    return Table(rows=_square(rows), name=f"table {index}")


def _square(rows: list[Row]) -> list[Row]:
    """Every row as wide as the widest, so columns line up."""
    width = max((len(row.cells) for row in rows), default=0)
    for row in rows:
        row.cells += [Cell() for _ in range(width - len(row.cells))]
    return rows
