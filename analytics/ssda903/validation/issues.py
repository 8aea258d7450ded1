"""What validation finds, as data: one row per problem, saying where it is and how to fix it.

An issue is a problem with the authority's files, for the analyst to fix. A check that fails
because of a bug in Pledge is not an issue: it is an `InternalFailure`, reported apart, so that
nobody is told to fix a file that is fine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import polars as pl

Severity = Literal["error", "warning"]
Stage = Literal["file", "field", "table", "cross-table", "cross-year"]

# The columns of `Report.issues`, in the order they are shown and downloaded.
ISSUE_SCHEMA = pl.Schema(
    {
        "code": pl.String,  # the DfE rule code (as csc-validator-be-903 numbers it), or ours
        "severity": pl.String,
        "stage": pl.String,
        "table": pl.String,  # DfE's name for the table (Episodes), blank for a whole file
        "la": pl.String,
        "year": pl.Int32,  # the collection year's end year
        "file": pl.String,
        "row": pl.Int64,  # the line in the file, counting the header as line 1
        "child": pl.String,
        "column": pl.String,
        "value": pl.String,
        "message": pl.String,
        # An error that makes the row unusable: the indicators leave the row out (and say so).
        "excludes": pl.Boolean,
    }
)


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    stage: Stage
    table: str
    la: str | None
    year: int | None
    file: str
    row: int | None
    child: str | None
    column: str
    value: str | None
    message: str
    excludes: bool


@dataclass(frozen=True)
class InternalFailure:
    """A check Pledge could not run: our fault, not the file's."""

    check: str
    error: str


@dataclass(frozen=True)
class Report:
    issues: pl.DataFrame  # ISSUE_SCHEMA, sorted by file and row
    failures: tuple[InternalFailure, ...] = ()

    @property
    def errors(self) -> int:
        return int((self.issues["severity"] == "error").sum())

    @property
    def warnings(self) -> int:
        return int((self.issues["severity"] == "warning").sum())

    def __iter__(self) -> Iterator[Issue]:
        for row in self.issues.iter_rows(named=True):
            yield Issue(**row)

    def unusable_rows(self) -> pl.DataFrame:
        """The rows (`_FILE`, `_ROW`) the indicators should leave out."""
        return (
            self.issues.filter(pl.col("excludes") & pl.col("row").is_not_null())
            .select(_FILE="file", _ROW="row")
            .unique()
        )


def no_issues() -> pl.DataFrame:
    return pl.DataFrame(schema=ISSUE_SCHEMA)
