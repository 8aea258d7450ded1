"""The synthetic return: seeded, recognised by the reader, and internally consistent."""

from __future__ import annotations

import filecmp
from pathlib import Path

import polars as pl

from analytics.ssda903.episodes import parse_dates
from analytics.ssda903.read import discover, read_table
from analytics.synthetic import COLUMNS, generate


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", authorities=2, years=2, children=80, seed=7)
    second = generate(tmp_path / "b", authorities=2, years=2, children=80, seed=7)
    for one, other in zip(first, second, strict=True):
        for year in ("2023", "2024"):
            _same, mismatch, errors = filecmp.cmpfiles(
                one / year, other / year, [f"{t}.csv" for t in COLUMNS], shallow=False
            )
            assert (mismatch, errors) == ([], [])


def test_every_file_is_recognised_as_its_table(tmp_path: Path) -> None:
    generate(tmp_path, authorities=1, years=2, children=80)
    found = discover([tmp_path])
    assert found.problems == []
    assert sorted({(f.table.key, f.year) for f in found.files}) == sorted(
        (table, year) for table in COLUMNS for year in (2023, 2024)
    )
    assert {f.la for f in found.files} == {"E06000001"}


def test_episodes_follow_each_other_without_overlapping(tmp_path: Path) -> None:
    generate(tmp_path, authorities=1, years=3, children=150)
    found = discover([tmp_path])
    episodes = parse_dates(
        read_table(f for f in found.files if f.table.key == "episodes"), "DECOM", "DEC"
    )
    latest = episodes.sort("YEAR").unique(["CHILD", "DECOM"], keep="last").sort("CHILD", "DECOM")
    checked = latest.with_columns(
        next_start=pl.col("DECOM").shift(-1).over("CHILD"),
    )
    assert checked.filter(pl.col("DEC") < pl.col("DECOM")).is_empty()
    assert checked.filter(pl.col("next_start") < pl.col("DEC")).is_empty()
    # An episode that ended with X1 is followed the same day by the next.
    linked = checked.filter(pl.col("REC") == "X1")
    assert linked.filter(pl.col("next_start") != pl.col("DEC")).is_empty()
    assert set(latest["RNE"].unique()) >= {"S", "P", "L", "B"}
