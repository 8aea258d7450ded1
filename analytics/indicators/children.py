"""Unaccompanied asylum-seeking children, children's part in their reviews, why children moved,
and stability over two years (INDICATORS.md 4.3).

Shares return LA, numerator, denominator (and `note` where rows were left out); counts LA and
numerator; `placement_moves_by_reason` is a mix, one row per authority and category (the shape
of mixes.py: LA, category, numerator, denominator).
"""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.adoption import placement_context
from analytics.indicators.periods import with_periods
from analytics.indicators.stability import NEW_CARER, months_before, placement_starts
from analytics.indicators.stock import looked_after_at, open_at
from analytics.ssda903.dataset import Return903
from analytics.ssda903.spec import available_years, spec_for

CHILD = ["LA", "CHILD"]
NOT_RECORDED = "not_recorded"

# REVIEW_CODE: PN0 is a child under 4 (no participation expected), in neither count. PN1 to PN6
# are a contribution, attending or not; PN7 is none. PN4 ("attends, no contribution") counts as
# participation as the brief's formula has it, unverified against DfE.
PARTICIPATED = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
COUNTED_REVIEWS = (*PARTICIPATED, "PN7")

# Every REASON_PLACE_CHANGE code of the latest collection year's spec, lower-cased, in
# alphabetical order (the spec holds them as a set), then `not_recorded` for a blank or a code
# outside the list (liia-tools' LIIAF marker, for one).
MOVE_REASON_CODES = tuple(sorted(spec_for(available_years()[-1]).codes["REASON_PLACE_CHANGE"]))
MOVE_REASONS = (*(code.lower() for code in MOVE_REASON_CODES), NOT_RECORDED)

STABILITY_MONTHS = 24


def uasc_at(uasc: pl.DataFrame, as_at: datetime.date) -> pl.DataFrame:
    """The children who are unaccompanied asylum-seeking children at D (5.6): in the UASC table
    (any year's; the latest year's row wins) with DUC, the date the status ceased, blank or
    after D. One row per child: LA, CHILD."""
    current = pl.col("DUC").is_null() | (pl.col("DUC") > as_at)
    return uasc.filter(current).select(CHILD).unique()


def _uasc_cohort(data: Return903, as_at: datetime.date) -> pl.DataFrame:
    flagged = uasc_at(data.uasc, as_at).with_columns(_UASC=pl.lit(value=True))
    return (
        looked_after_at(data.episodes, as_at)
        .select(CHILD)
        .join(flagged, on=CHILD, how="left")
        .group_by("LA")
        .agg(
            pl.col("_UASC").fill_null(value=False).sum().alias("numerator"),
            pl.len().alias("denominator"),
        )
        .sort("LA")
    )


def uasc_count(data: Return903, as_at: datetime.date) -> pl.DataFrame:
    """uasc_count: children looked after at D who are unaccompanied asylum-seeking children at
    D (DfE: "UASC looked after at 31 March"). (LA, numerator)"""
    return _uasc_cohort(data, as_at).drop("denominator")


def uasc_share(data: Return903, as_at: datetime.date) -> pl.DataFrame:
    """uasc_share: of the children looked after at D, the unaccompanied asylum-seeking
    children. (LA, numerator, denominator)"""
    return _uasc_cohort(data, as_at)


def reviews_participation_share(
    data: Return903, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """reviews_participation_share: of the reviews held in P (REVIEW date in P) with a code
    `PN1`-`PN7`, those where the child took part (`PN1`-`PN6`). Reviews are counted, not
    children. `PN0` (under 4), a blank or an unlisted code is in neither count. A review not
    held while the child was looked after, short breaks aside (on a day from an episode's
    DECOM to its DEC), is left out and counted in `note`. Every authority with episodes has a
    row: one with no counted reviews has denominator 0. (LA, numerator, denominator, note)"""
    held = data.reviews.filter(pl.col("REVIEW").is_between(start, end, closed="both"))
    review = [*CHILD, "REVIEW"]
    in_care = (
        held.select(review)
        .join(data.episodes.select(*CHILD, "DECOM", "DEC"), on=CHILD)
        .filter(
            (pl.col("DECOM") <= pl.col("REVIEW"))
            & (pl.col("DEC").is_null() | (pl.col("REVIEW") <= pl.col("DEC")))
        )
        .select(review)
        .unique()
        .with_columns(_IN_CARE=pl.lit(value=True))
    )
    code = pl.col("REVIEW_CODE")
    counts = (
        held.join(in_care, on=review, how="left")
        .with_columns(pl.col("_IN_CARE").fill_null(value=False))
        .group_by("LA")
        .agg(
            (pl.col("_IN_CARE") & code.is_in(PARTICIPATED)).sum().alias("numerator"),
            (pl.col("_IN_CARE") & code.is_in(COUNTED_REVIEWS)).sum().alias("denominator"),
            (~pl.col("_IN_CARE")).sum().alias("_left_out"),
        )
    )
    authorities = data.episodes.select("LA").unique()
    return (
        authorities.join(counts, on="LA", how="full", coalesce=True)
        .with_columns(pl.col("numerator", "denominator", "_left_out").fill_null(0))
        .with_columns(
            note=pl.when(pl.col("_left_out") > 0).then(
                pl.format(
                    "{} reviews in the period left out: not held while the child was looked "
                    "after (short breaks aside)",
                    pl.col("_left_out"),
                )
            )
        )
        .drop("_left_out")
        .sort("LA")
    )


def placement_moves_by_reason(
    data: Return903, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """placement_moves_by_reason: the placement changes in P by the reason recorded on the
    episode that ended (REASON_PLACE_CHANGE of the child's previous episode).

    A change is a move to a new carer starting in P as `placement_starts` counts one (5.3:
    RNE `P` or `B`, not a temporary placement, nor the return from one, nor a "move" into the
    same PLACE, URN and postcode), less the opening placement and starts of care: an episode
    that starts a period of care (5.2) is not a move. A move on P's first day is in P (it is
    the opening placement for counting placements, but it happened in P, and would otherwise be
    in no year). A child moved twice is counted twice.

    One row per authority with an episode in P and category of `MOVE_REASONS`: LA, category,
    numerator (changes for that reason), denominator (all the authority's changes in P)."""
    episodes = with_periods(placement_context(data.episodes)).with_columns(
        _ENDED_REASON=pl.col("REASON_PLACE_CHANGE").shift(1)
    )
    in_p = placement_starts(episodes, start, end)
    reason = pl.col("_ENDED_REASON")
    moves = in_p.filter(
        pl.col("NEW_PLACEMENT")
        & NEW_CARER
        & ~pl.col("STARTS_PERIOD")
        & pl.col("DECOM").is_between(start, end, closed="both")
    ).select(
        "LA",
        category=pl.when(reason.is_in(MOVE_REASON_CODES))
        .then(reason.str.to_lowercase())
        .otherwise(pl.lit(NOT_RECORDED)),
    )
    categories = pl.DataFrame({"category": MOVE_REASONS, "_order": range(len(MOVE_REASONS))})
    counts = moves.group_by("LA", "category").agg(pl.len().alias("numerator"))
    return (
        in_p.select("LA")
        .unique()
        .join(categories, how="cross")
        .join(counts, on=["LA", "category"], how="left")
        .with_columns(pl.col("numerator").fill_null(0))
        .with_columns(pl.col("numerator").sum().over("LA").alias("denominator"))
        .sort("LA", "_order")
        .drop("_order")
    )


def placement_stability_3plus_2yr(data: Return903, as_at: datetime.date) -> pl.DataFrame:
    """placement_stability_3plus_2yr: of the children looked after at D whose current period of
    care started on or before D minus 24 months (looked after continuously for 2 years or
    more), those with 3 or more placements in the 24 months to D, counted as
    `placement_stability_3plus` counts them over 12 (5.3). (LA, numerator, denominator)"""
    two_years_before = months_before(as_at, STABILITY_MONTHS)
    episodes = with_periods(placement_context(data.episodes))
    cohort = (
        episodes.filter(open_at(as_at))
        .sort("DECOM")
        .unique(CHILD, keep="last")
        .filter(pl.col("PERIOD_START") <= two_years_before)
        .select(CHILD)
    )
    window_start = two_years_before + datetime.timedelta(days=1)
    placements = (
        placement_starts(episodes, window_start, as_at)
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
        .sort("LA")
    )
