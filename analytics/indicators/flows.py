"""Children starting and ceasing to be looked after in the 12 months to D (INDICATORS.md 4.2)."""

from __future__ import annotations

import datetime

import polars as pl

ADOPTED = ("E11", "E12")


def _in(column: str, start: datetime.date, end: datetime.date) -> pl.Expr:
    return pl.col(column).is_between(start, end, closed="both")


def starts_in_year(
    episodes: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """starts_in_year: distinct children with an episode RNE S starting in P, once each (DfE
    counts the first occasion). Literally RNE S, as DfE's "started to be looked after"."""
    started = episodes.filter((pl.col("RNE") == "S") & _in("DECOM", start, end))
    return started.group_by("LA").agg(pl.col("CHILD").n_unique().alias("numerator"))


def last_endings(episodes: pl.DataFrame, start: datetime.date, end: datetime.date) -> pl.DataFrame:
    """Each child's last ending of care in P (REC other than X1), the occasion DfE counts."""
    ended = episodes.filter(
        pl.col("REC").is_not_null() & (pl.col("REC") != "X1") & _in("DEC", start, end)
    )
    return ended.sort("DEC").unique(["LA", "CHILD"], keep="last")


def ceases_in_year(
    episodes: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """ceases_in_year: distinct children who ceased to be looked after in P, once each."""
    return last_endings(episodes, start, end).group_by("LA").agg(pl.len().alias("numerator"))


def adoption_share_of_ceases(
    episodes: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """adoption_share_of_ceases: of the children who ceased in P, those whose counted ending was
    an adoption (E11, E12)."""
    return (
        last_endings(episodes, start, end)
        .group_by("LA")
        .agg(
            pl.col("REC").is_in(ADOPTED).sum().alias("numerator"),
            pl.len().alias("denominator"),
        )
    )
