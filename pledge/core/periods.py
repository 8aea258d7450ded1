"""Periods: a strategy's years, a plan's year, a KPI's quarter. A period ends after it starts,
and months end on their last day."""

from __future__ import annotations

import calendar
import datetime

from pledge.core.errors import UserError

END_BEFORE_START = "The end date must be after the start date"


def check_period(starts_on: datetime.date, ends_on: datetime.date) -> None:
    """Raise a UserError on the end date if the period ends on or before its start."""
    if ends_on <= starts_on:
        raise UserError(END_BEFORE_START, field="ends_on")


def month_end(year: int, month: int) -> datetime.date:
    """The last day of a month: 29 February in a leap year."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])
