"""Placement stability: how many placements children had in the 12 months to D (5.3)."""

from __future__ import annotations

import calendar
import datetime

import polars as pl

from analytics.indicators.ages import age_on
from analytics.indicators.stock import looked_after_at
from analytics.ssda903.episodes import TEMPORARY

CHILD = ["LA", "CHILD"]


def _same(column: str, other: pl.Expr) -> pl.Expr:
    return pl.col(column).eq_missing(other)


def with_placement_context(episodes: pl.DataFrame) -> pl.DataFrame:
    """Each episode with what the placement rules compare it to, whatever the date: whether the
    previous episode was temporary, whether this one returns to the last settled placement, and
    whether it repeats the previous PLACE, URN and postcode. Computed once per run.

    `episodes` must be sorted by LA, CHILD and DECOM (as `stitched_episodes` leaves them); the
    columns are built with shifts and a forward fill over that order instead of a window per
    child, which is what keeps national runs fast.
    """
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    first_of_child = (pl.col("LA") != pl.col("LA").shift(1)) | (
        pl.col("CHILD") != pl.col("CHILD").shift(1)
    )
    settled = ~pl.col("PLACE").is_in(TEMPORARY)
    framed = episodes.with_columns(
        _row=row,
        _child_start=pl.when(first_of_child.fill_null(value=True)).then(row).forward_fill(),
        _last_settled=pl.when(settled).then(row).shift(1).forward_fill(),
    )
    same_child = pl.col("_row") > pl.col("_child_start")
    has_settled = pl.col("_last_settled") >= pl.col("_child_start")
    at_last_settled = pl.col("_last_settled").fill_null(0)
    return framed.with_columns(
        previous_temporary=same_child & pl.col("PLACE").shift(1).is_in(TEMPORARY),
        returns=has_settled.fill_null(value=False)
        & _same("PLACE", pl.col("PLACE").gather(at_last_settled))
        & _same("PL_POST", pl.col("PL_POST").gather(at_last_settled)),
        same_as_previous=same_child
        & _same("PLACE", pl.col("PLACE").shift(1))
        & _same("URN", pl.col("URN").shift(1))
        & _same("PL_POST", pl.col("PL_POST").shift(1)),
    ).drop("_row", "_child_start", "_last_settled")


# A move to a new carer (5.3): RNE P or B, less the exclusions, which come first because a
# temporary placement is usually recorded as P. Needs `with_placement_context`'s columns.
EXCLUDED = (
    pl.col("PLACE").is_in(TEMPORARY)
    | (pl.col("previous_temporary") & pl.col("returns"))
    | ((pl.col("RNE") == "P") & pl.col("same_as_previous"))
)
NEW_CARER = ~EXCLUDED & pl.col("RNE").is_in(["P", "B"])
ADOPTIVE = ("A3", "A4", "A5", "A6")


def placement_starts(
    episodes: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """The child's episodes overlapping P, each with `NEW_PLACEMENT`: does it count as one?

    The rules of INDICATORS.md 5.3, in order: the episode open on P's first day, or a start of
    care (RNE S) in P, counts; a temporary placement (T0-T4) does not, nor the return to the
    placement before it, nor a "placement change" into the same PLACE, URN and postcode as the
    previous episode (a recording artefact); otherwise a new carer (RNE P or B) counts, and a
    change of legal status (L) or of placement with the same carer (T, U) does not. The
    exclusions come before "P or B" because a temporary placement is usually recorded as P.
    `episodes` carry `with_placement_context`'s columns.
    """
    overlapping = episodes.filter(
        (pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") > start))
    )
    opening = (pl.col("DECOM") <= start) | ((pl.col("RNE") == "S") & (pl.col("DECOM") >= start))
    return overlapping.with_columns(NEW_PLACEMENT=opening | NEW_CARER)


def placement_stability_3plus(
    episodes: pl.DataFrame, as_at: datetime.date, start: datetime.date
) -> pl.DataFrame:
    """placement_stability_3plus: children looked after at D with 3 or more placements in P,
    of all children looked after at D (formerly NI 62)."""
    cohort = looked_after_at(episodes, as_at).select(CHILD)
    placements = (
        placement_starts(episodes, start, as_at)
        .group_by(CHILD)
        .agg(pl.col("NEW_PLACEMENT").sum().alias("placements"))
    )
    return (
        cohort.join(placements, on=CHILD, how="left")
        .group_by("LA")
        .agg(
            (pl.col("placements").fill_null(0) >= 3).sum().alias("numerator"),
            pl.len().alias("denominator"),
        )
    )


def with_placement_start(episodes: pl.DataFrame) -> pl.DataFrame:
    """Each episode with `PLACEMENT_START`, the DECOM of the placement it is part of (the latest
    episode that started a period of care or moved the child to a new carer, 5.3), and
    `PREVIOUS_PLACEMENT_START`, the start of the placement before that one in the same period.
    Needs `with_placement_context`'s and `periods.period_starts`' columns."""
    starts_placement = pl.col("STARTS_PERIOD") | NEW_CARER
    framed = episodes.with_columns(
        PLACEMENT_START=pl.when(starts_placement).then(pl.col("DECOM")).forward_fill()
    )
    # Within each period: at each move, the start of the placement it ends, carried forward.
    # A period's first episode has none: a stand-in date keeps the fill from crossing into it
    # (a child's first episode always starts a period), then becomes null.
    none = datetime.date(1, 1, 1)
    previous = (
        pl.when(pl.col("STARTS_PERIOD"))
        .then(pl.lit(none))
        .when(starts_placement)
        .then(pl.col("PLACEMENT_START").shift(1))
        .forward_fill()
    )
    return framed.with_columns(PREVIOUS_PLACEMENT_START=pl.when(previous != none).then(previous))


def placement_stability_long_term(
    episodes: pl.DataFrame, header: pl.DataFrame, as_at: datetime.date
) -> pl.DataFrame:
    """placement_stability_long_term: of the children looked after at D, under 16 at D, whose
    current period of care started at least 2.5 years before D, those living with the same
    carer for 2 years or more, or placed for adoption (A3 to A6) where the adoptive placement
    and the one before it together have lasted 2 years (formerly NI 63). `episodes` carry
    `with_placement_start`'s columns."""
    two_and_a_half_years_before = months_before(as_at, 30)
    two_years_before = months_before(as_at, 24)
    dob = header.select(*CHILD, "DOB")
    cohort = (
        looked_after_at(episodes, as_at)
        .join(dob, on=CHILD, how="left")
        .filter(
            (pl.col("PERIOD_START") <= two_and_a_half_years_before)
            & (age_on(pl.col("DOB"), as_at) < 16)
        )
    )
    settled = (pl.col("PLACEMENT_START") <= two_years_before) | (
        pl.col("PLACE").is_in(ADOPTIVE) & (pl.col("PREVIOUS_PLACEMENT_START") <= two_years_before)
    )
    return cohort.group_by("LA").agg(
        settled.fill_null(value=False).sum().alias("numerator"), pl.len().alias("denominator")
    )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier, or the month's last day if it is short."""
    month = day.year * 12 + day.month - 1 - months
    year, month = divmod(month, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))
