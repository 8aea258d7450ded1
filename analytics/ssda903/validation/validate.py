"""Validating a return in stages: files, fields, then the rules across rows, tables and years.

    report = validate(found, tables)   # found: read.discover(...); tables: dataset.read_tables

Every stage runs on what the earlier ones could read, so one bad file does not hide the
problems in the others. Nothing here raises on bad input: a problem with the files is an issue
in the report; a check that breaks (a bug in Pledge) is an `InternalFailure` beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.faults import described
from analytics.ssda903.dataset import Tables
from analytics.ssda903.episodes import DATE_FORMAT
from analytics.ssda903.read import Discovery, FileProblem
from analytics.ssda903.spec import available_years, spec_for
from analytics.ssda903.validation.fields import field_issues
from analytics.ssda903.validation.issues import (
    ISSUE_SCHEMA,
    InternalFailure,
    Report,
    no_issues,
)
from analytics.ssda903.validation.rules import RULES, Context, Rule


def validate(found: Discovery, tables: Tables) -> Report:
    failures: list[InternalFailure] = []
    parts = [_file_issues(found.problems)]
    latest = spec_for(available_years()[-1])
    for key, rows in tables.items():
        if rows.is_empty():
            continue
        try:
            parts.append(field_issues(latest.tables[key], rows))
        except Exception as error:
            failures.append(_failure(f"fields of {latest.tables[key].name}", error))
    try:
        context = Context.build(tables)
    except Exception as error:
        failures.append(_failure("preparing the tables for the rules", error))
    else:
        for rule in RULES:
            try:
                parts.append(_rule_issues(rule, context))
            except Exception as error:
                failures.append(_failure(f"rule {rule.code}", error))
    return Report(_together(parts), tuple(failures))


def combine(reports: Sequence[Report], problems: Sequence[FileProblem]) -> Report:
    """The reports of several parts of a run as one, with the problems found finding files."""
    parts = [_file_issues(problems), *(report.issues for report in reports)]
    return Report(_together(parts), tuple(f for report in reports for f in report.failures))


def _together(parts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    issues = pl.concat(
        [part.cast(ISSUE_SCHEMA) for part in parts if not part.is_empty()] or [no_issues()],
        how="vertical",
    )
    return issues.sort("file", "row", "code", nulls_last=True)


def _file_issues(problems: Sequence[FileProblem]) -> pl.DataFrame:
    """A file that could not be used: an error on the file as a whole."""
    blank = dict.fromkeys(ISSUE_SCHEMA.names())
    return pl.DataFrame(
        [
            blank
            | {
                "code": "PL00",
                "severity": "error",
                "stage": "file",
                "table": "",
                "file": str(problem.path),
                "column": "",
                "message": problem.message,
                "excludes": False,
            }
            for problem in problems
        ],
        schema=ISSUE_SCHEMA,
    )


def _rule_issues(rule: Rule, context: Context) -> pl.DataFrame:
    found = rule.find(context).lazy()
    table = spec_for(available_years()[-1]).tables[rule.table].name
    return found.select(
        code=pl.lit(rule.code),
        severity=pl.lit(rule.severity),
        stage=pl.lit(rule.stage),
        table=pl.lit(table),
        la=pl.col("LA"),
        year=pl.col("YEAR"),
        file=pl.col("_FILE"),
        row=pl.col("_ROW"),
        child=pl.col("CHILD"),
        column=pl.lit(rule.column),
        value=_as_written(found.collect_schema()[rule.column], rule.column),
        message=pl.lit(rule.message),
        excludes=pl.lit(rule.excludes),
    ).collect()


def _as_written(dtype: pl.DataType, column: str) -> pl.Expr:
    """The value as the file has it: a date as dd/mm/yyyy, not as the rules typed it."""
    if dtype == pl.Date:
        return pl.col(column).dt.strftime(DATE_FORMAT)
    return pl.col(column).cast(pl.String)


def _failure(check: str, error: Exception) -> InternalFailure:
    return InternalFailure(check, described(error))
