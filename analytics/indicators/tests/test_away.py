"""Missing and away from care on hand-made children, each count checked by hand."""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.away import (
    away_children_count,
    away_incidents_count,
    looked_after_during,
    missing_at_date_count,
    missing_incidents_count,
    missing_incidents_per_missing_child,
    missing_share_of_cla_during_year,
)
from analytics.indicators.missing import missing_children_count
from analytics.ssda903.episodes import parse_dates

START, END = datetime.date(2023, 4, 1), datetime.date(2024, 3, 31)


def frame(rows: list[tuple[object, ...]], columns: list[str], *dates: str) -> pl.DataFrame:
    """Rows of authority E1 unless the row starts with its own LA."""
    data = pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String), orient="row")
    if "LA" not in columns:
        data = data.with_columns(pl.lit("E1").alias("LA"))
    return parse_dates(data, *dates)


def episodes(*rows: tuple[str, str, str | None]) -> pl.DataFrame:
    return frame(list(rows), ["CHILD", "DECOM", "DEC"], "DECOM", "DEC").sort("LA", "CHILD")


def missing(*rows: tuple[str, str, str, str | None]) -> pl.DataFrame:
    columns = ["CHILD", "MISSING", "MIS_START", "MIS_END"]
    return frame(list(rows), columns, "MIS_START", "MIS_END")


IN_CARE = episodes(
    ("all-year", "01/01/2020", None),
    ("left-on-first-day", "01/01/2020", "01/04/2023"),  # looked after part of 01/04/2023: in
    ("came-on-last-day", "31/03/2024", None),
    ("left-before", "01/01/2020", "31/03/2023"),  # not looked after in P
)
MISSING = missing(
    ("all-year", "M", "01/05/2023", "02/05/2023"),
    ("all-year", "M", "01/06/2023", None),  # still missing: counted by its start
    ("all-year", "M", "15/03/2023", "16/03/2023"),  # began before P
    ("all-year", "A", "10/07/2023", "10/07/2023"),
    ("all-year", "A", "20/08/2023", "21/08/2023"),
    ("left-on-first-day", "M", "01/04/2023", "01/04/2023"),
    ("came-on-last-day", "A", "31/03/2024", None),
    ("left-before", "M", "01/05/2023", None),  # after care ended: not counted
    ("stranger", "M", "01/05/2023", None),  # never looked after
)


def counted(found: pl.DataFrame) -> dict[str, tuple[int, ...]]:
    return {
        row["LA"]: tuple(row[c] for c in ("numerator", "denominator") if c in row)
        for row in found.to_dicts()
    }


def test_the_cohort_is_looked_after_on_at_least_one_day_of_the_year() -> None:
    cohort = looked_after_during(IN_CARE, START, END)
    assert sorted(cohort["CHILD"]) == ["all-year", "came-on-last-day", "left-on-first-day"]


def test_missing_incidents_count_every_m_row_starting_in_the_year() -> None:
    # all-year: 01/05 and 01/06 (not the March one, nor the A rows); left-on-first-day: 01/04.
    assert counted(missing_incidents_count(IN_CARE, MISSING, START, END)) == {"E1": (3,)}


def test_away_counts_a_rows_children_once_incidents_each() -> None:
    assert counted(away_children_count(IN_CARE, MISSING, START, END)) == {"E1": (2,)}
    # all-year twice, came-on-last-day once (starting on the last day of P).
    assert counted(away_incidents_count(IN_CARE, MISSING, START, END)) == {"E1": (3,)}


def test_missing_share_is_missing_children_of_those_looked_after_in_the_year() -> None:
    # Missing: all-year, left-on-first-day; looked after: those and came-on-last-day.
    assert counted(missing_share_of_cla_during_year(IN_CARE, MISSING, START, END)) == {"E1": (2, 3)}
    same = missing_children_count(IN_CARE, MISSING, START, END)
    assert same["numerator"].to_list() == [2]


def test_an_authority_with_no_one_missing_has_a_zero_share() -> None:
    nobody = MISSING.filter(pl.col("MISSING") == "A")
    assert counted(missing_share_of_cla_during_year(IN_CARE, nobody, START, END)) == {"E1": (0, 3)}
    assert missing_incidents_per_missing_child(IN_CARE, nobody, START, END).is_empty()


def test_incidents_per_missing_child_is_incidents_over_children() -> None:
    assert counted(missing_incidents_per_missing_child(IN_CARE, MISSING, START, END)) == {
        "E1": (3, 2)
    }


def test_authorities_are_counted_apart() -> None:
    elsewhere = frame(
        [("E2", "all-year", "01/01/2020", None)], ["LA", "CHILD", "DECOM", "DEC"], "DECOM", "DEC"
    )
    two = pl.concat([IN_CARE, elsewhere.select(IN_CARE.columns)])
    # E2's child has the same identifier but no missing rows: keyed on (LA, CHILD).
    assert counted(missing_share_of_cla_during_year(two, MISSING, START, END)) == {
        "E1": (2, 3),
        "E2": (0, 1),
    }


AT_DATE = episodes(
    ("open", "01/01/2020", None),
    ("found-on-d", "01/01/2020", None),
    ("found-after-d", "01/01/2020", None),
    ("goes-after-d", "01/01/2020", None),
    ("away", "01/01/2020", None),
    ("left-on-d", "01/01/2020", "31/03/2024"),  # not looked after at D (5.1)
)
MISSING_AT_DATE = missing(
    ("open", "M", "01/02/2024", None),
    ("open", "M", "01/03/2024", None),  # twice open: counted once
    ("found-on-d", "M", "01/03/2024", "31/03/2024"),  # found on D: not missing at D
    ("found-after-d", "M", "30/03/2024", "01/04/2024"),
    ("goes-after-d", "M", "01/04/2024", None),
    ("away", "A", "01/03/2024", None),
    ("left-on-d", "M", "01/03/2024", None),
    ("stranger", "M", "01/03/2024", None),
)


def test_missing_at_date_counts_children_with_an_m_row_open_at_the_end_of_d() -> None:
    found = missing_at_date_count(AT_DATE, MISSING_AT_DATE, END)
    assert counted(found) == {"E1": (2,)}  # open, found-after-d


def test_a_missing_row_starting_on_d_is_open_at_d() -> None:
    day = datetime.date(2024, 3, 30)
    # open (from 01/02), found-on-d (not found yet), found-after-d (from 30/03), left-on-d
    # (still looked after on 30/03).
    assert counted(missing_at_date_count(AT_DATE, MISSING_AT_DATE, day)) == {"E1": (4,)}
