"""pledge-903 from the command line, on the worked example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analytics.cli import main
from analytics.indicators.catalogue import CORE
from analytics.indicators.tests.test_worked_example import (
    EPISODES_2023,
    EPISODES_2024,
    write_return,
)


def test_indicators_as_csv_for_two_month_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_return(tmp_path, {"2023": EPISODES_2023, "2024": EPISODES_2024})
    assert main(["indicators", str(root), "--as-at", "2024-03-31", "--as-at", "2023-09-30"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "indicator,la,period_end,numerator,denominator,value"
    assert "cla_count,E08000099,2024-03-31,2,,2" in lines
    assert "placement_stability_3plus,E08000099,2024-03-31,1,2,0.5" in lines
    assert "starts_in_year,E08000099,2023-09-30,3,,3" in lines
    assert len(lines) == 1 + len(CORE) * 2


def test_indicators_as_json_say_when_a_window_is_incomplete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_return(tmp_path, {"2024": EPISODES_2024})
    main(["indicators", str(root), "--as-at", "2023-09-30", "--format", "json"])
    starts = next(
        r for r in json.loads(capsys.readouterr().out) if r["indicator"] == "starts_in_year"
    )
    assert starts["status"] == "incomplete_window"
    assert starts["value"] is None


def test_a_path_with_nothing_usable_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.csv").write_text("Name,Age\nA,1\n")
    assert main(["indicators", str(tmp_path), "--as-at", "2024-03-31"]) == 2
    err = capsys.readouterr().err
    assert "do not match any SSDA903 table" in err
    assert "No episodes file" in err


def test_a_bad_date_is_refused_by_the_argument_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["indicators", ".", "--as-at", "31/03/2024"])
    assert "not a date like 2024-03-31" in capsys.readouterr().err


def test_a_year_before_the_specs_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_return(tmp_path, {"2024": EPISODES_2024})
    old = tmp_path / "E08000099" / "2015"
    old.mkdir()
    (old / "episodes.csv").write_text(EPISODES_2023)
    assert main(["indicators", str(root), "--as-at", "2024-03-31"]) == 0
    assert "no SSDA903 specification for 2014-15" in capsys.readouterr().err


def test_rates_with_a_population_file_in_either_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_return(tmp_path / "return", {"2023": EPISODES_2023, "2024": EPISODES_2024})
    simple = tmp_path / "population.csv"
    simple.write_text('la_code,la_name,year,population_0_17\nE08000099,Fictional,2023,"40,000"\n')
    assert (
        main(["indicators", str(root), "--as-at", "2024-03-31", "--population", str(simple)]) == 0
    )
    assert "cla_rate_per_10k,E08000099,2024-03-31,2,40000,0.5" in capsys.readouterr().out


def test_a_file_that_is_not_a_population_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_return(tmp_path / "return", {"2024": EPISODES_2024})
    wrong = tmp_path / "people.csv"
    wrong.write_text("name,age\nA,1\n")
    main(["indicators", str(root), "--as-at", "2024-03-31", "--population", str(wrong)])
    captured = capsys.readouterr()
    assert "it is not a population file" in captured.err
    assert "cla_rate_per_10k,E08000099,2024-03-31,,," in captured.out
