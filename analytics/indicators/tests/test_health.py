"""OC2 and OC3 outcomes beyond the core ones, on hand-made rows, each checked by hand."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import polars as pl

from analytics.indicators.health import (
    care_leavers_17_18,
    care_leavers_eet_17_18,
    care_leavers_in_touch_17_18,
    care_leavers_in_touch_19_21,
    care_leavers_suitable_accom_17_18,
    oc2_convicted,
    oc2_development_checks_under5,
    oc2_immunisations,
    oc2_sdq_band_mix,
    oc2_sdq_completed_share,
    oc2_substance_misuse,
)
from analytics.indicators.outcomes import oc2_sdq_mean
from analytics.ssda903.dataset import Return903, empty_tables, prepare
from analytics.ssda903.episodes import parse_dates

YEAR = 2024  # 1 April 2023 to 31 March 2024; ages at 31 March 2024


def frame(rows: Sequence[tuple[object, ...]], columns: list[str], *dates: str) -> pl.DataFrame:
    data = pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String), orient="row")
    data = data.with_columns(pl.lit("E1").alias("LA"), pl.lit(YEAR, dtype=pl.Int32).alias("YEAR"))
    return parse_dates(data, *dates)


OC2_COLUMNS = [
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "SUBSTANCE_MISUSE",
    "CONVICTED",
]
# The OC2 rows: every child but `late-start` is looked after all year (CLA12); `no-row` is in
# CLA12 but has no OC2 row, so their age comes from the Header.
OC2 = [
    ("baby", "01/06/2022", None, "1", "1", None, None),  # 1
    ("five-on-31-march", "31/03/2019", "8", None, "1", None, None),  # 5 on 31 March: not under 5
    ("four", "01/04/2019", None, "0", "0", None, None),  # 5 on 1 April: still 4
    ("ten-on-31-march", "31/03/2014", "14", None, "1", "0", "1"),  # 10
    ("nine", "01/04/2014", "13", None, "0", "0", "1"),  # 9: a conviction flag not counted
    ("sixteen", "01/01/2008", "17", None, "1", "1", "0"),
    ("seventeen", "01/01/2007", "30", None, "1", "0", "1"),  # too old for the SDQ
    ("no-score", "01/01/2012", None, None, "1", "0", "0"),  # 12
    ("bad-score", "01/01/2012", "41", None, "0", "0", "0"),  # 12, score out of range
    ("late-start", "01/01/2010", "20", None, "1", "1", "1"),  # not CLA12: ignored
]
CHILDREN = [row[0] for row in OC2] + ["no-row"]


def returned(oc2_rows: Sequence[tuple[object, ...]] = OC2) -> Return903:
    episodes = frame(
        [
            (child, "02/04/2023" if child == "late-start" else "01/01/2020", None)
            for child in CHILDREN
        ],
        ["CHILD", "DECOM", "DEC"],
        "DECOM",
        "DEC",
    ).sort("LA", "CHILD", "DECOM")
    header = frame(
        [(row[0], row[1]) for row in OC2] + [("no-row", "01/01/2021")], ["CHILD", "DOB"], "DOB"
    )
    oc2 = frame(oc2_rows, OC2_COLUMNS, "DOB")
    nothing = prepare(empty_tables())
    return dataclasses.replace(nothing, episodes=episodes, header=header, oc2=oc2)


def share(found: pl.DataFrame) -> tuple[int, int]:
    row = found.row(0, named=True)
    return row["numerator"], row["denominator"]


def test_immunisations_and_substance_misuse_are_of_all_cla12() -> None:
    # CLA12: the ten with OC2 rows but late-start, and no-row (no row: stays in, not counted).
    # Immunisations: baby, five-on-31-march, ten-on-31-march, sixteen, seventeen, no-score.
    assert share(oc2_immunisations(returned(), YEAR)) == (6, 10)
    assert share(oc2_substance_misuse(returned(), YEAR)) == (1, 10)  # sixteen


def test_development_checks_are_of_the_under_fives_at_31_march() -> None:
    # Under 5: baby (checked), four (not), no-row (aged 3 by the Header: no answer).
    assert share(oc2_development_checks_under5(returned(), YEAR)) == (1, 3)


def test_convictions_are_of_those_aged_10_or_over_at_31_march() -> None:
    # 10 or over: ten-on-31-march and seventeen (convicted); sixteen, no-score, bad-score.
    assert share(oc2_convicted(returned(), YEAR)) == (2, 5)


def test_sdq_completed_share_is_scored_of_those_aged_5_to_16() -> None:
    # Eligible: five-on-31-march, ten-on-31-march, nine, sixteen, no-score, bad-score.
    # Scored: the first four. The numerator is oc2_sdq_mean's denominator.
    assert share(oc2_sdq_completed_share(returned(), YEAR)) == (4, 6)
    assert share(oc2_sdq_mean(returned(), YEAR)) == (8 + 14 + 13 + 17, 4)


def test_sdq_bands_split_at_13_and_16() -> None:
    mix = oc2_sdq_band_mix(returned(), YEAR)
    assert mix.rows() == [
        ("E1", "normal", 2, 4),  # 8, 13
        ("E1", "borderline", 1, 4),  # 14
        ("E1", "concern", 1, 4),  # 17
    ]


def test_sdq_bands_list_every_band_even_when_empty() -> None:
    only_one = [row for row in OC2 if row[0] == "five-on-31-march"]
    mix = oc2_sdq_band_mix(returned(only_one), YEAR)
    assert mix.rows() == [
        ("E1", "normal", 1, 1),
        ("E1", "borderline", 0, 1),
        ("E1", "concern", 0, 1),
    ]


def test_no_score_gives_no_band_rows() -> None:
    unscored = [row for row in OC2 if row[0] == "no-score"]
    assert oc2_sdq_band_mix(returned(unscored), YEAR).is_empty()
    assert share(oc2_sdq_completed_share(returned(unscored), YEAR)) == (0, 6)


OC3 = frame(
    [
        ("turned-17", "10/10/2006", "YES", "F1", "U1"),  # 17 on 10/10/2023
        ("turned-18-on-31-march", "31/03/2006", "YES", "G5", "B2"),
        ("refused", "01/01/2006", "REFU", "0", "0"),  # 18: stays in the denominator
        ("turned-17-in-april", "01/04/2007", "YES", "F1", "U1"),  # 17 on 01/04/2024: next year
        ("turned-19", "15/06/2004", "NO", "0", "0"),
        ("turned-20", "01/12/2003", "DIED", "0", "0"),
        ("turned-21-on-31-march", "31/03/2003", "YES", "F4", "U1"),
    ],
    ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "DOB",
)


def test_care_leavers_17_18_by_birthday_in_the_year() -> None:
    last_year = OC3.head(1).with_columns(pl.lit(YEAR - 1, dtype=pl.Int32).alias("YEAR"))
    cohort = care_leavers_17_18(pl.concat([OC3, last_year]), YEAR)
    assert sorted(cohort["CHILD"]) == ["refused", "turned-17", "turned-18-on-31-march"]


def test_care_leavers_17_18_shares() -> None:
    assert share(care_leavers_eet_17_18(OC3, YEAR)) == (1, 3)  # turned-17: F1
    assert share(care_leavers_suitable_accom_17_18(OC3, YEAR)) == (1, 3)  # turned-17: U1
    assert share(care_leavers_in_touch_17_18(OC3, YEAR)) == (2, 3)  # not refused


def test_care_leavers_in_touch_19_21_keeps_those_not_in_touch_in_the_base() -> None:
    # turned-19 (NO), turned-20 (DIED), turned-21-on-31-march (YES).
    assert share(care_leavers_in_touch_19_21(OC3, YEAR)) == (1, 3)
