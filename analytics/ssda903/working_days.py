"""Working days: Monday to Friday, less England's bank holidays (for reviews on time).

The bank holidays come from the maintained `holidays` package (England), unless the analyst
gives a file of dates (`--bank-holidays`), which then replaces it: one date a line, as
dd/mm/yyyy or yyyy-mm-dd, or a CSV whose first column holds them (a header row is skipped).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path

import holidays


def england_bank_holidays(years: Iterable[int]) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=list(years)))


def read_bank_holidays(path: Path) -> tuple[frozenset[datetime.date] | None, list[str]]:
    """The dates in the file, or None and what is wrong with it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:
        return None, [f"{path}: the bank holidays file cannot be read ({error.strerror})"]
    except UnicodeDecodeError:
        return None, [f"{path}: the bank holidays file is not UTF-8 text: save it as CSV UTF-8"]
    dates, problems = set(), []
    for number, line in enumerate(lines, start=1):
        text = line.split(",")[0].strip().strip('"')
        if not text:
            continue
        day = _parse(text)
        if day is None:
            if number > 1:  # the first line may be a header
                problems.append(f"{path}, line {number}: {text!r} is not a date like 25/12/2024")
            continue
        dates.add(day)
    if problems:
        return None, [*problems, f"{path}: correct the dates; England's bank holidays were used"]
    if not dates:
        return None, [f"{path}: no dates found; England's bank holidays were used"]
    return frozenset(dates), []


def _parse(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    day, _, rest = text.partition("/")
    month, _, year = rest.partition("/")
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
