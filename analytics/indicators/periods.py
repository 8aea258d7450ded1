"""Periods of care: runs of episodes with no day out of care between them (INDICATORS.md 5.2).

A new episode starts whenever a child's legal status or placement changes; the episodes of one
period are linked by REC `X1` ("new episode the same day") and a next DECOM on that same day. A
period starts at RNE `S` ("started to be looked after"), or at an episode not linked that way to
the one before: after short breaks (V3, V4) are dropped, the first remaining episode of a run
starts a period even if its RNE is not `S` (a Choice; DfE's handling is unverified). Time in care
is measured from the period's first DECOM (docs/indicators/periods-of-care.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import polars as pl

from analytics.indicators.stock import looked_after_at


def starts_period() -> pl.Expr:
    """Does each episode start a period of care? Over episodes sorted by LA, CHILD and DECOM: the
    child's first episode, RNE `S`, or one not continuing the episode before (that one did not
    end with `X1` on this episode's DECOM)."""
    first_of_child = (pl.col("LA") != pl.col("LA").shift(1)) | (
        pl.col("CHILD") != pl.col("CHILD").shift(1)
    )
    continues = (pl.col("REC").shift(1) == "X1") & (pl.col("DEC").shift(1) == pl.col("DECOM"))
    return (
        first_of_child.fill_null(value=True)
        | (pl.col("RNE") == "S").fill_null(value=False)
        | ~continues.fill_null(value=False)
    )


def period_starts(episodes: pl.DataFrame, *, carry: Sequence[str] = ()) -> pl.DataFrame:
    """Each episode with its period of care: `STARTS_PERIOD` (does it start one?), `PERIOD_START`
    (the DECOM of the period's first episode) and, for each column named in `carry`,
    `PERIOD_<column>`: that column's value on the period's first episode (`carry=("CIN",)` gives
    the category of need the child came into care with).

    `episodes` must be sorted by LA, CHILD and DECOM (as `stitched_episodes` leaves them): the
    columns come from shifts and a forward fill over that order, not a window per child, as in
    `stability.with_placement_context`. Whatever the as-at date, an episode belongs to the same
    period, so this is computed once over the child's whole loaded history.
    """
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    framed = episodes.with_columns(STARTS_PERIOD=starts_period()).with_columns(
        _period_row=pl.when(pl.col("STARTS_PERIOD")).then(row).forward_fill()
    )
    first = pl.col("_period_row")
    return framed.with_columns(
        PERIOD_START=pl.col("DECOM").gather(first),
        **{f"PERIOD_{column}": pl.col(column).gather(first) for column in carry},
    ).drop("_period_row")


def with_periods(episodes: pl.DataFrame) -> pl.DataFrame:
    """`episodes` with `period_starts`'s columns, worked out only if they are not there already
    (the catalogue adds them once per run)."""
    if {"STARTS_PERIOD", "PERIOD_START"} <= set(episodes.columns):
        return episodes
    return period_starts(episodes)


def current_periods(
    episodes: pl.DataFrame, as_at: datetime.date, *, carry: Sequence[str] = ()
) -> pl.DataFrame:
    """LA(D), one row per child looked after at D with the episode open then, plus the columns
    of `period_starts` for the period that episode belongs to: the child's current period of
    care. Its LA, CHILD and PERIOD_START are what `reviews.reviews_on_time` takes.

    Columns `period_starts` already added (and `PERIOD_<column>` for each of `carry`) are used
    as they are, so a caller that prepared the episodes once pays nothing more per date."""
    wanted = ["PERIOD_START", *(f"PERIOD_{column}" for column in carry)]
    if not set(wanted) <= set(episodes.columns):
        episodes = period_starts(episodes, carry=carry)
    return looked_after_at(episodes, as_at)
