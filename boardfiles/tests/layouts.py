"""An action plan written for these tests, in the layouts councils keep theirs in: a Word table,
a workbook and a CSV, with a title above the header, a full-width row naming each priority,
and (in Word and Excel) a "Who" cell merged down over the actions it covers. Invented: the
"Eastshire" board, its agencies and officers do not exist."""

from __future__ import annotations

import csv
import io

TITLE = "Eastshire Corporate Parenting Action Plan 2026-27"
HEADER = ("Ref", "Action", "Who", "By when", "Success looks like")
PRIORITY_1 = "Priority 1: Health and wellbeing"
PRIORITY_2 = "Priority 2: A home that is right for me"
ROWS: tuple[tuple[str, ...], ...] = (
    (PRIORITY_1,),
    (
        "1.1",
        "Offer every care leaver a health passport.",
        "NHS Eastshire; Leaving Care Team",
        "June 2026",
        "Every care leaver has one by 18.",
    ),
    (
        "1.2",
        "Run a drop-in with the school nurses each term.",
        "NHS Eastshire",
        "Termly",
        "Young people say they know where to go.",
    ),
    (PRIORITY_2,),
    (
        "2.1",
        "Recruit twenty more foster carers in Eastshire.",
        "Fostering Service",
        "31/03/2027",
        "Fewer children placed over 20 miles away.",
    ),
    (
        "2.2",
        "Review every placement ending early with the child.",
        "Fostering Service",
        "Ongoing",
        "Fewer than 10% have three moves in a year.",
    ),
)
# In Word and Excel, the "Who" of 2.1 and 2.2 is one cell merged over both rows.
MERGED_WHO = ("2.1", "2.2")


def plan_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([TITLE])
    writer.writerow(HEADER)
    for row in ROWS:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def plan_xlsx(*, merge_who: bool = True) -> bytes:
    import openpyxl  # noqa: PLC0415 - test data only

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([TITLE])
    sheet.append(list(HEADER))
    for row in ROWS:
        sheet.append(list(row))
        number = sheet.max_row
        if len(row) == 1:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=5)
    if merge_who:
        first, second = (_row_number(reference) + 2 for reference in MERGED_WHO)
        sheet.cell(second, 3).value = None
        sheet.merge_cells(start_row=first, start_column=3, end_row=second, end_column=3)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plan_docx(*, merge_who: bool = True) -> bytes:
    import docx  # noqa: PLC0415 - test data only

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for column, heading in enumerate(HEADER):
        table.cell(0, column).text = heading
    for number, row in enumerate(ROWS, start=1):
        if len(row) == 1:
            merged = table.cell(number, 0).merge(table.cell(number, len(HEADER) - 1))
            merged.text = row[0]
            continue
        for column, text in enumerate(row):
            table.cell(number, column).text = text
    if merge_who:
        first, second = (_row_number(reference) for reference in MERGED_WHO)
        table.cell(second, 2).text = ""
        table.cell(first, 2).merge(table.cell(second, 2)).text = ROWS[first - 1][2]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _row_number(reference: str) -> int:
    """The row's place in ROWS, counting from 1."""
    return next(n for n, row in enumerate(ROWS, start=1) if row[0] == reference)
