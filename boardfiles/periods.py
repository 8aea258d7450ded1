"""When a KPI's readings fall due: the period ends of each frequency, in the financial year.

Every frequency ends a period on 31 March, so a board's year-end figure is always one of its
readings: quarters end in June, September, December and March; two-month periods in May, July,
September, November, January and March. A reading is awaited from its period's end and overdue
once `overdue_after_days` have passed without one.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator


def month_end(year: int, month: int) -> datetime.date:
    """The last day of a month: 29 February in a leap year."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


MONTHS_IN = {"monthly": 1, "bimonthly": 2, "quarterly": 3, "annual": 12}


def ends_period(frequency: str, day: datetime.date) -> bool:
    """Is `day` the last day of one of `frequency`'s periods?"""
    # Months counted from March (0) so every frequency's periods end on 31 March.
    since_march = (day.month - 3) % 12
    return day == month_end(day.year, day.month) and since_march % MONTHS_IN[frequency] == 0


def period_ends(
    frequency: str, start: datetime.date, end: datetime.date
) -> Iterator[datetime.date]:
    """The period ends of `frequency` from `start` to `end`, oldest first."""
    year, month = start.year, start.month
    while (day := month_end(year, month)) <= end:
        if day >= start and ends_period(frequency, day):
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def latest_period_end(frequency: str, on: datetime.date) -> datetime.date:
    """The end of the last whole period on or before `on`."""
    year, month = on.year, on.month
    while True:
        day = month_end(year, month)
        if day <= on and ends_period(frequency, day):
            return day
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)


def period_start(frequency: str, end: datetime.date) -> datetime.date:
    """The first day of the period that ends on `end`."""
    months = MONTHS_IN[frequency]
    year, month = end.year, end.month - months + 1
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.date(year, month, 1)
