"""Adoption timeliness and special guardianship (INDICATORS.md 4.3; DfE adoption scorecards).

The scorecard measures (A1, A2, A3, A10) look at the children adopted in the 36 months to D:
those whose counted ending of care (their last in the window, as `flows.last_endings`) was an
adoption, REC `E11` or `E12`. Each is measured over the period of care that ended in the
adoption (INDICATORS.md 5.2). A mean carries numerator = the sum of the days and denominator =
the number of children measured (4.1); children who cannot be measured are left out and counted
in `note`. Output: LA, numerator, denominator, note (null when nobody was left out).
"""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.flows import ADOPTED, last_endings
from analytics.indicators.periods import with_periods
from analytics.indicators.stability import (
    ADOPTIVE,
    NEW_CARER,
    months_before,
    with_placement_context,
)
from analytics.ssda903.dataset import Return903

CHILD = ["LA", "CHILD"]
PERIOD = ["LA", "CHILD", "PERIOD_START"]  # a child's period of care (5.2)
ADOPTION_MONTHS = 36  # the scorecards' three-year average
PLACEMENT_ORDERS = ("E1", "D1")  # placement order; freeing order (none new since 2005)
SGO = ("E43", "E44", "E45", "E46", "E47", "E48")  # E43, E44 to 2017-18; E45-E48 from 2018-19
WITHIN_14_MONTHS = 426  # days: the A1 threshold, and A3's "less than 14 months"
FOSTER_CARER = "1"  # AD1 FOSTER_CARE: adopted by the child's former foster carer(s)
CONTEXT = ("previous_temporary", "returns", "same_as_previous")


def adoption_window(end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The 36 months to D: from D minus 3 years plus a day (29 February: from 1 March), to D."""
    return months_before(end, ADOPTION_MONTHS) + datetime.timedelta(days=1), end


def placement_context(episodes: pl.DataFrame) -> pl.DataFrame:
    """`episodes` with `stability.with_placement_context`'s columns, worked out only if they
    are not there already (the catalogue adds them once per run)."""
    if set(CONTEXT) <= set(episodes.columns):
        return episodes
    return with_placement_context(episodes)


def adoptions(data: Return903, end: datetime.date) -> pl.DataFrame:
    """One row per child adopted in the 36 months to D: LA, CHILD, ADOPTED_ON (the DEC of the
    adoption), PERIOD_START (the start of the period of care it ended), PLACED (DECOM of
    the period's first adoptive placement, `A3`-`A6`, null if none), CARERS_SINCE (the start of
    the placement the child was in just before that one, or PLACED if the adoptive placement
    began the period), ORDER (DECOM of the period's first episode under a placement or
    freeing order, `E1`/`D1`, null if none), and from the adoption's AD1 row DATE_MATCH,
    FOSTER_CARE and HAS_AD1.

    The placement before the adoptive one starts at the latest episode before it that started
    the period or moved the child to a new carer (5.3: RNE `P`/`B`, not a temporary placement,
    nor the return from one, nor a "move" into the same PLACE, URN and postcode); a change of
    legal status (`L`) or of placement with the same carer (`T`, `U`) does not start one.

    The adoption's AD1 row is the child's row with the latest DATE_MATCH on or before the
    adoption (a row with a blank DATE_MATCH if there is no other); a match after the adoption
    is not that adoption's."""
    start, end = adoption_window(end)
    episodes = with_periods(placement_context(data.episodes))
    starts_placement = pl.col("STARTS_PERIOD") | NEW_CARER
    episodes = episodes.with_columns(
        _PLACEMENT_START=pl.when(starts_placement).then(pl.col("DECOM")).forward_fill()
    ).with_columns(
        _PREVIOUS_PLACEMENT_START=pl.when(~pl.col("STARTS_PERIOD")).then(
            pl.col("_PLACEMENT_START").shift(1)
        )
    )
    adopted = (
        last_endings(episodes, start, end)
        .filter(pl.col("REC").is_in(ADOPTED))
        .select(*PERIOD, pl.col("DEC").alias("ADOPTED_ON"))
    )
    placed = (
        episodes.filter(pl.col("PLACE").is_in(ADOPTIVE))
        .unique(PERIOD, keep="first", maintain_order=True)
        .select(
            *PERIOD,
            pl.col("DECOM").alias("PLACED"),
            pl.coalesce("_PREVIOUS_PLACEMENT_START", "DECOM").alias("CARERS_SINCE"),
        )
    )
    ordered = (
        episodes.filter(pl.col("LS").is_in(PLACEMENT_ORDERS))
        .group_by(PERIOD)
        .agg(pl.col("DECOM").min().alias("ORDER"))
    )
    matched = (
        adopted.select(*CHILD, "ADOPTED_ON")
        .join(data.ad1.select(*CHILD, "DATE_MATCH", "FOSTER_CARE"), on=CHILD)
        .filter(pl.col("DATE_MATCH").is_null() | (pl.col("DATE_MATCH") <= pl.col("ADOPTED_ON")))
        .sort("DATE_MATCH", nulls_last=False)
        .unique(CHILD, keep="last")
        .select(*CHILD, "DATE_MATCH", "FOSTER_CARE", HAS_AD1=pl.lit(value=True))
    )
    return (
        adopted.join(placed, on=PERIOD, how="left")
        .join(ordered, on=PERIOD, how="left")
        .join(matched, on=CHILD, how="left")
        .with_columns(pl.col("HAS_AD1").fill_null(value=False))
    )


def _days(since: str, until: pl.Expr) -> pl.Expr:
    return (until - pl.col(since)).dt.total_days()


def _mean(adopted: pl.DataFrame, days: pl.Expr, left_out: pl.Expr, why: str) -> pl.DataFrame:
    """numerator = the sum of `days`, denominator = how many there are (null days not counted);
    `note` says how many children `left_out` marks, and `why`."""
    return _summary(adopted, days.sum(), days.count(), left_out, why)


def _summary(
    adopted: pl.DataFrame, numerator: pl.Expr, denominator: pl.Expr, left_out: pl.Expr, why: str
) -> pl.DataFrame:
    return (
        adopted.group_by("LA")
        .agg(
            numerator.alias("numerator"),
            denominator.alias("denominator"),
            left_out.sum().alias("_left_out"),
        )
        .with_columns(
            note=pl.when(pl.col("_left_out") > 0).then(
                pl.format("{} adopted children left out: {}", pl.col("_left_out"), pl.lit(why))
            )
        )
        .drop("_left_out")
        .sort("LA")
    )


NO_ADOPTIVE_PLACEMENT = "no adoptive placement (A3 to A6) in the period of care that ended"


def a1_days() -> pl.Expr:
    """A1's interval, per child: days from the start of the period of care to the adoptive
    placement; null when there was none."""
    return _days("PERIOD_START", pl.col("PLACED"))


def adoption_a1_days(data: Return903, end: datetime.date) -> pl.DataFrame:
    """adoption_a1_days: of the children adopted in the 36 months to D, the average number of
    days from entering care (the start of the period of care the adoption ended) to moving in
    with the adoptive family (the DECOM of the period's first `A3`-`A6` placement). Adoption
    scorecard A1; threshold 426 days (14 months). A child with no adoptive placement in that
    period is left out and counted in `note`. (LA, numerator, denominator, note)"""
    adopted = adoptions(data, end)
    return _mean(adopted, a1_days(), pl.col("PLACED").is_null(), NO_ADOPTIVE_PLACEMENT)


def adoption_a10_days(data: Return903, end: datetime.date) -> pl.DataFrame:
    """adoption_a10_days: as A1, but for a child adopted by their former foster carers (AD1
    FOSTER_CARE 1) the end point is the day they moved in with those carers: the start of the
    placement just before the adoptive one (scorecard A10, "adjusted for foster carer
    adoptions"; the detail is unverified, docs/indicators/adoption_a10_days.md). A child with no
    AD1 row is measured as in A1. (LA, numerator, denominator, note)"""
    adopted = adoptions(data, end)
    by_foster_carer = (pl.col("FOSTER_CARE") == FOSTER_CARER).fill_null(value=False)
    moved_in = pl.when(by_foster_carer).then(pl.col("CARERS_SINCE")).otherwise(pl.col("PLACED"))
    days = _days("PERIOD_START", moved_in)
    return _mean(adopted, days, pl.col("PLACED").is_null(), NO_ADOPTIVE_PLACEMENT)


def adoption_a2_days(data: Return903, end: datetime.date) -> pl.DataFrame:
    """adoption_a2_days: of the children adopted in the 36 months to D under a placement or
    freeing order (an `E1` or `D1` episode in the period of care the adoption ended), the
    average number of days from the court's authority to place (the first such episode's
    DECOM) to the match with adopters (AD1 DATE_MATCH); 0 for a child matched before the order.
    Adoption scorecard A2; threshold 121 days (4 months). A child with an order but no AD1 row
    (or none with a match date on or before the adoption) is left out and counted in `note`.
    (LA, numerator, denominator, note)"""
    adopted = adoptions(data, end)
    days = pl.max_horizontal(_days("ORDER", pl.col("DATE_MATCH")), pl.lit(0))
    with_order = pl.col("ORDER").is_not_null()
    measured = with_order & pl.col("DATE_MATCH").is_not_null()
    return _mean(
        adopted,
        pl.when(measured).then(days),
        with_order & ~measured,
        "a placement order but no AD1 row with a match date (DATE_MATCH) on or before the adoption",
    )


def adoption_within_14_months_share(data: Return903, end: datetime.date) -> pl.DataFrame:
    """adoption_within_14_months_share: of the children adopted in the 36 months to D with an
    A1 interval, those who moved in with their adoptive family less than 14 months (426 days)
    after entering care (adoption scorecard A3). Children left out of A1 are left out here.
    (LA, numerator, denominator, note)"""
    adopted = adoptions(data, end)
    days = a1_days()
    return _summary(
        adopted,
        (days < WITHIN_14_MONTHS).sum(),
        days.count(),
        pl.col("PLACED").is_null(),
        NO_ADOPTIVE_PLACEMENT,
    )


def sgo_share_of_ceases(
    episodes: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """sgo_share_of_ceases: of the children who ceased to be looked after in P, those whose
    counted ending (their last in P) was a special guardianship order, REC `E43`-`E48`.
    (LA, numerator, denominator)"""
    return (
        last_endings(episodes, start, end)
        .group_by("LA")
        .agg(
            pl.col("REC").is_in(SGO).sum().alias("numerator"),
            pl.len().alias("denominator"),
        )
        .sort("LA")
    )
