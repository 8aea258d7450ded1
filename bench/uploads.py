"""Time and peak memory of reading hostile uploads, beside real ones, each in a fresh process.

    uv run python bench/uploads.py [--only NAME] [--timeout 120]

Builds the files a security review used against the upload readers, and a few real ones:
- a 3.5-million-cell XLSX of about 120 KB (one sheet, 3,500 rows of 1,000 cells), and 2 million
  cells of random numbers that pass the ZIP checks and are stopped as the sheet streams;
- a sheet that declares A1:XFD1048576 and styles its last cell, with a 3-row plan in it;
- a 20 MB CSV that is one line of 10 million cells;
- a ZIP bomb dressed as an XLSX (under 1 MB, a sheet of about 190 MB unpacked), and one that
  stays under the unpacked budget but is packed 400 to 1;
- an XLSX with a bad CRC; DOCX files whose document part packs 150 to 1, or is 9.5 MB of a
  5,000-row-plus table;
- 903 returns (read as `returns.receive` takes an upload, in the web process, then checked by
  `validate_paths` as the worker does): a ZIP of 645 KB that unpacks to 190 MB, a 903 CSV that
  is one 20 MB line, and for comparison a large authority's ten years (invented, about 60 MB);
- for comparison: the demo board's plan (CSV), a 500-row XLSX plan (bench/plan_import.py), the
  seed plans in ../shared/data/plans when present, and DfE's comparator CSV in pledge/demo/data.
Each is read by the reader the web app uses (`read_tables` for plans, KPI and figures files;
`read_comparators` and `read_statistical_neighbours` for DfE's files) in a fresh Python process
with Django set up, as a web worker is. Prints the wall time, the process's peak resident set
set size (VmHWM; in brackets, after Django's setup and before reading) and what the reader
said. Target: peak under 500 MB for every file. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SEEDS = ROOT.parent / "shared" / "data" / "plans"


def _with_sheet(sheet_xml: bytes, *, level: int = 9, corrupt: bool = False) -> bytes:
    """A real workbook (openpyxl's) whose first sheet is `sheet_xml`. `corrupt`: the sheet is
    stored unpacked with one digit changed, so the XML still parses but its CRC does not match.
    """
    import openpyxl

    plain = io.BytesIO()
    openpyxl.Workbook().save(plain)
    out = io.BytesIO()
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = sheet_xml if info.filename == sheet else source.read(info)
            stored = corrupt and info.filename == sheet
            method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, data, method, compresslevel=level)
    data = out.getvalue()
    if corrupt:
        at = data.index(b"<v>1</v>", data.index(b"<sheetData>")) + 3
        data = data[:at] + b"2" + data[at + 1 :]
    return data


def _sheet(rows: bytes, dimension: str = "A1") -> bytes:
    return (
        (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
            f'<dimension ref="{dimension}"/><sheetData>'
        ).encode()
        + rows
        + b"</sheetData></worksheet>"
    )


def million_cells(rows: int = 3_500, columns: int = 1_000) -> bytes:
    """3.5 million cells, a number in each, packed tightly: about 112 KB."""
    row = b"<c><v>1</v></c>" * columns
    body = b"".join(b'<row r="%d">%s</row>' % (n, row) for n in range(1, rows + 1))
    return _with_sheet(_sheet(body, f"A1:ALL{rows}"))


def random_numbers(rows: int = 50_000, columns: int = 40) -> bytes:
    """2 million cells of random numbers: they do not pack tightly, so the workbook passes the
    ZIP checks (about 35 MB unpacked from 9 MB) and is stopped by the cell budget as it streams."""
    rng = random.Random(2)  # noqa: S311 - seeded filler, not a secret
    body = b"".join(
        b"<row>%s</row>"
        % b"".join(b"<c><v>%d</v></c>" % rng.randrange(10**6) for _ in range(columns))
        for _ in range(rows)
    )
    return _with_sheet(_sheet(body), level=6)


def lying_dimension() -> bytes:
    """A small plan in a sheet that declares itself A1:XFD1048576 and styles its last cell."""
    plan = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (n, n, text)
        for n, text in enumerate([b"Ref", b"1.1", b"1.2"], start=1)
    )
    last = b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    return _with_sheet(_sheet(plan + last, "A1:XFD1048576"))


def zip_bomb(unpacked: int = 190 * 1024 * 1024) -> bytes:
    """A sheet of about 190 MB (empty styled rows, with numbered rows among them so it does not
    pack away to nothing) in a workbook of under 1 MB."""
    rng = random.Random(903)  # noqa: S311 - seeded filler, not a secret
    empty = b'<row spans="1:1"><c s="0"/></row>' * 30_000
    parts, size, n = [], 0, 0
    while size < unpacked:
        numbered = b"".join(
            b"<row><c><v>%d</v></c></row>" % rng.randrange(10**9) for _ in range(240)
        )
        parts += [empty, numbered]
        size += len(empty) + len(numbered)
        n += 1
    return _with_sheet(_sheet(b"".join(parts)))


def tight_bomb(unpacked: int = 40 * 1024 * 1024) -> bytes:
    """Under the unpacked budget, but packed about 1,000 to 1: refused by the ratio guard."""
    return _with_sheet(_sheet(b'<row><c s="0"/></row>' * (unpacked // 21)))


def big_document(size: int = 30 * 1024 * 1024, *, words: bool = False) -> bytes:
    """A DOCX whose document part is one table of `size` bytes: empty cells (which pack away
    to nothing), or with `words` a random number in each cell, which pack only a few times."""
    import docx

    plain = io.BytesIO()
    document = docx.Document()
    document.add_table(rows=1, cols=1)
    document.save(plain)
    rng = random.Random(5)  # noqa: S311 - seeded filler, not a secret
    cell = b"<w:tc><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc>" if words else b"<w:tc><w:p/></w:tc>"
    rows, length = [], 0
    while length < size:
        row = (
            b"<w:tr>"
            + b"".join(cell % rng.randrange(10**6) if words else cell for _ in range(20))
            + b"</w:tr>"
        )
        rows.append(row)
        length += len(row)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head, tail = data.split(b"<w:tr>", 1)
                data = head + b"".join(rows) + b"<w:tr>" + tail
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def one_line_csv(size: int = 20_000_000) -> bytes:
    return b"a," * (size // 2)


def return_bomb(unpacked: int = 190 * 1024 * 1024) -> bytes:
    """A ZIP of one year's episodes file: one real row, then the same row to `unpacked`."""
    out = io.BytesIO()
    row = b"E06000001000001,01/04/2024,S,C2,L2,P1,,,,U1,E06000001,,,,,\n"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        body = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
        body += b"PL_POST,URN,PL_LOCATION,PL_DISTANCE,PL_LA\n" + row * (unpacked // len(row))
        archive.writestr("2025/episodes.csv", body, compresslevel=9)
    return out.getvalue()


def large_return() -> bytes:
    """A large authority's ten years, invented, zipped by year folder."""
    from analytics.synthetic import generate

    out = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        (authority,) = generate(Path(folder), children=2_000, years=10, last_year=2025)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(authority.rglob("*.csv")):
                archive.write(path, path.relative_to(authority))
    return out.getvalue()


def files() -> list[tuple[str, str, bytes]]:
    """(name, reader, bytes): the real files first, then the hostile ones."""
    import django

    django.setup()
    from bench.plan_import import workbook
    from pledge.demo.plan import ROWS, _spreadsheet

    real = [
        ("demo-plan.csv", "plan", _spreadsheet(ROWS)),
        ("plan-500-rows.xlsx", "plan", workbook(500)),
    ]
    for name in (
        "sandwell_corporate_parenting_action_plan_2020-21.xlsx",
        "sandwell_corporate_parenting_action_plan_2020-21.docx",
        "lancashire_eet_kpi_framework.xlsx",
    ):
        if (SEEDS / name).exists():
            real.append((name, "plan", (SEEDS / name).read_bytes()))
    ees = ROOT / "pledge" / "demo" / "data" / "ees_cla_la_indicators_sample.csv"
    real.append((ees.name, "comparators", ees.read_bytes()))
    neighbours = SEEDS.parent / "comparators" / "lait_statistical_neighbours_sample.xlsx"
    if neighbours.exists():
        real.append((neighbours.name, "neighbours", neighbours.read_bytes()))
    cells, line = million_cells(), one_line_csv()
    random_cells = random_numbers()
    return [
        *real,
        ("3.5m-cells.xlsx", "plan", cells),
        ("3.5m-cells-neighbours.xlsx", "neighbours", cells),
        ("2m-cells-within-zip-budget.xlsx", "plan", random_cells),
        ("lying-dimension.xlsx", "plan", lying_dimension()),
        ("one-line-20mb.csv", "plan", line),
        ("one-line-20mb-ees.csv", "comparators", line),
        ("zip-bomb.xlsx", "plan", zip_bomb()),
        ("tight-bomb.xlsx", "plan", tight_bomb()),
        (
            "bad-crc.xlsx",
            "plan",
            _with_sheet(_sheet(b"<row><c><v>1</v></c></row>" * 5000), corrupt=True),
        ),
        ("big-document.docx", "plan", big_document()),
        ("large-return-10-years.zip", "return", large_return()),
        ("return-bomb.zip", "return", return_bomb()),
        ("return-one-line-20mb.csv", "return", line),
        ("document-within-zip-budget.docx", "plan", big_document(9_500_000, words=True)),
    ]


def read(reader: str, path: Path) -> str:
    """In the child: read one file as the web app does, and say what came of it."""
    import django

    django.setup()
    from boardfiles.comparators import (
        read_comparators,
        read_statistical_neighbours,
    )
    from boardfiles.problems import FileError
    from boardfiles.tables import read_tables

    if reader == "return":
        return _return(path)
    data = path.read_bytes()
    ready = _high_water_mb()
    start = time.perf_counter()
    try:
        if reader == "plan":
            tables = read_tables(path.name, data)
            said = f"read: {len(tables)} tables, {sum(len(t.rows) for t in tables):,} rows"
        elif reader == "comparators":
            said = f"read: {len(read_comparators(path.name, data).values):,} values"
        else:
            said = f"read: {len(read_statistical_neighbours(path.name, data)):,} councils"
    except FileError as error:
        said = f"refused: {error}"
    return f"{time.perf_counter() - start:.3f}\t{ready:.0f}\t{_high_water_mb():.0f}\t{said}"


def _return(path: Path) -> str:
    """A 903 upload as the web process takes it (streamed to a folder), then as the worker
    checks it, in one process: the peak is the larger of the two."""
    from django.conf import settings
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from analytics.run import validate_paths
    from pledge.core.errors import UserError
    from pledge.returns.files import receive

    ready = _high_water_mb()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        settings.RETURNS_WORK_DIR = work
        data = path.read_bytes()
        upload = TemporaryUploadedFile(path.name, "application/octet-stream", len(data), None)
        upload.write(data)  # as Django spools an upload to disk
        upload.seek(0)
        try:
            folder = receive([upload], None if path.suffix == ".zip" else 2025)
        except UserError as error:
            said = f"refused on upload: {error.message}"
        else:
            web = _high_water_mb()
            result = validate_paths([folder], la="E06000001")
            said = (
                f"upload {web:.0f} MB; checked: {result.report.errors:,} errors, "
                f"{result.children:,} children, {result.rows.get('episodes', 0):,} episodes"
            )
    return f"{time.perf_counter() - start:.3f}\t{ready:.0f}\t{_high_water_mb():.0f}\t{said}"


def _high_water_mb() -> float:
    """This process's peak resident set since it started (VmHWM). Not getrusage's ru_maxrss:
    on Linux a child's starts at its parent's size when it forked."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(reader: str, path: Path, timeout: float) -> tuple[float, str, str, str]:
    """Seconds reading, peak MB with Django loaded before reading, peak MB of the whole
    process, and what the reader said, for `path` read in a fresh process."""
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--read", reader, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return timeout, "", "", f"still reading after {timeout:.0f} s: stopped"
    last = out.stdout.strip().splitlines()[-1:] or [out.stderr.strip()[-200:]]
    fields = last[0].split("\t")
    if len(fields) != 4:
        return float("nan"), "", "", f"crashed ({out.returncode}): {last[0]}"
    return float(fields[0]), fields[1], fields[2], fields[3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the files whose name contains this")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--read", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        print(read(args.read[0], Path(args.read[1])))
        return
    with tempfile.TemporaryDirectory() as folder:
        print(
            f"{'file':<40} {'size':>9} {'reader':<11} {'reading':>8} "
            f"{'peak RSS (Django alone)':>24}  outcome"
        )
        for name, reader, data in files():
            if args.only and args.only not in name:
                continue
            path = Path(folder) / name
            path.write_bytes(data)
            seconds, ready, peak, outcome = measure(reader, path, args.timeout)
            size = f"{len(data) / 1024:,.0f} KB"
            memory = f"{peak} MB ({ready} MB)" if peak else ""
            print(
                f"{name[:40]:<40} {size:>9} {reader:<11} {seconds:>7.2f}s {memory:>24}  "
                f"{outcome[:130]}"
            )


if __name__ == "__main__":
    main()
