"""Reviews on time: children looked after whose reviews in the 12 months to D were all held by
the date they were due (INDICATORS.md 4.2, a Choice modelled on the former NI 66).

Due dates follow the Care Planning, Placement and Case Review (England) Regulations 2010: the
first review within 20 working days of the start of the period of care, the second within 3
months of the first, each later one within 6 months of the one before. After a late review,
the next is due from the day it was actually held. Working days are Monday to Friday less
England's bank holidays (working_days.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import polars as pl

CHILD = ["LA", "CHILD"]
FIRST_REVIEW_WORKING_DAYS = 20


def first_review_due(period_start: pl.Expr, bank_holidays: Iterable[datetime.date]) -> pl.Expr:
    """The 20th working day after the period starts. A start on a weekend or bank holiday is
    rolled back to the working day before, so the count starts with the next working day."""
    return period_start.dt.add_business_days(
        FIRST_REVIEW_WORKING_DAYS, holidays=sorted(bank_holidays), roll="backward"
    )


def reviews_on_time(
    periods: pl.DataFrame,
    reviews: pl.DataFrame,  # sorted by LA, CHILD and REVIEW
    start: datetime.date,
    end: datetime.date,
    bank_holidays: Iterable[datetime.date],
) -> pl.DataFrame:
    """Of the children looked after at D (`periods`: LA, CHILD and PERIOD_START, the start of
    their current period of care) whose first review fell due on or before D, those who missed
    no review due in P: each held by its due date, and none overdue at D. Only reviews of the
    current period count."""
    cohort = periods.with_columns(FIRST_DUE=first_review_due(pl.col("PERIOD_START"), bank_holidays))
    cohort = cohort.filter(pl.col("FIRST_DUE") <= end)
    # Reviews sorted by child and date (once, by `catalogue`), so neighbours are shifts away.
    held = (
        reviews.select(*CHILD, "REVIEW")
        .join(cohort.select(*CHILD, "PERIOD_START", "FIRST_DUE"), on=CHILD, maintain_order="left")
        .filter((pl.col("REVIEW") >= pl.col("PERIOD_START")) & (pl.col("REVIEW") <= end))
    )
    same_child = (pl.col("LA") == pl.col("LA").shift(1)) & (
        pl.col("CHILD") == pl.col("CHILD").shift(1)
    )
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    first_row = pl.when(~same_child.fill_null(value=False)).then(row).forward_fill()
    held = held.with_columns(
        NUMBER=row - first_row + 1,
        PREVIOUS=pl.when(same_child).then(pl.col("REVIEW").shift(1)),
    )
    # Each review's due date comes from the review before it (or the period's start).
    due = _next_due(pl.col("NUMBER") - 1, pl.col("PREVIOUS"), pl.col("FIRST_DUE"))
    late = held.with_columns(DUE=due).filter(
        (pl.col("REVIEW") > pl.col("DUE")) & pl.col("DUE").is_between(start, end)
    )
    # The review due after the last one held: missed if it fell due on or before D. One that
    # fell due before P and was still not held in P is missed in P too: it was overdue all
    # the while.
    last = held.group_by(CHILD).agg(pl.len().alias("HELD"), pl.col("REVIEW").max().alias("LAST"))
    pending = (
        cohort.join(last, on=CHILD, how="left")
        .with_columns(
            DUE=_next_due(pl.col("HELD").fill_null(0), pl.col("LAST"), pl.col("FIRST_DUE"))
        )
        .filter(pl.col("DUE") <= end)
    )
    missed = pl.concat([late.select(CHILD), pending.select(CHILD)]).unique()
    return (
        cohort.join(missed.with_columns(MISSED=pl.lit(value=True)), on=CHILD, how="left")
        .group_by("LA")
        .agg(
            pl.col("MISSED").is_null().sum().alias("numerator"),
            pl.len().alias("denominator"),
        )
    )


def _next_due(held: pl.Expr, last_review: pl.Expr, first_due: pl.Expr) -> pl.Expr:
    """When the review after `held` reviews falls due: the first is `first_due`; the second 3
    months after the first; later ones 6 months after the one before (clamped to the month's
    end, as 31 August plus 6 months is 28 or 29 February)."""
    return (
        pl.when(held == 0)
        .then(first_due)
        .when(held == 1)
        .then(last_review.dt.offset_by("3mo"))
        .otherwise(last_review.dt.offset_by("6mo"))
    )
