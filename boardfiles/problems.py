"""What a reader found wrong in a file, in one shape for every reader.

A `FileError` is a file that cannot be read at all (not a workbook, empty, over a budget), with a
message that says what is wrong and how to fix it. A `Problem` is one place in a file that was
not read as it stands: where it is, what is wrong, and how much it matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FileError(Exception):
    """A file that cannot be read as what it was chosen as; the message says how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Severity(StrEnum):
    ERROR = "error"  # the row cannot be imported as it is
    WARNING = "warning"  # imported, but a person should check it
    INFO = "info"  # how we read something, for the record


@dataclass
class Problem:
    where: str  # "row 12", "table 3, row 4"; "" for the file as a whole
    message: str
    severity: Severity = Severity.WARNING
    column: str = ""
    value: str = ""  # the cell as written, where showing it helps

    def as_dict(self) -> dict[str, str]:
        return {
            "row": self.where,
            "column": self.column,
            "value": self.value,
            "severity": str(self.severity),
            "message": self.message,
        }


def at_row(number: int) -> str:
    """Where a problem is, for a file read row by row: "row 12"; "" for the file as a whole."""
    return f"row {number:,}" if number else ""
