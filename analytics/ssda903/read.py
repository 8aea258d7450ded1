"""Finding and reading the SSDA903 files an authority holds: CSVs here, XML in xml.py.

A table is recognised by its header row, whatever the file is called (as csc-validator-be-903
does). The collection year comes from a year folder (`2024` holds 2023-24) or the caller; the
authority from an `LA` column, or the folder above the year folders. Reading is columnar: files
that share a header row are read together by polars, every value as text, so that validation
can report a bad value with its row instead of failing the read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polars as pl

from analytics.ssda903.spec import Table, available_years, spec_for

YEAR_FOLDER = re.compile(r"^(20\d\d)$")
# Columns a combined (regional) file adds to every table (liia-tools' concatenation).
COMBINED_COLUMNS = frozenset({"LA", "YEAR"})
# An ONS postcode directory extract (ONSPD or NSPL) kept beside the return: the distance
# indicators' optional lookup (postcodes.py), not a table of the return.
POSTCODE_LOOKUP_COLUMNS = frozenset({"PCD", "OSEAST1M", "OSNRTH1M"})
# Files read together in one scan: enough to be quick, few enough that a national run's
# transient buffers stay small (measured: 1,500 files at once peaked at 2 GB for 280 MB of rows).
FILES_PER_SCAN = 100
# The longest header row read: every table's column names fit in a few hundred bytes, so a longer
# first line is not a 903 file (and a 20 MB line split into names would take a gigabyte).
MAX_HEADER_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileProblem:
    """A file that cannot be used, and what to do about it."""

    path: Path
    message: str


@dataclass(frozen=True)
class SourceFile:
    """A CSV file recognised as one table of the return."""

    path: Path
    table: Table
    year: int | None  # None when the file has a YEAR column
    la: str | None  # None when the file has an LA column


@dataclass(frozen=True)
class XmlFile:
    """A DfE XML return: every table of one authority's year in one file (xml.py)."""

    path: Path
    year: int | None
    la: str | None


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    xml: list[XmlFile] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)


def discover(paths: Sequence[Path], *, year: int | None = None, la: str | None = None) -> Discovery:
    """Every CSV file under `paths`, each matched to a table of its collection year's spec.
    `year` and `la`, when given, are every file's, whatever its folders say (a file with an
    LA or YEAR column keeps its own)."""
    found = Discovery()
    for root in paths:
        if not root.exists():
            found.problems.append(FileProblem(root, "There is no file or folder here"))
            continue
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            folder_year, folder_la = _place(path, root)
            if path.suffix.lower() == ".xml":
                found.xml.append(XmlFile(path, year or folder_year, la or folder_la))
            elif path.suffix.lower() == ".csv":
                _classify(path, year or folder_year, la or folder_la, found)
    if found.files and found.xml:  # INDICATORS.md 1.2: one format per import
        found.problems += [
            FileProblem(
                xml.path,
                "This import has CSV files as well as XML: load one or the other. "
                "The XML file was left out",
            )
            for xml in found.xml
        ]
        found.xml = []
    return found


def _place(path: Path, root: Path) -> tuple[int | None, str | None]:
    """The year and authority a file's folders say: .../<LA>/<year>/file.csv."""
    parts = path.relative_to(root).parts[:-1] if path != root else ()
    names = [root.name, *parts] if root.is_dir() else list(parts)
    for index in range(len(names) - 1, -1, -1):
        if YEAR_FOLDER.match(names[index]):
            la = names[index - 1] if index > 0 else None
            return int(names[index]), la
    return None, names[-1] if names else None


def header_row(path: Path) -> list[str] | str:
    """The file's column names, upper-cased, trailing blank columns dropped; or what is wrong."""
    with path.open("rb") as file:
        first = file.readline(MAX_HEADER_BYTES + 1)
    if len(first) > MAX_HEADER_BYTES:
        return (
            f"Its first row is longer than {MAX_HEADER_BYTES // 1024} KB, so it is not a table of "
            "the return. The first row must be the column names"
        )
    if first.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in first:
        return "It is saved as UTF-16. Open it in Excel and save it as CSV UTF-8"
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "It is not UTF-8 text. Save it as CSV UTF-8"
    if not text.strip():
        return "It is empty, or its first row is blank. The first row must be the column names"
    names = [name.strip().upper() for name in next(csv.reader(io.StringIO(text)))]
    while names and not names[-1]:
        names.pop()
    return names


def _classify(path: Path, year: int | None, la: str | None, found: Discovery) -> None:
    names = header_row(path)
    if isinstance(names, str):
        found.problems.append(FileProblem(path, names))
        return
    columns = frozenset(names)
    if columns >= POSTCODE_LOOKUP_COLUMNS:
        return
    extra = columns & COMBINED_COLUMNS
    known = available_years()
    if year is not None and year not in known:
        found.problems.append(
            FileProblem(
                path,
                f"Pledge has no SSDA903 specification for {year - 1}-{year % 100:02d}: it reads "
                f"{known[0] - 1}-{known[0] % 100:02d} to {known[-1] - 1}-{known[-1] % 100:02d}",
            )
        )
        return
    years = [year] if year is not None else known
    for candidate in reversed(years):
        table = spec_for(candidate).table_with_columns(columns - extra)
        if table is not None:
            found.files.append(
                SourceFile(
                    path=path,
                    table=table,
                    year=None if "YEAR" in extra else (year or candidate),
                    la=None if "LA" in extra else la,
                )
            )
            if year is None and "YEAR" not in extra:
                found.problems.append(
                    FileProblem(
                        path,
                        f"No collection year: put it in a folder named by the year's end "
                        f"({candidate} for {candidate - 1}-{candidate % 100:02d}) or pass --year",
                    )
                )
            return
    found.problems.append(
        FileProblem(
            path,
            "Its columns do not match any SSDA903 table"
            + (f" of {spec_for(year).label}" if year else "")
            + f": {_named(names)}",
        )
    )


def _named(names: list[str]) -> str:
    """The first row's names, as far as they are the return's column names. A file with no
    header row has a child's row there instead, which is never repeated back."""
    known = {column for year in available_years() for column in _column_names(year)}
    ours = [name for name in names if name in known]
    others = len(names) - len(ours)
    if not ours:
        return f"its first row has {len(names)} values and none is a column name of the return"
    return f"it has {', '.join(ours)}" + (
        f" and {others} other value{'s' * (others != 1)}" if others else ""
    )


@cache
def _column_names(year: int) -> frozenset[str]:
    return frozenset(
        name for table in spec_for(year).tables.values() for name in table.column_names
    )


def read_table(
    files: Iterable[SourceFile], problems: list[FileProblem] | None = None
) -> pl.DataFrame:
    """One table's rows from all its files, every value as text (blank as null), with `LA`,
    `YEAR`, and where each row came from (`_FILE`, `_ROW`: the row's line in its file).

    Files with the same header row are read in one multi-file scan (what makes 1,500 files of a
    national run quick); each file's authority and year are joined on by its path. A file that
    cannot be parsed as CSV is added to `problems` and left out (raised as `UnreadableFileError`
    when no list is given): the parser's own message quotes the file's rows, children's data,
    so it never goes further than this function.
    """
    sources = list(files)
    if not sources:
        return pl.DataFrame()
    # Grouped by the header row exactly as written: one scan needs the same raw names.
    by_header: dict[tuple[bytes, tuple[str, ...]], list[SourceFile]] = {}
    for source in sources:
        names = header_row(source.path)
        with source.path.open("rb") as file:
            raw = file.readline(MAX_HEADER_BYTES + 1)
        key = (raw, tuple(names) if isinstance(names, list) else ())
        by_header.setdefault(key, []).append(source)
    places = pl.DataFrame(
        {
            "_FILE": [str(s.path) for s in sources],
            "_LA": [s.la for s in sources],
            "_YEAR": [str(s.year) if s.year is not None else None for s in sources],
        },
        schema={"_FILE": pl.String, "_LA": pl.String, "_YEAR": pl.String},
    )
    frames = []
    for (_raw, header), same_header in by_header.items():
        for at in range(0, len(same_header), FILES_PER_SCAN):
            frames += _scan_or_report(
                header, same_header[at : at + FILES_PER_SCAN], places, problems
            )
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()


class UnreadableFileError(ValueError):
    """A CSV file the parser refused: its message names the file and line, never its content."""


def _scan_or_report(
    header: tuple[str, ...],
    group: list[SourceFile],
    places: pl.DataFrame,
    problems: list[FileProblem] | None,
) -> list[pl.DataFrame]:
    """The group's rows; when the scan fails, each file on its own, so that one broken file
    is reported and the rest are still read."""
    try:
        return [_scan(header, group, places)]
    except pl.exceptions.PolarsError:  # the error's text quotes rows: it is dropped unread
        if len(group) > 1:
            return [
                frame
                for source in group
                for frame in _scan_or_report(header, [source], places, problems)
            ]
    problem = unreadable(group[0].path)
    if problems is None:
        raise UnreadableFileError(f"{problem.path}: {problem.message}") from None
    problems.append(problem)
    return []


def unreadable(path: Path) -> FileProblem:
    """What is wrong with a CSV file the parser refused, by line, in words that quote nothing
    of the file (the line is found again here, as the parser's message cannot be shown)."""
    where = _first_bad_record(path)
    return FileProblem(
        path,
        "It cannot be read as CSV"
        + (
            f': the row starting on line {where} has a quote (") that is not closed'
            if where
            else ""
        )
        + ". Check the row in a text editor, or open the file in Excel and save it as CSV UTF-8",
    )


def _first_bad_record(path: Path) -> int | None:
    """The line on which the first record Python's strict CSV reader refuses starts."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
        reader = csv.reader(file, strict=True)
        start = 1
        try:
            for _record in reader:
                start = reader.line_num + 1
        except csv.Error:
            return start
    return None


def _scan(header: tuple[str, ...], group: list[SourceFile], places: pl.DataFrame) -> pl.DataFrame:
    """Files that share a header row, read in one scan, with their places joined on."""
    scan = pl.scan_csv(
        [source.path for source in group],
        infer_schema=False,
        include_file_paths="_FILE",
        truncate_ragged_lines=True,
        encoding="utf8-lossy",
    )
    # The raw names may differ in case, spaces or trailing blank columns from `header`.
    raw = scan.collect_schema().names()
    kept = {old: new for old, new in zip(raw, header, strict=False) if new}
    # Number the rows before the join, which need not keep their order.
    rows = (
        scan.select([*kept, "_FILE"])
        .rename(kept)
        .with_columns((pl.int_range(pl.len(), dtype=pl.Int64).over("_FILE") + 2).alias("_ROW"))
        .join(places.lazy(), on="_FILE", how="left", maintain_order="left")
    )
    rows = rows.with_columns(
        pl.col(pl.String).exclude("_FILE", "_LA", "_YEAR").str.strip_chars().replace("", None),
    )
    if "LA" not in rows.collect_schema().names():
        rows = rows.with_columns(pl.lit(None, dtype=pl.String).alias("LA"))
    if "YEAR" not in rows.collect_schema().names():
        rows = rows.with_columns(pl.lit(None, dtype=pl.String).alias("YEAR"))
    return (
        rows.with_columns(
            pl.coalesce("_LA", "LA").alias("LA"),
            pl.coalesce("_YEAR", "YEAR").cast(pl.Int32, strict=False).alias("YEAR"),
        )
        .drop("_LA", "_YEAR")
        .collect()
    )
