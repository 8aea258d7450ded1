"""OC2, OC3 and missing indicators on hand-made rows, each case checked by hand."""

from __future__ import annotations

import dataclasses
import datetime

import polars as pl

from analytics.indicators.ages import age_on
from analytics.indicators.missing import missing_children_count
from analytics.indicators.outcomes import (
    care_leavers_eet_19_21,
    care_leavers_suitable_accom_19_21,
    looked_after_all_year,
    oc2_sdq_mean,
    oc2_share,
)
from analytics.ssda903.dataset import Return903, empty_tables, prepare
from analytics.ssda903.episodes import parse_dates

YEAR = 2024
EPISODE_COLUMNS = ["CHILD", "DECOM", "DEC", "REC", "LS"]


def frame(rows: list[tuple[object, ...]], columns: list[str], *dates: str) -> pl.DataFrame:
    data = pl.DataFrame(rows, schema=columns, orient="row").with_columns(
        pl.lit("E1").alias("LA"), pl.lit(YEAR, dtype=pl.Int32).alias("YEAR")
    )
    return parse_dates(data, *dates).sort("LA", "CHILD", *(["DECOM"] if "DECOM" in columns else []))


EPISODES = frame(
    [
        ("all-year", "01/01/2020", "01/06/2023", "X1", "C2"),
        ("all-year", "01/06/2023", None, None, "C2"),  # same-day link: continuous
        ("gap", "01/01/2020", "01/06/2023", "E4A", "C2"),
        ("gap", "05/06/2023", None, None, "C2"),  # back after four days: not all year
        ("ends-31-march", "01/01/2022", "31/03/2024", "E4A", "C2"),  # covers 31 March: in
        ("late-start", "02/04/2023", None, None, "C2"),
        ("teen", "01/01/2019", None, None, "C2"),
    ],
    EPISODE_COLUMNS,
    "DECOM",
    "DEC",
)


def test_looked_after_all_year_needs_every_day_covered_and_no_short_break() -> None:
    cohort = looked_after_all_year(EPISODES, YEAR)
    assert sorted(cohort["CHILD"]) == ["all-year", "ends-31-march", "teen"]
    breaks = frame(
        [("teen", "01/08/2023", "03/08/2023", "E4A", "V3")], EPISODE_COLUMNS, "DECOM", "DEC"
    )
    cohort = looked_after_all_year(EPISODES, YEAR, breaks)
    assert sorted(cohort["CHILD"]) == ["all-year", "ends-31-march"]


def returned(oc2: pl.DataFrame) -> Return903:
    nothing = prepare(empty_tables())
    return dataclasses.replace(nothing, episodes=EPISODES, oc2=oc2)


def test_oc2_shares_count_the_cohort_with_or_without_a_row() -> None:
    oc2 = frame(
        [
            ("all-year", "01/01/2016", "12", "", "1", "1"),
            ("teen", "01/05/2008", None, "SDQ1", "0", "1"),
            ("late-start", "01/01/2010", "20", "", "1", "1"),  # not in the cohort: ignored
        ],
        ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "HEALTH_ASSESSMENT", "TEETH_CHECK"],
        "DOB",
    )
    # Cohort: all-year, ends-31-march (no OC2 row: stays in), teen.
    assert oc2_share(returned(oc2), YEAR, "HEALTH_ASSESSMENT").row(0, named=True) == {
        "LA": "E1",
        "numerator": 1,
        "denominator": 3,
    }
    assert oc2_share(returned(oc2), YEAR, "TEETH_CHECK")["numerator"].item() == 2
    # Only all-year (aged 8) has a score; teen is 15 but has none.
    assert oc2_sdq_mean(returned(oc2), YEAR).row(0, named=True) == {
        "LA": "E1",
        "numerator": 12,
        "denominator": 1,
    }


def test_care_leavers_19_to_21_by_birthday_in_the_year_all_answers_kept() -> None:
    oc3 = frame(
        [
            ("turned-19", "15/06/2004", "YES", "F2", "U1"),  # 19 on 15/06/2023
            ("turned-21", "31/03/2003", "YES", "G5", "B2"),  # 21 on 31/03/2024
            ("not-in-touch", "01/01/2004", "NO", "0", "0"),  # stays in the denominator
            ("turned-17", "10/10/2006", "YES", "F1", "U1"),  # 17: not this cohort
            ("turned-21-in-april", "01/04/2002", "YES", "F1", "U1"),  # 21 on 01/04/2023
        ],
        ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
        "DOB",
    )
    eet = care_leavers_eet_19_21(oc3, YEAR).row(0, named=True)
    assert (eet["numerator"], eet["denominator"]) == (2, 4)
    accom = care_leavers_suitable_accom_19_21(oc3, YEAR).row(0, named=True)
    assert (accom["numerator"], accom["denominator"]) == (2, 4)


def test_missing_children_are_those_in_care_in_the_year_missing_not_away() -> None:
    start, end = datetime.date(2023, 4, 1), datetime.date(2024, 3, 31)
    missing = frame(
        [
            ("all-year", "01/01/2016", "M", "01/05/2023", "02/05/2023"),
            ("all-year", "01/01/2016", "M", "01/06/2023", None),  # twice: counted once
            ("teen", "01/05/2008", "A", "01/07/2023", "01/07/2023"),  # away, not missing
            ("gap", "01/01/2012", "M", "01/03/2023", "02/03/2023"),  # before P
            ("stranger", "01/01/2012", "M", "01/05/2023", None),  # never in care
        ],
        ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
        "DOB",
        "MIS_START",
        "MIS_END",
    )
    found = missing_children_count(EPISODES, missing, start, end)
    assert found.row(0, named=True) == {"LA": "E1", "numerator": 1}


def test_ages_count_birthdays_with_29_february_on_28_february() -> None:
    born = pl.DataFrame({"DOB": [datetime.date(2008, 2, 29), datetime.date(2008, 3, 1)]})

    def ages(day: datetime.date) -> list[int]:
        return born.select(age_on(pl.col("DOB"), day))["literal"].to_list()

    assert ages(datetime.date(2023, 2, 28)) == [15, 14]
    assert ages(datetime.date(2023, 2, 27)) == [14, 14]
    assert ages(datetime.date(2024, 2, 28)) == [15, 15]
    assert ages(datetime.date(2024, 2, 29)) == [16, 15]
