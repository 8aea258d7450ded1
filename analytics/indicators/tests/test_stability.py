"""Counting placements (INDICATORS.md 5.3): each rule on a hand-made history."""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.periods import period_starts
from analytics.indicators.stability import (
    months_before,
    placement_stability_long_term,
    placement_starts,
    with_placement_context,
    with_placement_start,
)
from analytics.ssda903.episodes import parse_dates

START, END = datetime.date(2023, 4, 1), datetime.date(2024, 3, 31)
COLUMNS = ["CHILD", "DECOM", "RNE", "LS", "PLACE", "URN", "PL_POST", "DEC", "REC"]
ROWS = [
    # X: eight episodes, three placements.
    ("X", "01/01/2023", "S", "C2", "U4", "1", "NF1", "01/06/2023", "X1"),  # open on P's first day
    ("X", "01/06/2023", "P", "C2", "T2", None, None, "10/06/2023", "X1"),  # temporary: no
    ("X", "10/06/2023", "P", "C2", "U4", "1", "NF1", "01/09/2023", "X1"),  # the return: no
    ("X", "01/09/2023", "P", "C2", "U4", "1", "NF1", "01/10/2023", "X1"),  # same as before: no
    ("X", "01/10/2023", "L", "E1", "U4", "1", "NF1", "01/11/2023", "X1"),  # legal status: no
    ("X", "01/11/2023", "T", "E1", "U5", "1", "NF1", "01/12/2023", "X1"),  # same carer: no
    ("X", "01/12/2023", "P", "C2", "K2", "2", "NF2", "01/02/2024", "X1"),  # a move: yes
    ("X", "01/02/2024", "B", "C2", "U6", "3", "NF3", None, None),  # a new carer: yes
    # Y: left the first placement on P's first day, so it is not in P.
    ("Y", "15/03/2023", "S", "C1", "U6", "4", "NF4", "01/04/2023", "X1"),
    ("Y", "01/04/2023", "P", "C1", "U4", "5", "NF5", "01/05/2023", "X1"),  # yes
    ("Y", "01/05/2023", "P", "C1", "T1", None, None, "05/05/2023", "X1"),  # temporary: no
    ("Y", "05/05/2023", "P", "C1", "K2", "6", "NF6", None, None),  # not a return: yes
]


def counted() -> dict[str, list[bool]]:
    frame = pl.DataFrame(ROWS, schema=COLUMNS, orient="row").with_columns(pl.lit("E1").alias("LA"))
    episodes = with_placement_context(
        parse_dates(frame, "DECOM", "DEC").sort("LA", "CHILD", "DECOM")
    )
    placed = placement_starts(episodes, START, END)
    return {
        child: placed.filter(pl.col("CHILD") == child)["NEW_PLACEMENT"].to_list()
        for child in ("X", "Y")
    }


def test_each_placement_rule_decides_as_written() -> None:
    assert counted() == {
        "X": [True, False, False, False, False, False, True, True],
        "Y": [True, False, True],
    }


# Long-term stability at D = 31/03/2024: the cohort started care on or before 30/09/2021 and is
# under 16; the numerator has been with the same carer since 31/03/2022 or earlier.
LONG_TERM = [
    # settled: one carer since 2020, a legal status change and a temporary stay in between.
    ("settled", "01/01/2020", "S", "C1", "U4", "1", "NF1", "01/02/2021", "X1"),
    ("settled", "01/02/2021", "L", "C2", "U4", "1", "NF1", "01/03/2023", "X1"),
    ("settled", "01/03/2023", "P", "C2", "T2", None, None, "10/03/2023", "X1"),
    ("settled", "10/03/2023", "P", "C2", "U4", "1", "NF1", None, None),
    # moved: in care since 2020, with a new carer since 01/04/2022 (under 2 years).
    ("moved", "01/01/2020", "S", "C2", "U4", "2", "NF2", "01/04/2022", "X1"),
    ("moved", "01/04/2022", "P", "C2", "U6", "3", "NF3", None, None),
    # adopting: placed for adoption in 2023, with the foster carer before since 2021: 2+ years.
    ("adopting", "01/06/2021", "S", "C2", "U4", "4", "NF4", "01/01/2023", "X1"),
    ("adopting", "01/01/2023", "B", "E1", "A6", "5", "NF5", None, None),
    # recent: care started 01/12/2021, after the 30-month cut-off: not in the cohort.
    ("recent", "01/12/2021", "S", "C2", "U4", "6", "NF6", None, None),
    # older: 16 at D, not in the cohort.
    ("older", "01/01/2018", "S", "C2", "U4", "7", "NF7", None, None),
    # returned: a new period of care from 2023 (the 2019 one ended): not in the cohort.
    ("returned", "01/01/2019", "S", "C2", "U4", "8", "NF8", "01/01/2023", "E4A"),
    ("returned", "01/06/2023", "S", "C2", "U4", "8", "NF8", None, None),
]


def test_long_term_stability_counts_the_same_carer_for_two_years_or_an_adoption() -> None:
    frame = pl.DataFrame(LONG_TERM, schema=COLUMNS, orient="row").with_columns(LA=pl.lit("E1"))
    episodes = with_placement_start(
        period_starts(
            with_placement_context(parse_dates(frame, "DECOM", "DEC").sort("LA", "CHILD", "DECOM"))
        )
    )
    header = pl.DataFrame(
        {
            "LA": "E1",
            "CHILD": ["settled", "moved", "adopting", "recent", "older", "returned"],
            "DOB": [datetime.date(2012, 5, 1)] * 4
            + [datetime.date(2008, 3, 31), datetime.date(2012, 5, 1)],
        }
    )
    result = placement_stability_long_term(episodes, header, END)
    assert result.row(0, named=True) == {"LA": "E1", "numerator": 2, "denominator": 3}


def test_months_before_keeps_the_day_or_the_months_last() -> None:
    assert months_before(datetime.date(2024, 3, 31), 30) == datetime.date(2021, 9, 30)
    assert months_before(datetime.date(2024, 8, 31), 6) == datetime.date(2024, 2, 29)
