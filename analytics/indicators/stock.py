"""Children looked after at a date: the stock every share is a part of (INDICATORS.md 5.1)."""

from __future__ import annotations

import datetime

import polars as pl


def open_at(as_at: datetime.date) -> pl.Expr:
    """An episode open at the end of `as_at`: started on or before it and not ended by it. One
    ending on `as_at` itself is not open: the child left that day."""
    return (pl.col("DECOM") <= as_at) & (pl.col("DEC").is_null() | (pl.col("DEC") > as_at))


def looked_after_at(episodes: pl.DataFrame, as_at: datetime.date) -> pl.DataFrame:
    """LA(D): one row per child looked after at D, with the episode open then (its PLACE, LS,
    provider and postcodes are the child's current ones).

    Most indicators at a date start from this, one after another, so the last answer is kept
    and given again for the same frame and date (the frame held, so it is the same object)."""
    last = _LAST_COHORT.get("last")
    if last is not None and last[0] is episodes and last[1] == as_at:
        return last[2]
    cohort = episodes.filter(open_at(as_at)).sort("DECOM").unique(["LA", "CHILD"], keep="last")
    _LAST_COHORT["last"] = (episodes, as_at, cohort)
    return cohort


_LAST_COHORT: dict[str, tuple[pl.DataFrame, datetime.date, pl.DataFrame]] = {}


def cla_count(episodes: pl.DataFrame, as_at: datetime.date) -> pl.DataFrame:
    """cla_count: the number of children looked after at D (DfE: CLA at 31 March)."""
    return looked_after_at(episodes, as_at).group_by("LA").agg(pl.len().alias("numerator"))


def cla_rate_per_10k(
    episodes: pl.DataFrame, population: pl.DataFrame, as_at: datetime.date
) -> pl.DataFrame:
    """cla_rate_per_10k: children looked after at D per 10,000 children aged 0 to 17. The
    population is the latest mid-year (30 June) estimate on or before D: for 31 March Y that is
    mid-(Y-1), which DfE appears to use (INDICATORS.md 4.2, Choice). `note` names it."""
    latest_year = as_at.year if as_at >= datetime.date(as_at.year, 6, 30) else as_at.year - 1
    estimates = (
        population.filter(pl.col("YEAR") <= latest_year)
        .sort("YEAR")
        .unique("LA", keep="last")
        .select(
            "LA",
            pl.col("POPULATION").alias("denominator"),
            pl.format("ONS mid-{} estimate", pl.col("YEAR")).alias("note"),
        )
    )
    return estimates.join(cla_count(episodes, as_at), on="LA", how="left").with_columns(
        pl.col("numerator").fill_null(0)
    )
