"""Periods: a strategy's years, a plan's year, a KPI's quarter. A period ends after it starts."""

from __future__ import annotations

import datetime

from pledge.core.errors import UserError

END_BEFORE_START = "The end date must be after the start date"


def check_period(starts_on: datetime.date, ends_on: datetime.date) -> None:
    """Raise a UserError on the end date if the period ends on or before its start."""
    if ends_on <= starts_on:
        raise UserError(END_BEFORE_START, field="ends_on")
