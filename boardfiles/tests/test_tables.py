"""Reading plan files: every format the seeds come in, and the bad files people upload."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import docx
import openpyxl
import pytest

from boardfiles.problems import FileError
from boardfiles.tables import Table, read_tables
from boardfiles.tests.seeds import SEED_PLANS as PLANS


def _read(name: str) -> list[Table]:
    return read_tables(name, (PLANS / name).read_bytes())


def _xlsx(build: Callable[[Any], None]) -> bytes:
    book = openpyxl.Workbook()
    build(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.shared
def test_sandwell_docx_is_nine_tables_with_their_headings() -> None:
    tables = _read("sandwell_corporate_parenting_action_plan_2020-21.docx")
    assert len(tables) == 9
    assert tables[0].heading == "Health and Wellbeing"
    assert tables[0].rows[0].texts()[:2] == ["Priority Group", "Action"]
    assert tables[0].rows[2].cells[0].merged  # Priority Group merged down the table


@pytest.mark.shared
def test_xlsx_merged_cells_carry_their_value_down() -> None:
    (table,) = _read("sandwell_corporate_parenting_action_plan_2020-21.xlsx")
    header = next(i for i, row in enumerate(table.rows) if row.texts()[0] == "Priority Group")
    first, second = table.rows[header + 1], table.rows[header + 2]
    assert first.cells[0].text == second.cells[0].text == "Health and Wellbeing"
    assert second.cells[0].merged
    assert not first.cells[0].merged


@pytest.mark.shared
def test_xlsx_month_dates_are_read_as_months() -> None:
    (table,) = _read("derby_cic_care_leavers_eet_action_plan_2016-17.xlsx")
    whens = [row.cells[4].text for row in table.rows]
    assert "April 2016" in whens
    assert "March 216" in whens


@pytest.mark.shared
def test_windows_1252_csv_is_read() -> None:
    (table,) = _read("cheshire_east_action_plan_2015-17.csv")
    assert table.rows[1].cells[0].text == "Outcome 1 \u2013 Involve me"


@pytest.mark.shared
def test_csv_with_a_byte_order_mark_and_crlf() -> None:
    (table,) = _read("sandwell_corporate_parenting_action_plan_2020-21.csv")
    assert table.rows[0].cells[0].text == "Priority Group"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.csv", b"", "is empty"),
        ("plan.xlsx", b"   \n", "is empty"),
        ("plan.pdf", b"%PDF-1.4 something", "not a CSV, XLSX or DOCX"),
        ("plan.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected"),
        ("plan.xlsx", b"just some text, not a workbook", "not an Excel workbook"),
        ("plan.docx", b"PK\x03\x04 broken zip", "not a Word document"),
        ("plan.csv", b"\x81\x8d\x8f\x90\x9d" * 10, "not text we can read"),
    ],
)
def test_bad_files_get_a_clear_message(name: str, data: bytes, message: str) -> None:
    with pytest.raises(FileError, match=message):
        read_tables(name, data)


def test_a_document_with_no_table_is_explained() -> None:
    document = docx.Document()
    document.add_paragraph("Our plan is to do good things.")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(FileError, match="has no table"):
        read_tables("plan.docx", out.getvalue())


def test_ten_thousand_rows_is_too_many() -> None:
    data = ("Ref,Action\n" + "".join(f"{i},Do thing {i}\n" for i in range(10_000))).encode()
    with pytest.raises(FileError, match=r"plan\.csv has more than 5,000 rows"):
        read_tables("plan.csv", data)


def test_a_huge_csv_field_is_explained() -> None:
    with pytest.raises(FileError, match=r"line 2 is longer than 100,000 characters"):
        read_tables("plan.csv", b'Ref,Action\n1,"' + b"x" * 200_000 + b'"\n')


def test_formulas_are_reported_not_silently_read() -> None:
    def build(sheet: Any) -> None:
        sheet.append(["Ref", "Action", "By when"])
        sheet.append(["1", "Do it", "=TODAY()+30"])

    (table,) = read_tables("plan.xlsx", _xlsx(build))
    assert any("Row 2, column C" in problem and "formula" in problem for problem in table.problems)


def test_merged_cells_in_a_made_up_workbook() -> None:
    def build(sheet: Any) -> None:
        sheet.append(["Priority", "Action", "Who", "By when"])
        sheet.append(["Health", "A", "NHS", datetime.date(2026, 4, 1)])  # Excel has no time zone
        sheet.append([None, "B", "NHS", "31/05/2026"])
        sheet.merge_cells("A2:A3")
        sheet["D2"].number_format = "dd/mm/yyyy"

    (table,) = read_tables("plan.xlsx", _xlsx(build))
    assert table.rows[2].cells[0].text == "Health"
    assert table.rows[1].cells[3].value == datetime.date(2026, 4, 1)  # a real day stays a day
