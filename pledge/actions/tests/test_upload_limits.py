"""Hostile uploads: each is refused quickly with a message saying what the limit is, nothing is
kept, and each test fails when the guard it is named for is taken out (limits.py, tables.py,
the upload forms). The files are made here: small to send, huge to read."""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from boardfiles import limits
from boardfiles.comparators import (
    read_comparators,
    read_statistical_neighbours,
)
from boardfiles.problems import FileError
from boardfiles.tables import read_tables
from pledge.actions.models import PlanUpload
from pledge.actions.tests.pages import upload_plan
from pledge.core.models import Person, Role
from pledge.returns.forms import ReturnUploadForm
from pledge.returns.models import ReturnLoad
from pledge.scorecard.forms import KpiUploadForm
from pledge.scorecard.models import KpiUpload

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def workbook(
    rows: bytes, *, dimension: str = "A1", stored: bool = False, after: bytes = b""
) -> bytes:
    """A real workbook whose first sheet's rows are `rows` (sheet XML). `stored`: the sheet is
    not compressed (so only the size and element budgets can stop it, not the ratio guard)."""
    plain = io.BytesIO()
    openpyxl.Workbook().save(plain)
    sheet = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>'.encode()
        + rows
        + b"</sheetData>"
        + after
        + b"</worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            is_sheet = info.filename == SHEET
            method = zipfile.ZIP_STORED if is_sheet and stored else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, sheet if is_sheet else source.read(info), method)
    return out.getvalue()


def text_row(number: int, *texts: str) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in texts)
    return f'<row r="{number}">{cells}</row>'.encode()


def numbers(rows: int, columns: int) -> bytes:
    """Rows of random numbers: they do not pack tightly, so only the table budgets stop them."""
    rng = random.Random(rows * columns)  # noqa: S311 - seeded filler
    return b"".join(
        b"<row>"
        + b"".join(b"<c><v>%d</v></c>" % rng.randrange(10**6) for _ in range(columns))
        + b"</row>"
        for _ in range(rows)
    )


def bad_crc(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    """`data` with `member` stored unpacked and one byte of it changed: it still parses, but
    its CRC no longer matches."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            method = zipfile.ZIP_STORED if info.filename == member else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, source.read(info), method)
    damaged = out.getvalue()
    at = damaged.index(old, damaged.index(member.encode()))
    return damaged[:at] + new + damaged[at + len(old) :]


def refused(name: str, data: bytes, message: str) -> float:
    """Seconds taken to refuse `data` with `message`."""
    start = time.perf_counter()
    with pytest.raises(FileError, match=message):
        read_tables(name, data)
    return time.perf_counter() - start


# The ZIP directory, before anything is unpacked (limits.check_container).


def test_a_zip_bomb_dressed_as_a_workbook_is_refused_by_its_unpacked_size() -> None:
    bomb = workbook(b"<row><c/></row>" * (52 * 1024 * 1024 // 15))  # 52 MB, packs to ~60 KB
    assert len(bomb) < 200_000
    seconds = refused("plan.xlsx", bomb, r"unpacks to 52 MB; Pledge reads an Excel workbook of")
    assert seconds < 2


def test_a_part_packed_far_tighter_than_a_real_one_is_refused() -> None:
    tight = workbook(b"<row><c/></row>" * (20 * 1024 * 1024 // 15))  # 20 MB in about 20 KB
    refused("plan.xlsx", tight, r"xl/worksheets/sheet1.xml is \d+ times larger unpacked")


def test_a_part_read_whole_is_held_to_its_own_size() -> None:
    plain = io.BytesIO()
    document = docx.Document()
    document.add_table(rows=1, cols=1)
    document.save(plain)
    rng = random.Random(1)  # noqa: S311 - seeded filler
    filler = "".join(
        f"<w:p><w:r><w:t>{rng.randrange(10**9)}</w:t></w:r></w:p>" for _ in range(420_000)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:tbl>", filler.encode() + b"<w:tbl>", 1)
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    refused("plan.docx", out.getvalue(), r"its part word/document.xml is 1\d.\d MB unpacked")


# Rows, columns and cells as the sheet streams (tables.SheetStream, limits.Budget).


def test_a_sheet_over_the_cell_budget_stops_there() -> None:
    data = workbook(numbers(4_100, 50))  # 205,000 cells in 4,100 rows
    refused("plan.xlsx", data, r'the sheet "Sheet" has more than 200,000 cells with something')


def test_a_sheet_over_the_row_budget_stops_there() -> None:
    data = workbook(numbers(6_000, 2))
    refused(
        "plan.xlsx",
        data,
        r'plan.xlsx: the sheet "Sheet" has more than 5,000 rows; Pledge reads up to 5,000',
    )


def test_a_cell_beyond_the_column_budget_stops_the_sheet() -> None:
    far = b'<row r="1"><c r="A1"><v>1</v></c><c r="CX1"><v>2</v></c></row>'  # column 102
    refused("plan.xlsx", workbook(far), r"has more than 100 columns; Pledge reads up to 100")


def test_a_sheet_of_a_million_empty_cells_is_stopped_unread() -> None:
    data = workbook(b"<row>" + b'<c s="0"/>' * 1_100_000 + b"</row>", stored=True)
    assert len(data) < limits.MAX_FILE_BYTES
    refused("plan.xlsx", data, r"holds more than 1,000,000 cells, rows and other items")


def test_merged_cells_over_the_budget_are_refused() -> None:
    rows = text_row(1, *["Heading"] * 100) + text_row(2_500, "last")
    merges = b'<mergeCells count="1"><mergeCell ref="A2:CV2500"/></mergeCells>'
    data = workbook(rows, after=merges)
    refused("plan.xlsx", data, r"has more than 200,000 merged cells")


def test_a_sheet_that_declares_every_cell_reads_as_the_few_it_holds() -> None:
    rows = text_row(1, "Ref", "Action") + text_row(2, "1.1", "Do it")
    rows += b"".join(b'<row r="%d"><c r="B%d" s="0"/></row>' % (n, n) for n in range(3, 50_003))
    rows += b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    (table,) = read_tables("plan.xlsx", workbook(rows, dimension="A1:XFD1048576"))
    assert [row.texts() for row in table.rows] == [["Ref", "Action"], ["1.1", "Do it"]]


# CSV: lines and fields (limits.bounded_lines, limits.Budget).


def test_a_20_mb_csv_of_one_line_is_refused_at_once() -> None:
    line = b"a," * (10 * 1024 * 1024 - 1)
    seconds = refused("plan.csv", line, r"line 1 is longer than 100,000 characters")
    assert seconds < 5


def test_a_csv_row_wider_than_the_budget_is_refused() -> None:
    data = ("Ref," + ",".join(f"column {n}" for n in range(150)) + "\n").encode()
    refused("plan.csv", data, r"plan.csv has more than 100 columns")


def test_trailing_empty_lines_and_cells_of_a_csv_cost_nothing() -> None:
    data = ("Ref,Action" + "," * 500 + "\n1.1,Do it\n" + ",,,\n" * 20_000).encode()
    (table,) = read_tables("plan.csv", data)
    assert [row.texts() for row in table.rows] == [["Ref", "Action"], ["1.1", "Do it"]]


def test_a_dfe_csv_of_one_line_is_refused_at_once() -> None:
    with pytest.raises(FileError, match="line 1 is longer than 100,000 characters"):
        read_comparators("ees.csv", b"a," * (10 * 1024 * 1024 - 1))


# Damaged containers: a clear message, never a 500 (limits.DAMAGED around opening and reading).


def damaged_at_the_end() -> bytes:
    """A workbook whose sheet (long enough to be read a piece at a time) has a bad CRC, found
    only once the sheet has been streamed to its end."""
    rows = b"".join(text_row(n, f"{n}.1", "Do it") for n in range(1, 2_000))
    return bad_crc(workbook(rows + text_row(2_000, "Last", "Action")), SHEET, b"Action", b"Actiom")


@pytest.mark.parametrize(
    "data",
    [
        damaged_at_the_end(),  # found while the sheet streams (SheetStream)
        bad_crc(workbook(text_row(1, "Ref")), "xl/workbook.xml", b"sheets", b"sheetz"),  # opening
    ],
)
def test_a_workbook_with_a_bad_crc_is_called_damaged(data: bytes) -> None:
    message = r"plan.xlsx could not be opened as an Excel workbook: it may be damaged"
    refused("plan.xlsx", data, message)


def test_a_truncated_workbook_is_called_damaged() -> None:
    good = workbook(numbers(200, 5))
    cut = good[: len(good) // 2] + good[-22:]  # the end record, pointing at a directory gone
    with pytest.raises(FileError, match=r"(could not be opened|not an Excel workbook)"):
        read_tables("plan.xlsx", cut)


def test_a_document_with_a_bad_crc_is_called_damaged() -> None:
    plain = io.BytesIO()
    document = docx.Document()
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Refer"
    document.save(plain)
    data = bad_crc(plain.getvalue(), "word/document.xml", b"Refer", b"Refex")
    refused("plan.docx", data, r"could not be opened as a Word document: it may be damaged")


def test_a_neighbours_workbook_with_a_bad_crc_is_called_damaged() -> None:
    with pytest.raises(FileError, match="it may be damaged"):
        read_statistical_neighbours("neighbours.xlsx", damaged_at_the_end())


# Sizes, every file, before anything reads one (the upload forms).


def test_a_large_first_file_among_several_is_refused_by_name() -> None:
    first = SimpleUploadedFile("episodes.csv", b"x")
    first.size = 800 * 1024 * 1024  # as Django reports a file it kept on disk, unread
    files: MultiValueDict[str, UploadedFile] = MultiValueDict(
        {"file": [first, SimpleUploadedFile("header.csv", b"x")]}
    )
    form = ReturnUploadForm({"year": "2025"}, files)
    assert not form.is_valid()
    assert form.errors["file"] == [
        (
            "episodes.csv is 800 MB; the largest file Pledge reads is 200 MB. Remove pictures "
            "and other sheets, or save the table on its own, and upload that"
        )
    ]


def test_a_kpi_file_over_the_size_limit_is_refused_by_name() -> None:
    big = SimpleUploadedFile("kpis.xlsx", b"x")
    big.size = 21 * 1024 * 1024
    files: MultiValueDict[str, UploadedFile] = MultiValueDict({"file": [big]})
    form = KpiUploadForm({"targets_from": "1/4/2025"}, files)
    assert not form.is_valid()
    assert str(form.errors["file"][0]).startswith("kpis.xlsx is 21 MB; the largest file Pledge")


# Through the pages: the error summary on the form, not a 500, and nothing kept.


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.xlsx", workbook(b"<row><c/></row>" * (52 * 1024 * 1024 // 15)), "unpacks to 52 MB"),
        ("damaged.xlsx", damaged_at_the_end(), "it may be damaged"),
        ("line.csv", b"a," * 1_000_000, "line 1 is longer than 100,000 characters"),
    ],
)
def test_the_plan_import_page_shows_why_and_keeps_nothing(
    demo_officer: Client, name: str, data: bytes, message: str
) -> None:
    response = upload_plan(demo_officer, name, data)
    page = response.content.decode()
    assert response.status_code in {200, 400}
    assert "govuk-error-summary" in page
    assert message in page
    assert not PlanUpload.objects.exists()


def test_the_kpi_import_page_shows_why_and_keeps_nothing(
    make_person: Callable[..., Person], client_for: Callable[[Person], Client]
) -> None:
    client = client_for(make_person(Role.BOARD_OFFICER))
    damaged = damaged_at_the_end()
    response = client.post(
        reverse("scorecard:kpi-upload"),
        {"file": SimpleUploadedFile("kpis.xlsx", damaged), "targets_from": "1/4/2025"},
    )
    page = response.content.decode()
    assert response.status_code in {200, 400}
    assert "govuk-error-summary" in page
    assert "kpis.xlsx could not be opened as an Excel workbook: it may be damaged" in page
    assert not KpiUpload.objects.exists()


def test_the_return_page_refuses_a_large_first_file_and_keeps_nothing(
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ReturnUploadForm, "max_file_bytes", 1_000)
    client = client_for(make_person(Role.PERFORMANCE_ANALYST))
    files = [
        SimpleUploadedFile("episodes.csv", b"x" * 2_000, content_type="text/csv"),
        SimpleUploadedFile("header.csv", b"x", content_type="text/csv"),
    ]
    response = client.post(reverse("returns:loads"), {"file": files, "year": "2025"})
    page = response.content.decode()
    assert response.status_code in {200, 400}
    assert "episodes.csv is 2 KB; the largest file Pledge reads is 1 KB" in page
    assert not ReturnLoad.objects.exists()
