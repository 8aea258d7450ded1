"""Children missing or away from care: incidents, children, shares (INDICATORS.md 4.3).

Missing (`M`): whereabouts unknown. Away (`A`): absent without authorisation, whereabouts
known. Every count here keeps to `missing.missing_children_count`'s rules: the child was looked
after (not only on short breaks) on at least one day of P, and the Missing row's MIS_START is
in P. `missing_at_date_count` is the exception, a stock: children missing at the end of D.
"""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.missing import missing_children_count
from analytics.indicators.stock import looked_after_at

CHILD = ["LA", "CHILD"]
MISSING, AWAY = "M", "A"


def looked_after_during(
    episodes: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """(LA, CHILD) of every child looked after on at least one day of P: an episode (short
    breaks already dropped) starting on or before its last day and not ended before its first.
    One ending on the first day counts: the child was looked after for part of it. The same
    rule as `missing_children_count`, which keeps its own copy."""
    return (
        episodes.filter(
            (pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start))
        )
        .select(CHILD)
        .unique()
    )


def incidents_starting_in(
    episodes: pl.DataFrame,
    missing: pl.DataFrame,
    kind: str,
    start: datetime.date,
    end: datetime.date,
) -> pl.DataFrame:
    """Missing rows of `kind` (`M` or `A`) whose MIS_START is in P, of children looked after
    during P. One row per incident: the same child and start twice is one row already
    (dataset.LATEST_KEYS)."""
    return missing.filter(
        (pl.col("MISSING") == kind) & pl.col("MIS_START").is_between(start, end, closed="both")
    ).join(looked_after_during(episodes, start, end), on=CHILD, how="semi")


def missing_incidents_count(
    episodes: pl.DataFrame, missing: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """missing_incidents_count: missing incidents (`M`) that began in P, of children looked
    after during P. A child missing three times counts three times. (LA, numerator)"""
    return _count(incidents_starting_in(episodes, missing, MISSING, start, end))


def away_children_count(
    episodes: pl.DataFrame, missing: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """away_children_count: distinct children looked after during P who were away without
    authorisation (`A`) at least once, the absence beginning in P. (LA, numerator)"""
    return _count(incidents_starting_in(episodes, missing, AWAY, start, end).unique(CHILD))


def away_incidents_count(
    episodes: pl.DataFrame, missing: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """away_incidents_count: absences without authorisation (`A`) that began in P, of children
    looked after during P. (LA, numerator)"""
    return _count(incidents_starting_in(episodes, missing, AWAY, start, end))


def missing_share_of_cla_during_year(
    episodes: pl.DataFrame, missing: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """missing_share_of_cla_during_year: of the children looked after on at least one day of
    P, those who went missing (`missing_children_count`). (LA, numerator, denominator)"""
    in_care = (
        looked_after_during(episodes, start, end).group_by("LA").agg(pl.len().alias("denominator"))
    )
    went_missing = missing_children_count(episodes, missing, start, end)
    return (
        in_care.join(went_missing, on="LA", how="left")
        .with_columns(pl.col("numerator").fill_null(0))
        .select("LA", "numerator", "denominator")
    )


def missing_incidents_per_missing_child(
    episodes: pl.DataFrame, missing: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """missing_incidents_per_missing_child: missing incidents (`M`) that began in P per child
    who went missing: numerator the incidents, denominator the children (a mean, 4.1's shape).
    An authority with no missing child has no row (a zero base: no value). (LA, numerator,
    denominator)"""
    return (
        incidents_starting_in(episodes, missing, MISSING, start, end)
        .group_by("LA")
        .agg(pl.len().alias("numerator"), pl.col("CHILD").n_unique().alias("denominator"))
    )


def missing_at_date_count(
    episodes: pl.DataFrame, missing: pl.DataFrame, as_at: datetime.date
) -> pl.DataFrame:
    """missing_at_date_count: children looked after at D (5.1) with a missing row (`M`) open
    at the end of D: MIS_START on or before D and MIS_END blank or after D. A child found on
    D itself is not missing at D, as a child whose episode ends on D is not looked after at D.
    Each child once. (LA, numerator)"""
    still_missing = missing.filter(
        (pl.col("MISSING") == MISSING)
        & (pl.col("MIS_START") <= as_at)
        & (pl.col("MIS_END").is_null() | (pl.col("MIS_END") > as_at))
    )
    return _count(
        still_missing.join(looked_after_at(episodes, as_at), on=CHILD, how="semi").unique(CHILD)
    )


def _count(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.group_by("LA").agg(pl.len().alias("numerator"))
