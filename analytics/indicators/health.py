"""More annual outcomes: the rest of OC2 (children looked after a year) and OC3 at 17 to 21
(INDICATORS.md 4.2, 4.3). Cohorts as in outcomes.py: CLA12(Y) derived from the episodes, a
child with no OC2 row kept in the denominator; OC3 cohorts by the birthday in year Y."""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.ages import age_on
from analytics.indicators.outcomes import (
    IN_EDUCATION_EMPLOYMENT_OR_TRAINING,
    care_leavers_19_21,
    looked_after_all_year,
    oc2_share,
)
from analytics.ssda903.dataset import Return903

CHILD = ["LA", "CHILD"]
# SDQ bands (INDICATORS.md 4.2; the labels are unverified): lower bound, upper bound inclusive.
SDQ_BANDS = (("normal", 0, 13), ("borderline", 14, 16), ("concern", 17, 40))
OC2_ANSWERS = ("SDQ_SCORE", "HEALTH_CHECK", "CONVICTED", "SUBSTANCE_MISUSE")


def oc2_cohort(data: Return903, year: int) -> pl.DataFrame:
    """CLA12(Y), one row per child, with their year-Y OC2 answers (null without a row) and
    their age at 31 March Y. The date of birth is the OC2 row's, as `oc2_sdq_mean` takes it,
    else the Header's, so that a child with no OC2 row still has an age."""
    cohort = looked_after_all_year(data.episodes, year, data.short_breaks)
    rows = (
        data.oc2.filter(pl.col("YEAR") == year)
        .select(*CHILD, pl.col("DOB").alias("OC2_DOB"), *OC2_ANSWERS)
        .unique(CHILD, keep="last")
    )
    born = data.header.select(*CHILD, "DOB").unique(CHILD, keep="last")
    return (
        cohort.join(rows, on=CHILD, how="left")
        .join(born, on=CHILD, how="left")
        .with_columns(AGE=age_on(pl.coalesce("OC2_DOB", "DOB"), datetime.date(year, 3, 31)))
    )


def oc2_immunisations(data: Return903, year: int) -> pl.DataFrame:
    """oc2_immunisations: of CLA12(Y), those whose immunisations were up to date
    (IMMUNISATIONS = 1). (LA, numerator, denominator)"""
    return oc2_share(data, year, "IMMUNISATIONS")


def oc2_development_checks_under5(data: Return903, year: int) -> pl.DataFrame:
    """oc2_development_checks_under5: of CLA12(Y) aged under 5 at 31 March Y, those whose
    development assessments were up to date (HEALTH_CHECK = 1). (LA, numerator, denominator)"""
    return _share(oc2_cohort(data, year).filter(pl.col("AGE") < 5), pl.col("HEALTH_CHECK") == "1")


def oc2_substance_misuse(data: Return903, year: int) -> pl.DataFrame:
    """oc2_substance_misuse: of CLA12(Y), those identified as having a substance misuse problem
    in the year (SUBSTANCE_MISUSE = 1). (LA, numerator, denominator)"""
    return oc2_share(data, year, "SUBSTANCE_MISUSE")


def oc2_convicted(data: Return903, year: int) -> pl.DataFrame:
    """oc2_convicted: of CLA12(Y) aged 10 or over at 31 March Y, those convicted, or subject to
    a youth caution or youth conditional caution, in the year (CONVICTED = 1). (LA, numerator,
    denominator)"""
    return _share(oc2_cohort(data, year).filter(pl.col("AGE") >= 10), pl.col("CONVICTED") == "1")


def _sdq_score() -> pl.Expr:
    return pl.col("SDQ_SCORE").cast(pl.Int64, strict=False)


def _sdq_eligible(data: Return903, year: int) -> pl.DataFrame:
    """`oc2_sdq_mean`'s cohort before it needs a score: CLA12(Y) aged 5 to 16 at 31 March Y."""
    return oc2_cohort(data, year).filter(pl.col("AGE").is_between(5, 16))


def oc2_sdq_completed_share(data: Return903, year: int) -> pl.DataFrame:
    """oc2_sdq_completed_share: of CLA12(Y) aged 5 to 16 at 31 March Y (with or without an OC2
    row), those with an SDQ score from 0 to 40. The numerator is `oc2_sdq_mean`'s denominator.
    (LA, numerator, denominator)"""
    return _share(_sdq_eligible(data, year), _sdq_score().is_between(0, 40))


def oc2_sdq_band_mix(data: Return903, year: int) -> pl.DataFrame:
    """oc2_sdq_band_mix: the scores of `oc2_sdq_mean` by band: normal 0-13, borderline 14-16,
    concern 17-40. Every band for every authority with a score, a band with none as 0.
    (LA, category, numerator, denominator = how many scores)"""
    scored = (
        _sdq_eligible(data, year)
        .with_columns(score=_sdq_score())
        .filter(pl.col("score").is_between(0, 40))
    )
    band = pl.lit(None, dtype=pl.String)
    for name, low, high in reversed(SDQ_BANDS):
        band = pl.when(pl.col("score").is_between(low, high)).then(pl.lit(name)).otherwise(band)
    counts = scored.group_by("LA", band.alias("category")).agg(pl.len().alias("numerator"))
    totals = scored.group_by("LA").agg(pl.len().alias("denominator"))
    categories = pl.DataFrame({"category": [name for name, _, _ in SDQ_BANDS]}).with_row_index()
    return (
        totals.join(categories, how="cross")
        .join(counts, on=["LA", "category"], how="left")
        .sort("LA", "index")
        .select("LA", "category", pl.col("numerator").fill_null(0), "denominator")
    )


def care_leavers_in_touch_19_21(oc3: pl.DataFrame, year: int) -> pl.DataFrame:
    """care_leavers_in_touch_19_21: of year Y's OC3 rows with the 19th, 20th or 21st birthday in
    year Y (all of them, as `care_leavers_19_21`), those the authority was in touch with
    (IN_TOUCH = YES). (LA, numerator, denominator)"""
    return _share(care_leavers_19_21(oc3, year), _in_touch())


def care_leavers_17_18(oc3: pl.DataFrame, year: int) -> pl.DataFrame:
    """Year Y's OC3 rows for care leavers whose 17th or 18th birthday fell in year Y (so aged 17
    or 18 on 31 March Y), whatever they said about being in touch: the 19 to 21 cohort's rules
    (outcomes.care_leavers_19_21) at the younger ages."""
    age = age_on(pl.col("DOB"), datetime.date(year, 3, 31))
    return oc3.filter((pl.col("YEAR") == year) & age.is_between(17, 18))


def care_leavers_eet_17_18(oc3: pl.DataFrame, year: int) -> pl.DataFrame:
    """care_leavers_eet_17_18: of the 17 and 18 cohort, those in education, employment or
    training (ACTIV F1-F5, P1-P5). (LA, numerator, denominator)"""
    return _share(care_leavers_17_18(oc3, year), _in_eet())


def care_leavers_suitable_accom_17_18(oc3: pl.DataFrame, year: int) -> pl.DataFrame:
    """care_leavers_suitable_accom_17_18: of the 17 and 18 cohort, those whose accommodation
    was suitable (ACCOM ending in 1). (LA, numerator, denominator)"""
    return _share(care_leavers_17_18(oc3, year), pl.col("ACCOM").str.ends_with("1"))


def care_leavers_in_touch_17_18(oc3: pl.DataFrame, year: int) -> pl.DataFrame:
    """care_leavers_in_touch_17_18: of the 17 and 18 cohort, those the authority was in touch
    with (IN_TOUCH = YES). (LA, numerator, denominator)"""
    return _share(care_leavers_17_18(oc3, year), _in_touch())


def _in_eet() -> pl.Expr:
    return pl.col("ACTIV").is_in(IN_EDUCATION_EMPLOYMENT_OR_TRAINING)


def _in_touch() -> pl.Expr:
    return pl.col("IN_TOUCH") == "YES"


def _share(cohort: pl.DataFrame, counted: pl.Expr) -> pl.DataFrame:
    """Per authority, the cohort's rows meeting `counted` (null as not), of all of them."""
    return cohort.group_by("LA").agg(
        counted.fill_null(value=False).sum().alias("numerator"), pl.len().alias("denominator")
    )
