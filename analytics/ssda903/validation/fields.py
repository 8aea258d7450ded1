"""Field checks: every value against its column's type, code list and blank rule, for the row's
own collection year (INDICATORS.md 2.1 and 2.2; the spec files are the rules).

Where DfE has a rule for a field (SEX is 101, PLACE is 146...) the issue carries its code, as
csc-validator-be-903 numbers it; other field checks carry ours, `PL01` to `PL06`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from analytics.ssda903.episodes import DATE_FORMAT
from analytics.ssda903.spec import Column, Table, spec_for

# DfE's rule code for a field's validity, where there is one (INDICATORS.md section 3).
DFE_FIELD_CODES = {
    ("header", "SEX"): "101",
    ("header", "DOB"): "102",
    ("header", "ETHNIC"): "103",
    ("episodes", "DECOM"): "141",
    ("episodes", "RNE"): "143",
    ("episodes", "LS"): "144",
    ("episodes", "CIN"): "145",
    ("episodes", "PLACE"): "146",
    ("episodes", "DEC"): "147",
    ("episodes", "REC"): "149",
    ("episodes", "PLACE_PROVIDER"): "178",
    ("episodes", "REASON_PLACE_CHANGE"): "1009",
    ("episodes", "HOME_POST"): "392c",
    ("episodes", "PL_POST"): "392c",
    ("reviews", "REVIEW"): "166",
    ("reviews", "REVIEW_CODE"): "167",
}
DATE = r"^\d{2}/\d{2}/\d{4}$"
POSTCODE = r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$"
UPN = r"^([A-Z]\d{11}[0-9A-Z]|UN[1-5])$"


@dataclass(frozen=True)
class FieldCheck:
    code: str
    column: str
    bad: pl.Expr  # true on a row whose value fails
    message: str
    excludes: bool


def field_issues(table: Table, rows: pl.DataFrame) -> pl.DataFrame:
    """Every failing value in `rows` (one table, any years), one issue row each."""
    found = []
    for (year,), part in rows.partition_by("YEAR", as_dict=True, maintain_order=True).items():
        if year is None:
            continue
        spec_table = spec_for(int(str(year))).tables.get(table.key, table)
        for check in _checks(spec_table, int(str(year))):
            failing = part.filter(check.bad)
            if failing.is_empty():
                continue
            found.append(
                failing.select(
                    code=pl.lit(check.code),
                    severity=pl.lit("error"),
                    stage=pl.lit("field"),
                    table=pl.lit(table.name),
                    la=pl.col("LA"),
                    year=pl.col("YEAR"),
                    file=pl.col("_FILE"),
                    row=pl.col("_ROW"),
                    child=pl.col("CHILD") if "CHILD" in part.columns else pl.lit(None),
                    column=pl.lit(check.column),
                    value=pl.col(check.column),
                    message=pl.lit(check.message),
                    excludes=pl.lit(check.excludes),
                )
            )
    return pl.concat(found) if found else pl.DataFrame()


def _checks(table: Table, year: int) -> Iterator[FieldCheck]:
    label = spec_for(year).label
    for column in table.columns:
        value = pl.col(column.name)
        code = DFE_FIELD_CODES.get((table.key, column.name))
        if not column.blank:
            yield FieldCheck(
                code or "PL01",
                column.name,
                value.is_null(),
                f"{column.name} is blank. It must be filled in on every {table.name} row.",
                excludes=True,
            )
        yield from _value_checks(table, column, code, label)


def _value_checks(
    table: Table, column: Column, code: str | None, label: str
) -> Iterator[FieldCheck]:
    value = pl.col(column.name)
    name = column.name
    if column.type == "date":
        real_date = value.str.strptime(pl.Date, DATE_FORMAT, strict=False).is_not_null()
        yield FieldCheck(
            code or "PL02",
            name,
            value.is_not_null() & ~(value.str.contains(DATE) & real_date),
            f"{name} is not a date written as dd/mm/yyyy, such as 31/03/2024. Correct the date "
            "in your case management system and export the file again.",
            excludes=True,
        )
    elif column.type == "code" and column.codes is not None:
        codes = sorted(column.codes)
        yield FieldCheck(
            code or "PL03",
            name,
            value.is_not_null() & ~value.is_in(codes),
            f"{name} is not one of the codes for {label}. Use one of: {', '.join(codes)}.",
            excludes=True,
        )
    elif column.type == "int":
        number = value.cast(pl.Int64, strict=False)
        low, high = column.minimum, column.maximum
        in_range = number.is_not_null()
        if low is not None:
            in_range &= number >= low
        if high is not None:
            in_range &= number <= high
        yield FieldCheck(
            code or "PL04",
            name,
            value.is_not_null() & ~in_range,
            f"{name} must be a whole number from {low} to {high}.",
            excludes=True,
        )
    elif column.type == "flag":
        yield FieldCheck(
            code or "PL05",
            name,
            value.is_not_null() & ~value.is_in(["0", "1"]),
            f"{name} must be 1 (yes) or 0 (no).",
            excludes=True,
        )
    elif column.type == "postcode":
        yield FieldCheck(
            code or "PL06",
            name,
            value.is_not_null() & ~value.str.to_uppercase().str.contains(POSTCODE),
            f"{name} is not a full postcode, such as B69 4ER.",
            excludes=False,
        )
    elif (table.key, name) == ("header", "UPN"):
        yield FieldCheck(
            "PL07",
            name,
            value.is_not_null() & ~value.str.contains(UPN),
            "UPN is not a 13-character unique pupil number or one of UN1 to UN5.",
            excludes=False,
        )
