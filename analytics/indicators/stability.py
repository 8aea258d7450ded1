"""Placement stability: how many placements children had in the 12 months to D (5.3)."""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.stock import looked_after_at
from analytics.ssda903.episodes import TEMPORARY

CHILD = ["LA", "CHILD"]


def _same(column: str, other: pl.Expr) -> pl.Expr:
    return pl.col(column).eq_missing(other)


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
    """
    history = episodes.sort("DECOM")
    previous = {name: pl.col(name).shift(1).over(CHILD) for name in ("PLACE", "URN", "PL_POST")}
    # The last non-temporary placement before this episode, for "the return after a temporary".
    settled = pl.col("PLACE").is_in(TEMPORARY).not_()
    last_settled = {
        name: pl.when(settled).then(pl.col(name)).forward_fill().shift(1).over(CHILD)
        for name in ("PLACE", "PL_POST")
    }
    history = history.with_columns(
        previous_temporary=previous["PLACE"].is_in(TEMPORARY).fill_null(value=False),
        returns=_same("PLACE", last_settled["PLACE"]) & _same("PL_POST", last_settled["PL_POST"]),
        same_as_previous=_same("PLACE", previous["PLACE"])
        & _same("URN", previous["URN"])
        & _same("PL_POST", previous["PL_POST"]),
    )
    overlapping = history.filter(
        (pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") > start))
    )
    opening = (pl.col("DECOM") <= start) | ((pl.col("RNE") == "S") & (pl.col("DECOM") >= start))
    excluded = (
        pl.col("PLACE").is_in(TEMPORARY)
        | (pl.col("previous_temporary") & pl.col("returns"))
        | ((pl.col("RNE") == "P") & pl.col("same_as_previous"))
    )
    return overlapping.with_columns(
        NEW_PLACEMENT=opening | (~excluded & pl.col("RNE").is_in(["P", "B"]))
    )


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
