"""Each rule on a clean synthetic return with one thing broken: the rule reports that row.

The synthetic return (two years of one authority) passes every check, so each case breaks one
value, row or file and expects its rule's code on the child it broke.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from analytics.ssda903.dataset import read_tables
from analytics.ssda903.read import discover
from analytics.ssda903.validation.issues import Report
from analytics.ssda903.validation.validate import validate
from analytics.synthetic import generate

LA = "E06000001"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("clean")
    generate(root, authorities=1, years=2, last_year=2024, children=150, seed=3)
    return root


def run(root: Path) -> Report:
    found = discover([root])
    return validate(found, read_tables(found))


def test_the_synthetic_return_is_clean(clean: Path) -> None:
    report = run(clean)
    assert report.failures == ()
    assert report.issues.is_empty(), report.issues.head(10)


Rows = pl.DataFrame
Pick = Callable[[Rows], pl.Expr]


@dataclass(frozen=True)
class Break:
    """Change `changes` in the first `table` row of `year` where `where` holds."""

    code: str
    table: str
    where: pl.Expr
    changes: dict[str, str | pl.Expr | None]
    year: int = 2024
    column: str | None = None  # the column the issue names, when not the first changed
    same_row: bool = True  # False: the issue is on another row of the same child


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def _write(frame: pl.DataFrame, path: Path) -> None:
    frame.write_csv(path, null_value="")


def broken(clean: Path, tmp_path: Path, case: Break) -> tuple[Path, str, int]:
    """A copy of the clean return with the case's change; the child and line changed."""
    root = tmp_path / "return"
    shutil.copytree(clean, root)
    path = root / LA / str(case.year) / f"{case.table}.csv"
    rows = _read(path).with_row_index("_index")
    index = rows.filter(case.where)["_index"][0]
    changed = rows.with_columns(
        pl.when(pl.col("_index") == index)
        .then(value if isinstance(value, pl.Expr) else pl.lit(value))
        .otherwise(pl.col(column))
        .alias(column)
        for column, value in case.changes.items()
    )
    _write(changed.drop("_index"), path)
    return root, rows["CHILD"][index], int(index) + 2


def _dob(year: int) -> pl.Expr:
    return pl.col("DOB").str.slice(6).cast(pl.Int32) <= year


ENDED = pl.col("DEC").is_not_null()
LINKED = pl.col("REC") == "X1"
OPEN = pl.col("DEC").is_null()
NOT_FIRST = pl.col("CHILD") == pl.col("CHILD").shift(1)

CASES = [
    Break("101", "header", pl.lit(value=True), {"SEX": "X"}),
    Break("102", "header", pl.lit(value=True), {"DOB": "31/02/2015"}),
    Break("103", "header", pl.lit(value=True), {"ETHNIC": "ZZZZ"}),
    Break("PL07", "header", pl.lit(value=True), {"UPN": "123"}),
    Break("141", "episodes", pl.lit(value=True), {"DECOM": "2023-01-01"}),
    Break("143", "episodes", pl.lit(value=True), {"RNE": "Q"}),
    Break("144", "episodes", pl.lit(value=True), {"LS": "XX"}),
    Break("145", "episodes", pl.lit(value=True), {"CIN": None}),
    Break("146", "episodes", pl.lit(value=True), {"PLACE": "Z9"}),
    Break("147", "episodes", ENDED, {"DEC": "1/2/2024"}),
    Break("149", "episodes", ENDED, {"REC": "E99"}),
    Break("178", "episodes", pl.col("PLACE_PROVIDER").is_not_null(), {"PLACE_PROVIDER": "PR9"}),
    Break(
        "1009",
        "episodes",
        pl.col("REASON_PLACE_CHANGE").is_not_null(),
        {"REASON_PLACE_CHANGE": "WHY"},
    ),
    Break("392c", "episodes", pl.col("HOME_POST").is_not_null(), {"HOME_POST": "NOT A POSTCODE"}),
    Break("392b", "episodes", pl.col("PL_POST").is_not_null(), {"PL_POST": None}),
    Break(
        "392d", "episodes", pl.col("PLACE") != "P1", {"PL_POST": "ZA1 0AA", "HOME_POST": "ZA1 0AA"}
    ),
    Break("148", "episodes", ENDED, {"REC": None}, column="DEC"),
    Break("356", "episodes", ENDED & ~LINKED, {"DEC": "01/01/2000"}),
    Break("355", "episodes", ENDED & ~LINKED & (pl.col("LS") != "V3"), {"DEC": pl.col("DECOM")}),
    Break("354", "episodes", OPEN & (pl.col("RNE") == "S"), {"DECOM": "01/04/2024"}),
    Break("385", "episodes", ENDED & ~LINKED, {"DEC": "01/04/2024"}),
    Break("142", "episodes", LINKED, {"DEC": None, "REC": None}),
    Break("388", "episodes", OPEN, {"DEC": "31/03/2024", "REC": "X1"}, column="REC"),
    Break("432", "episodes", LINKED, {"REC": "E4A"}, column="RNE", same_row=False),
    Break("437", "episodes", LINKED, {"REC": "E2"}, column="DECOM", same_row=False),
    Break("434", "episodes", NOT_FIRST & (pl.col("RNE") == "P"), {"RNE": "L"}),
    Break("435", "episodes", NOT_FIRST & (pl.col("RNE") == "L"), {"RNE": "P"}),
    Break("436", "episodes", NOT_FIRST & (pl.col("RNE") == "P"), {"RNE": "B"}),
    Break("398", "episodes", pl.col("LS") == "V3", {"PL_POST": "ZA1 0AA"}, column="LS"),
    Break("365", "episodes", (pl.col("LS") == "V3") & ENDED, {"DEC": "30/03/2024"}),
    Break("INT03", "episodes", pl.lit(value=True), {"CHILD": "NOBODY"}),
    Break("INT08", "reviews", pl.lit(value=True), {"CHILD": "NOBODY"}),
    Break("INT17", "reviews", pl.lit(value=True), {"DOB": "01/01/2001"}),
    Break("INT14", "oc2", pl.lit(value=True), {"DOB": "01/01/2001"}),
    Break("INT21", "uasc", pl.lit(value=True), {"SEX": "1"}),
    Break("545", "oc2", pl.col("HEALTH_CHECK").is_null(), {"HEALTH_CHECK": "1"}),
    Break("546", "oc2", pl.col("HEALTH_CHECK").is_not_null(), {"HEALTH_CHECK": None}),
    Break("543", "oc2", pl.col("CONVICTED").is_not_null(), {"CONVICTED": None}),
    Break("542", "oc2", pl.col("CONVICTED").is_null(), {"CONVICTED": "0"}),
    Break("186", "oc2", pl.col("SDQ_SCORE").is_not_null(), {"SDQ_SCORE": None}),
    Break("188", "oc2", pl.col("HEALTH_CHECK").is_not_null(), {"SDQ_SCORE": "10"}),
    Break("PL04", "oc2", pl.col("SDQ_SCORE").is_not_null(), {"SDQ_SCORE": "41"}),
    Break("PL05", "oc2", pl.lit(value=True), {"TEETH_CHECK": "Y"}),
    Break("391", "oc3", pl.lit(value=True), {"DOB": "01/06/2010"}),
    Break("440", "reviews", pl.col("REVIEW_CODE") != "PN0", {"REVIEW_CODE": "PN0"}),
    Break("441", "reviews", pl.col("REVIEW_CODE") == "PN0", {"REVIEW_CODE": "PN1"}),
    Break("167", "reviews", pl.lit(value=True), {"REVIEW_CODE": "PN9"}),
    Break("567", "missing", pl.col("MIS_END").is_not_null(), {"MIS_END": "01/01/2000"}),
    Break("581", "missing", pl.lit(value=True), {"MIS_START": "01/01/1990"}),
    Break("601", "ad1", pl.lit(value=True), {"CHILD": "NOBODY"}, column="CHILD"),
    Break("203", "header", pl.lit(value=True), {"DOB": "01/01/2012"}),
    Break("204", "header", pl.lit(value=True), {"ETHNIC": "OOTH"}),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{next(iter(c.changes))}" for c in CASES])
def test_each_rule_reports_the_row_it_breaks(clean: Path, tmp_path: Path, case: Break) -> None:
    root, child, line = broken(clean, tmp_path, case)
    report = run(root)
    assert report.failures == ()
    found = report.issues.filter(pl.col("code") == case.code)
    assert not found.is_empty(), report.issues.select("code", "child", "row", "message")
    if not case.code.startswith("INT") and case.code != "601":
        found = found.filter(pl.col("child") == child)
        assert not found.is_empty(), report.issues.filter(pl.col("child") == child)
    hit = found.row(0, named=True)
    assert hit["column"] == (case.column or next(iter(case.changes)))
    assert hit["message"].endswith(".")
    if case.same_row and hit["file"].endswith(f"{case.year}/{case.table}.csv"):
        assert hit["row"] == line
