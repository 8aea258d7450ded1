"""Children who went missing from care (INDICATORS.md 4.2 and 4.3)."""

from __future__ import annotations

import datetime

import polars as pl


def missing_children_count(
    episodes: pl.DataFrame, missing: pl.DataFrame, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """missing_children_count: distinct children looked after on at least one day of P (not
    only on short breaks) with a missing episode (`M`, whereabouts unknown) that began in P.
    Episodes of being away without authorisation (`A`) are not counted here."""
    in_care = (
        episodes.filter(
            (pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start))
        )
        .select("LA", "CHILD")
        .unique()
    )
    went_missing = (
        missing.filter(
            (pl.col("MISSING") == "M") & pl.col("MIS_START").is_between(start, end, closed="both")
        )
        .select("LA", "CHILD")
        .unique()
    )
    return (
        went_missing.join(in_care, on=["LA", "CHILD"], how="semi")
        .group_by("LA")
        .agg(pl.len().alias("numerator"))
    )
