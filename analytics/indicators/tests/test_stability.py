"""Counting placements (INDICATORS.md 5.3): each rule on a hand-made history."""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.stability import placement_starts, with_placement_context
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
