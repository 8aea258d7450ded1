"""Loading the authority's SSDA903 return: check it with the engine, then keep only aggregates.

The files are read where they lie (an upload's working folder, or the folder a scheduled load
names); the engine (`analytics/`, no Django) validates them and computes every indicator at every
month end they cover. What reaches the database is a `ReturnLoad` with the issues counted by
rule, and one `IndicatorValue` per indicator, authority and month end. Child-level rows, and
the issues that quote them, stay in memory (docs/adr/0012-scorecard.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import polars as pl
from django.utils import timezone

from analytics.indicators.catalogue import CATALOGUE
from analytics.run import Result, indicators_for_paths, validate_paths
from pledge.core.audit import audit_record, service
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.scorecard.models import IndicatorValue, ReturnLoad
from pledge.scorecard.services import engine_readings_sync

Progress = Callable[[str], None]


def summary(result: Result) -> list[dict[str, object]]:
    """The issues counted by rule: what the board keeps of a report (no rows, no values)."""
    issues = result.report.issues
    if issues.is_empty():
        return []
    grouped = (
        issues.group_by("code", "severity", "table", "column", "message")
        .agg(pl.len().alias("count"))
        .sort(["severity", "count", "code"], descending=[False, True, False])
    )
    return grouped.to_dicts()


def blocking(result: Result) -> str:
    """Why the return cannot be stored at all, or "" when it can. Rows with errors are left out
    of the indicators (ADR 0011); files that could not be read, or checks that broke, stop it."""
    if result.problems:
        return (
            f"{len(result.problems)} file(s) could not be used: fix or remove them and load the "
            "return again"
        )
    if result.report.failures:
        return "Some checks could not run (a fault in Pledge, logged for its maintainers)"
    if not result.files:
        return "There are no SSDA903 files here"
    return ""


@service
def return_load(
    *,
    actor: Person | None,
    authority: Authority,
    paths: Sequence[Path],
    filenames: Sequence[str],
    as_at: Sequence[datetime.date] = (),
    year: int | None = None,
    progress: Progress | None = None,
) -> ReturnLoad:
    """Check the return and store its indicators: at the `as_at` dates, or at every month end
    its years cover. A return that cannot be stored is kept as a refused load, with its counts,
    and nothing else."""
    load = ReturnLoad.objects.create(
        authority=authority,
        loaded_by=actor,
        started_at=timezone.now(),
        filenames=list(filenames),
        state=ReturnLoad.State.COMPUTING,
    )
    result = indicators_for_paths(
        paths, as_at, year=year, la=authority.code, indicators=CATALOGUE, progress=progress
    )
    _record_report(load, result)
    others = sorted({r.la for r in result.readings} - {authority.code})
    why = blocking(result) or (
        f"These files hold returns for {', '.join(others)} as well as {authority.code}: load "
        "only this authority's return"
        if others
        else ""
    )
    if why:
        load.state, load.failure = ReturnLoad.State.REFUSED, why
    else:
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                load=load,
                code=reading.code,
                la=reading.la,
                as_at=reading.as_at,
                period_start=reading.period_start,
                period_end=reading.period_end,
                numerator=_decimal(reading.numerator),
                denominator=_decimal(reading.denominator),
                value=_decimal(reading.value),
                status=reading.status,
                note=reading.note,
            )
            for reading in result.readings
        )
        load.state = ReturnLoad.State.STORED
        load.values_stored = len(result.readings)
        load.as_at_dates = len({reading.as_at for reading in result.readings})
    load.finished_at = timezone.now()
    load.save()
    if load.state == ReturnLoad.State.STORED:
        engine_readings_sync(actor=actor, authority=authority)
    audit_record(
        actor=actor,
        verb="return.stored" if load.state == ReturnLoad.State.STORED else "return.refused",
        target=load,
        changes={
            "files": [None, len(filenames)],
            "errors": [None, load.errors],
            "warnings": [None, load.warnings],
            "values": [None, load.values_stored],
        },
        reason=load.failure,
    )
    return load


def check(paths: Sequence[Path], *, authority: Authority, year: int | None = None) -> Result:
    """The engine's report on the files, before anything is stored."""
    if not paths:
        raise UserError("Choose the return's files")
    return validate_paths(paths, year=year, la=authority.code)


def _record_report(load: ReturnLoad, result: Result) -> None:
    load.errors = result.report.errors  # files that could not be used are errors in it
    load.warnings = result.report.warnings
    load.summary = summary(result)


def _decimal(number: float | None) -> Decimal | None:
    return None if number is None else Decimal(repr(number))
