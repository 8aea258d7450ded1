"""Periods of care (INDICATORS.md 5.2) on hand-made histories, each start checked by hand."""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.periods import current_periods, period_starts
from analytics.ssda903.episodes import parse_dates

D = datetime.date
COLUMNS = ["LA", "CHILD", "DECOM", "RNE", "CIN", "DEC", "REC"]
ROWS = [
    # A: one period of three episodes linked by X1 on the same day, then a second period.
    ("E1", "A", "01/01/2022", "S", "N1", "01/03/2022", "X1"),
    ("E1", "A", "01/03/2022", "P", "N4", "01/06/2022", "X1"),
    ("E1", "A", "01/06/2022", "L", "N5", "01/09/2022", "E4A"),  # went home
    ("E1", "A", "01/11/2022", "S", "N2", "01/12/2022", "X1"),
    ("E1", "A", "01/12/2022", "P", "N2", None, None),
    # B: X1, but the next episode starts a day later: not linked, a new period.
    ("E1", "B", "01/01/2023", "S", "N3", "01/02/2023", "X1"),
    ("E1", "B", "02/02/2023", "P", "N3", None, None),
    # C: a short break (V3) was dropped before it, so its first remaining episode is a P: that
    # starts a period (Choice), and so does the P after a gap left by another dropped break.
    ("E1", "C", "10/05/2023", "P", "N2", "20/05/2023", "X1"),
    ("E1", "C", "25/05/2023", "P", "N2", None, None),
    # D: RNE S straight after an X1 on the same day (rules 431, 432 reject it): S starts one.
    ("E1", "D", "01/01/2023", "S", "N8", "01/02/2023", "X1"),
    ("E1", "D", "01/02/2023", "S", "N7", None, None),
    # The same child id in another authority: another child, with its own period.
    ("E2", "A", "01/12/2022", "P", "N6", None, None),
]


def episodes() -> pl.DataFrame:
    frame = pl.DataFrame(ROWS, schema=COLUMNS, orient="row")
    return parse_dates(frame, "DECOM", "DEC").sort("LA", "CHILD", "DECOM")


def test_a_period_runs_over_same_day_x1_links_and_starts_again_otherwise() -> None:
    framed = period_starts(episodes(), carry=("CIN",))
    assert framed["STARTS_PERIOD"].to_list() == [
        True, False, False, True, False,  # A
        True, True,  # B
        True, True,  # C
        True, True,  # D
        True,  # E2's A
    ]  # fmt: skip
    assert framed["PERIOD_START"].to_list() == [
        D(2022, 1, 1), D(2022, 1, 1), D(2022, 1, 1), D(2022, 11, 1), D(2022, 11, 1),
        D(2023, 1, 1), D(2023, 2, 2),
        D(2023, 5, 10), D(2023, 5, 25),
        D(2023, 1, 1), D(2023, 2, 1),
        D(2022, 12, 1),
    ]  # fmt: skip
    # The category of need is the period's first episode's, whatever later episodes say.
    assert framed["PERIOD_CIN"].to_list() == [
        "N1", "N1", "N1", "N2", "N2", "N3", "N3", "N2", "N2", "N8", "N7", "N6",
    ]  # fmt: skip


def test_a_link_never_runs_into_the_next_child_or_authority() -> None:
    # Each row ends with X1 on the day the next row starts, but the next row is another child
    # (another authority's "A", then another child in that authority): three periods.
    rows = [
        ("E1", "A", "01/11/2022", "S", "N1", "01/12/2022", "X1"),
        ("E2", "A", "01/12/2022", "P", "N2", "01/01/2023", "X1"),
        ("E2", "B", "01/01/2023", "P", "N3", None, None),
    ]
    frame = parse_dates(pl.DataFrame(rows, schema=COLUMNS, orient="row"), "DECOM", "DEC")
    framed = period_starts(frame)
    assert framed["STARTS_PERIOD"].to_list() == [True, True, True]
    assert framed["PERIOD_START"].to_list() == [D(2022, 11, 1), D(2022, 12, 1), D(2023, 1, 1)]


def test_current_periods_give_the_open_episode_and_its_period_start() -> None:
    current = current_periods(episodes(), D(2023, 3, 31), carry=("CIN",)).sort("LA", "CHILD")
    assert current.select("LA", "CHILD", "DECOM", "PERIOD_START", "PERIOD_CIN").rows() == [
        ("E1", "A", D(2022, 12, 1), D(2022, 11, 1), "N2"),
        ("E1", "B", D(2023, 2, 2), D(2023, 2, 2), "N3"),
        ("E1", "D", D(2023, 2, 1), D(2023, 2, 1), "N7"),
        ("E2", "A", D(2022, 12, 1), D(2022, 12, 1), "N6"),
    ]
    # A child whose episode ends on D is not looked after at D (5.1).
    assert current_periods(episodes(), D(2022, 9, 1)).select("CHILD").rows() == []


def test_current_periods_reuse_columns_already_added() -> None:
    framed = period_starts(episodes()).with_columns(PERIOD_START=pl.lit(D(2000, 1, 1)))
    current = current_periods(framed, D(2023, 3, 31))
    assert set(current["PERIOD_START"]) == {D(2000, 1, 1)}
