"""Searching a deployment for a return's children: the proof that nothing of a child's outlives
its load (docs/adr/0015-nothing-of-a-childs-outlives-its-use.md).

Given the return's files, it collects each child's identifier and date of birth as the files
write them, then searches every column of every table in the database, the logs named, and the
folders where uploads sit, and says where any of them turns up. It reports places, never the
values found. `manage.py privacy_scan` runs it on a deployment; the test suite runs it after
uploading returns broken in every way files break.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.db import connection

# A value shorter than this could be anything (a count, a code): searching for it proves nothing.
SHORTEST = 6
XML_VALUE = re.compile(rb"<(CHILD|DOB)>\s*([^<]+?)\s*</\1>", re.IGNORECASE)


@dataclass(frozen=True)
class Marks:
    """What would show that a child's data was kept: identifiers and dates of birth."""

    identifiers: frozenset[str]
    births: frozenset[str]

    def __len__(self) -> int:
        return len(self.identifiers) + len(self.births)

    @cached_property
    def pattern(self) -> re.Pattern[bytes]:
        """All of them in one pattern, longest first, so that each value is searched once."""
        values = sorted(self.identifiers | self.births, key=len, reverse=True)
        return re.compile(b"|".join(re.escape(value.encode()) for value in values) or b"(?!)")

    def kind(self, data: bytes | None) -> str:
        """What `data` holds of a child's, or ""."""
        hit = self.pattern.search(data) if data else None
        if hit is None:
            return ""
        return (
            "a child's identifier"
            if hit.group().decode() in self.identifiers
            else "a date of birth"
        )


@dataclass(frozen=True)
class Found:
    where: str
    what: str


def marks_in(paths: Iterable[Path]) -> Marks:
    """The children's identifiers and dates of birth in the return's CSV and XML files,
    read leniently (the files may be the broken ones)."""
    identifiers: set[str] = set()
    births: set[str] = set()
    for path in _files(paths):
        if path.suffix.lower() == ".xml":
            for tag, value in XML_VALUE.findall(path.read_bytes()):
                (identifiers if tag.upper() == b"CHILD" else births).add(
                    value.decode(errors="replace")
                )
        elif path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
                rows = csv.reader(file)
                names = [name.strip().upper() for name in next(rows, [])]
                wanted = {names.index(name): name for name in ("CHILD", "DOB") if name in names}
                for row in rows:
                    for at, name in wanted.items():
                        if at < len(row) and row[at].strip():
                            (identifiers if name == "CHILD" else births).add(row[at].strip())
    return Marks(
        frozenset(v for v in identifiers if len(v) >= SHORTEST),
        frozenset(v for v in births if len(v) >= SHORTEST),
    )


def search_database(marks: Marks) -> tuple[list[Found], int]:
    """Every value of every column of every table, as text; the places found and rows read."""
    found: list[Found] = []
    rows_read = 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            columns = [column[0] for column in cursor.description]
            for number, row in enumerate(cursor.fetchall(), start=1):
                rows_read += 1
                for column, value in zip(columns, row, strict=True):
                    what = marks.kind(_as_bytes(value))
                    if what:
                        found.append(Found(f"table {table}, column {column}, row {number}", what))
    return found, rows_read


def search_files(marks: Marks, paths: Iterable[Path]) -> tuple[list[Found], int]:
    """Every file under `paths` (logs, upload folders); the places found and files read."""
    found: list[Found] = []
    files = 0
    for path in _files(paths, every_file=True):
        files += 1
        what = marks.kind(path.read_bytes())
        if what:
            found.append(Found(f"file {path}", what))
    return found, files


def _as_bytes(value: object) -> bytes | None:
    if value is None or isinstance(value, int | float):
        return None
    if isinstance(value, bytes | memoryview):
        return bytes(value)
    return str(value).encode()


def _files(paths: Iterable[Path], *, every_file: bool = False) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from (
                p for p in sorted(path.rglob("*")) if p.is_file() and (every_file or p.suffix)
            )
        elif path.is_file():
            yield path
