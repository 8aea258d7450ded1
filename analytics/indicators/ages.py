"""Ages in whole years, as DfE counts them (INDICATORS.md 0 and 5.5)."""

from __future__ import annotations

import calendar
import datetime

import polars as pl


def age_on(dob: pl.Expr, day: datetime.date) -> pl.Expr:
    """The greatest n with DOB + n years on or before `day`. Someone born on 29 February has
    their birthday on 28 February in common years (the validator's pandas DateOffset)."""
    birthday_day = (
        pl.when((dob.dt.month() == 2) & (dob.dt.day() == 29) & (not calendar.isleap(day.year)))
        .then(28)
        .otherwise(dob.dt.day())
    )
    before_birthday = (dob.dt.month() > day.month) | (
        (dob.dt.month() == day.month) & (birthday_day > day.day)
    )
    return pl.lit(day.year) - dob.dt.year() - before_birthday.cast(pl.Int32)
