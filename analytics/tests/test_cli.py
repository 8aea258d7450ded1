"""pledge-903 from the command line, on the worked example."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from analytics.cli import main
from analytics.indicators.catalogue import CATALOGUE, CORE
from analytics.indicators.tests.test_worked_example import (
    EPISODES_2023,
    EPISODES_2024,
    write_return,
)
from analytics.ssda903.tests.test_xml import csv_to_xml
from analytics.synthetic import generate


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
    readings_per_date = sum(len(i.categories) or 1 for i in CATALOGUE)
    assert len(lines) == 1 + readings_per_date * 2
    assert "cla_age_band_mix:5_9,E08000099,2024-03-31,1,2,0.5" in lines  # A is 8
    assert "cla_age_band_mix:16_over,E08000099,2024-03-31,1,2,0.5" in lines  # C is 16


def test_only_the_core_indicators(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_return(tmp_path, {"2023": EPISODES_2023, "2024": EPISODES_2024})
    assert main(["indicators", str(root), "--as-at", "2024-03-31", "--core"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + len(CORE)


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


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    generate(root, authorities=2, years=2, last_year=2024, children=60, seed=5)
    return root


def test_validate_a_clean_return_exits_0(
    synthetic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(synthetic)]) == 0
    assert "0 errors and 0 warnings in 36 files." in capsys.readouterr().out


def test_validate_prints_each_problem_where_it_is_and_exits_1(
    synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "return"
    shutil.copytree(synthetic, root)
    episodes = root / "E06000001" / "2024" / "episodes.csv"
    lines = episodes.read_text().splitlines()
    cells = lines[1].split(",")
    cells[3] = "XX"  # LS
    lines[1] = ",".join(cells)
    episodes.write_text("\n".join(lines) + "\n")
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert str(episodes) in out
    assert f"error 144: line 2, child {cells[0]}, LS 'XX': LS is not one of the codes" in out

    assert main(["validate", str(root), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["files"] == 36
    assert report["summary"]["errors"] == len(report["issues"]) >= 1
    ls_issue = next(issue for issue in report["issues"] if issue["code"] == "144")
    assert ls_issue | {"message": ""} == {
        "code": "144",
        "severity": "error",
        "stage": "field",
        "table": "Episodes",
        "la": "E06000001",
        "year": 2024,
        "file": str(episodes),
        "row": 2,
        "child": cells[0],
        "column": "LS",
        "value": "XX",
        "message": "",
        "excludes": True,
    }


def test_combined_files_with_la_and_year_columns_give_the_same_indicators(
    synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A regional concatenation (liia-tools): one file per table, every authority and year."""
    dates = ["--as-at", "2024-03-31", "--as-at", "2023-09-30"]
    assert main(["indicators", str(synthetic), *dates]) == 0
    by_folder = capsys.readouterr().out
    combined = tmp_path / "combined"
    combined.mkdir()
    for table in ("header", "episodes", "missing", "oc2", "oc3", "uasc", "reviews"):
        frames = [
            pl.read_csv(path, infer_schema=False).with_columns(
                LA=pl.lit(path.parent.parent.name), YEAR=pl.lit(path.parent.name)
            )
            for path in sorted(synthetic.glob(f"*/*/{table}.csv"))
        ]
        pl.concat(frames).write_csv(combined / f"{table}_all.csv", null_value="")
    assert main(["indicators", str(combined), *dates]) == 0
    assert capsys.readouterr().out == by_folder


def test_an_xml_return_gives_the_same_indicators_as_its_csvs(
    synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = synthetic / "E06000001"
    assert main(["indicators", str(one), "--as-at", "2024-03-31"]) == 0
    from_csv = capsys.readouterr().out
    for year in ("2023", "2024"):
        folder = tmp_path / "E06000001" / year
        folder.mkdir(parents=True)
        (folder / "return.xml").write_text(csv_to_xml(one / year))
    assert main(["indicators", str(tmp_path / "E06000001"), "--as-at", "2024-03-31"]) == 0
    assert capsys.readouterr().out == from_csv


def test_csv_and_xml_together_are_refused(
    synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "E06000001"
    shutil.copytree(synthetic / "E06000001", root)
    (root / "2024" / "return.xml").write_text(csv_to_xml(root / "2024"))
    assert main(["validate", str(root)]) == 1
    assert "CSV files as well as XML: load one or the other" in capsys.readouterr().out
