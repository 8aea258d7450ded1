"""A run split into parts by authority gives what one pass gives."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from analytics import run
from analytics.ssda903.read import discover
from analytics.synthetic import generate


def test_parts_of_a_run_give_the_same_readings_and_issues_as_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path, authorities=3, years=2, last_year=2024, children=60, seed=2)
    episodes = tmp_path / "E06000001" / "2024" / "episodes.csv"
    episodes.write_text(episodes.read_text().replace(",V2,", ",XX,", 1))
    dates = [datetime.date(2024, 3, 31), datetime.date(2023, 9, 30)]
    whole = run.indicators_for_paths([tmp_path], dates)
    monkeypatch.setattr(run, "SHARD", 1)
    assert len(list(run.shards(discover([tmp_path])))) == 3
    parts = run.indicators_for_paths([tmp_path], dates)
    assert parts.readings == whole.readings
    assert parts.report.issues.equals(whole.report.issues)
    assert parts.report.errors >= 1
    assert parts.left_out == whole.left_out == {"episodes": 1}


def test_every_month_end_covered_when_no_date_is_given(tmp_path: Path) -> None:
    generate(tmp_path, children=60, years=2, last_year=2025)
    result = run.indicators_for_paths([tmp_path], ())
    dates = sorted({reading.as_at for reading in result.readings})
    assert dates[0] == datetime.date(2023, 4, 30)
    assert dates[-1] == datetime.date(2025, 3, 31)
    assert len(dates) == 24
