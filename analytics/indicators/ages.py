"""Ages in whole years, as DfE counts them (INDICATORS.md 0 and 5.5)."""

from __future__ import annotations

import datetime

import polars as pl


def age_at(dob: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The greatest n with DOB + n years on or before `day`, row by row. Someone born on 29
    February has their birthday on 28 February in common years (the validator's pandas
    DateOffset)."""
    birthday_day = (
        pl.when((dob.dt.month() == 2) & (dob.dt.day() == 29) & ~day.dt.is_leap_year())
        .then(28)
        .otherwise(dob.dt.day())
    )
    before_birthday = (dob.dt.month() > day.dt.month()) | (
        (dob.dt.month() == day.dt.month()) & (birthday_day > day.dt.day())
    )
    return day.dt.year().cast(pl.Int32) - dob.dt.year() - before_birthday.cast(pl.Int32)


def age_on(dob: pl.Expr, day: datetime.date) -> pl.Expr:
    """Age on one day for every row."""
    return age_at(dob, pl.lit(day, dtype=pl.Date))
