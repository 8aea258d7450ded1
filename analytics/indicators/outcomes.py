"""Annual outcomes: health of children looked after a year (OC2) and care leavers' activity
and accommodation (OC3). For a D, the collection year is the latest ending on or before D."""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.ages import age_on
from analytics.ssda903.dataset import Return903

IN_EDUCATION_EMPLOYMENT_OR_TRAINING = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")
CHILD = ["LA", "CHILD"]


def collection_year(as_at: datetime.date) -> int:
    """The end year of the latest collection year ending on or before D."""
    return as_at.year if as_at >= datetime.date(as_at.year, 3, 31) else as_at.year - 1


def _in_year(first: datetime.date, last: datetime.date) -> pl.Expr:
    return (pl.col("DECOM") <= last) & (pl.col("DEC").is_null() | (pl.col("DEC") >= first))


def looked_after_all_year(
    episodes: pl.DataFrame, year: int, short_breaks: pl.DataFrame | None = None
) -> pl.DataFrame:
    """CLA12(Y): children whose episodes (short breaks dropped) cover every day from 1 April
    Y-1 to 31 March Y, and who had no short break in the year (INDICATORS.md 5.4). A same-day
    X1 link is continuous; an episode ending on 31 March counts as covering it, as the
    validator does. `episodes` sorted by child and start, as `stitched_episodes` leaves them."""
    first, last = datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31)
    in_year = episodes.filter(_in_year(first, last))
    if short_breaks is not None:
        had_breaks = short_breaks.filter(_in_year(first, last)).select(CHILD).unique()
        in_year = in_year.join(had_breaks, on=CHILD, how="anti")
    same_child = (pl.col("LA") == pl.col("LA").shift(1)) & (
        pl.col("CHILD") == pl.col("CHILD").shift(1)
    )
    gaps = in_year.with_columns(
        gap=(same_child & (pl.col("DECOM") > pl.col("DEC").shift(1))).fill_null(value=False)
    )
    return (
        gaps.group_by(CHILD)
        .agg(
            pl.col("DECOM").min().alias("from"),
            pl.col("DEC").last().alias("to"),
            pl.col("DEC").is_null().last().alias("open"),
            pl.col("gap").any().alias("gap"),
        )
        .filter(
            (pl.col("from") <= first) & ~pl.col("gap") & (pl.col("open") | (pl.col("to") >= last))
        )
        .select(CHILD)
    )


def oc2_share(data: Return903, year: int, flag: str) -> pl.DataFrame:
    """Of CLA12(Y), those whose year-Y OC2 row has `flag` = 1. A child with no OC2 row stays in
    the denominator (validation reports the missing row); OC2 rows of children outside CLA12(Y)
    are ignored (INDICATORS.md 4.2, Choice)."""
    cohort = looked_after_all_year(data.episodes, year, data.short_breaks)
    rows = data.oc2.filter(pl.col("YEAR") == year).select(*CHILD, flag).unique(CHILD, keep="last")
    return (
        cohort.join(rows, on=CHILD, how="left")
        .group_by("LA")
        .agg((pl.col(flag) == "1").sum().alias("numerator"), pl.len().alias("denominator"))
    )


def oc2_sdq_mean(data: Return903, year: int) -> pl.DataFrame:
    """oc2_sdq_mean: mean SDQ score of CLA12(Y) aged 5 to 16 at 31 March Y who have a score.
    Numerator: the sum of the scores; denominator: how many scores (4.1's shape for a mean)."""
    cohort = looked_after_all_year(data.episodes, year, data.short_breaks)
    march = datetime.date(year, 3, 31)
    scored = (
        data.oc2.filter(pl.col("YEAR") == year)
        .join(cohort, on=CHILD, how="semi")
        .with_columns(
            age=age_on(pl.col("DOB"), march),
            score=pl.col("SDQ_SCORE").cast(pl.Int64, strict=False),
        )
        .filter(pl.col("age").is_between(5, 16) & pl.col("score").is_between(0, 40))
    )
    return scored.group_by("LA").agg(
        pl.col("score").sum().alias("numerator"), pl.len().alias("denominator")
    )


def care_leavers_19_21(oc3: pl.DataFrame, year: int) -> pl.DataFrame:
    """Year Y's OC3 rows for care leavers whose 19th, 20th or 21st birthday fell in year Y (so
    aged 19 to 21 on 31 March Y), whatever they said about being in touch: NO, REFU, NREQ, RHOM
    and DIED stay in the denominator (INDICATORS.md 4.2, Choice)."""
    age = age_on(pl.col("DOB"), datetime.date(year, 3, 31))
    return oc3.filter((pl.col("YEAR") == year) & age.is_between(19, 21))


def care_leavers_eet_19_21(oc3: pl.DataFrame, year: int) -> pl.DataFrame:
    """care_leavers_eet_19_21: of the 19 to 21 cohort, those in education, employment or
    training (ACTIV F1-F5, P1-P5)."""
    return (
        care_leavers_19_21(oc3, year)
        .group_by("LA")
        .agg(
            pl.col("ACTIV").is_in(IN_EDUCATION_EMPLOYMENT_OR_TRAINING).sum().alias("numerator"),
            pl.len().alias("denominator"),
        )
    )


def care_leavers_suitable_accom_19_21(oc3: pl.DataFrame, year: int) -> pl.DataFrame:
    """care_leavers_suitable_accom_19_21: of the 19 to 21 cohort, those whose accommodation
    was suitable (ACCOM ending in 1)."""
    return (
        care_leavers_19_21(oc3, year)
        .group_by("LA")
        .agg(
            pl.col("ACCOM").str.ends_with("1").sum().alias("numerator"),
            pl.len().alias("denominator"),
        )
    )
