"""Episodes ready for indicators: typed, stitched across years, short breaks set aside.

INDICATORS.md 5.6: the same episode appears in each year it is open, so episodes are keyed on
(LA, CHILD, DECOM) and the latest year's version wins (it has the DEC an earlier year lacked).
Section 0: DfE's figures exclude children looked after under a series of short-term placements,
so `dataset.load` sets V3/V4 episodes aside before every indicator.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import polars as pl

DATE_FORMAT = "%d/%m/%Y"
SHORT_BREAKS = ("V3", "V4")
TEMPORARY = ("T0", "T1", "T2", "T3", "T4")


def parse_dates(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Text dates in DfE's dd/mm/yyyy as dates; anything else becomes null (validation reports
    it with its row before this runs)."""
    return frame.with_columns(
        pl.col(column).str.strptime(pl.Date, DATE_FORMAT, strict=False) for column in columns
    )


@dataclass(frozen=True)
class Coverage:
    """The dates an authority's loaded years cover: 1 April of the first to 31 March of the last."""

    start: datetime.date
    end: datetime.date

    def covers_period(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start <= start and end <= self.end


def coverage_by_la(episodes: pl.DataFrame) -> dict[str, Coverage]:
    years = episodes.group_by("LA").agg(
        pl.col("FIRST_YEAR").min().alias("first"), pl.col("LAST_YEAR").max().alias("last")
    )
    return {
        row["LA"]: Coverage(
            start=datetime.date(row["first"] - 1, 4, 1), end=datetime.date(row["last"], 3, 31)
        )
        for row in years.iter_rows(named=True)
    }


def stitched_episodes(raw: pl.DataFrame) -> pl.DataFrame:
    """One row per (LA, CHILD, DECOM), the latest year's, sorted by child and start date.

    `FIRST_YEAR` and `LAST_YEAR` hold the authority's loaded years (`coverage_by_la`), taken
    before stitching: an episode's winning row says only which year last held it.
    """
    episodes = parse_dates(raw, "DECOM", "DEC").with_columns(
        pl.col("YEAR").min().over("LA").alias("FIRST_YEAR"),
        pl.col("YEAR").max().over("LA").alias("LAST_YEAR"),
    )
    # One sort, then keep the last (latest year's) row of each (LA, CHILD, DECOM): cheaper at
    # national scale than a hash-based unique followed by the sort the indicators need anyway.
    key = ("LA", "CHILD", "DECOM")
    last_of_key = pl.any_horizontal(pl.col(k).ne_missing(pl.col(k).shift(-1)) for k in key)
    return episodes.filter(pl.col("DECOM").is_not_null()).sort(*key, "YEAR").filter(last_of_key)
