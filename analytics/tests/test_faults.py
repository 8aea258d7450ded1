"""A return broken in the ways files really break is reported by file and line, and nothing the
engine says about it (problems, failures, tracebacks) quotes a child's row."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from analytics import run
from analytics.faults import described, scrubbed_traceback
from analytics.ssda903.read import FileProblem, UnreadableFileError, discover, read_table
from analytics.synthetic import generate


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("903")
    generate(root, authorities=1, years=1, last_year=2024, children=40, seed=5)
    return root / "E06000001" / "2024"


def _identifiers(folder: Path) -> set[str]:
    header = pl.read_csv(folder / "header.csv", infer_schema=False)
    return set(header["CHILD"]) | set(header["DOB"])


def _stray_quote(folder: Path, tmp_path: Path) -> Path:
    broken = tmp_path / "E06000001" / "2024"
    shutil.copytree(folder, broken)
    lines = (broken / "header.csv").read_text().splitlines(keepends=True)
    lines[4] = '"' + lines[4]
    (broken / "header.csv").write_text("".join(lines))
    return broken


def test_a_stray_quote_is_reported_by_file_and_line_without_the_rows(
    clean: Path, tmp_path: Path
) -> None:
    _stray_quote(clean, tmp_path)
    result = run.validate_paths([tmp_path])
    (problem,) = [p for p in result.problems if p.path.name == "header.csv"]
    assert "line 5" in problem.message
    assert not any(identifier in problem.message for identifier in _identifiers(clean))
    assert not result.report.failures


def test_the_other_files_of_a_scan_are_still_read(clean: Path, tmp_path: Path) -> None:
    _stray_quote(clean, tmp_path)
    found = discover([tmp_path])
    problems: list[FileProblem] = []
    episodes = read_table([f for f in found.files if f.table.key == "episodes"], problems)
    assert len(episodes)
    assert not problems


def test_without_a_list_for_problems_the_error_names_the_line_not_the_content(
    clean: Path, tmp_path: Path
) -> None:
    _stray_quote(clean, tmp_path)
    found = discover([tmp_path])
    with pytest.raises(UnreadableFileError) as caught:
        read_table([f for f in found.files if f.table.key == "header"])
    assert "line 5" in str(caught.value)
    assert not any(identifier in str(caught.value) for identifier in _identifiers(clean))
    assert caught.value.__suppress_context__  # the parser's own error is not chained on


def test_a_fault_is_described_by_its_type_and_place_only() -> None:
    secret = "E060000010000016,1,12/03/2013,WBRI"
    try:
        try:
            raise ValueError(secret)
        except ValueError as inner:
            raise RuntimeError(f"while reading: {inner}") from inner
    except RuntimeError as error:
        caught = error
    assert described(caught).startswith("RuntimeError in analytics/tests/test_faults.py, line ")
    text = scrubbed_traceback(caught)
    assert secret not in text
    assert "builtins.ValueError" in text
    assert "builtins.RuntimeError" in text
    assert "raise ValueError(secret)" in text  # the code, for the maintainer


def test_a_first_line_longer_than_any_header_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "E06000001" / "2024"
    folder.mkdir(parents=True)
    (folder / "episodes.csv").write_bytes(b"a," * 5_000_000)  # 10 MB, one line
    found = discover([tmp_path])
    (problem,) = found.problems
    assert "longer than 64 KB" in problem.message
    assert not found.files
