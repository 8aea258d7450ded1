"""Loading the authority's SSDA903 return: check it with the engine, then keep only aggregates.

An upload is unpacked into its own working folder (`RETURNS_WORK_DIR/<load>/<LA>/<year>/`), the
only place its child-level rows ever sit on disk, and removed when the return is stored or
discarded. The engine (`analytics/`, no Django) checks the files: the report counted by rule is
kept on the `ReturnLoad`; the row-level report (which quotes the rows) is a CSV in the working
folder, shown and downloadable until then. On confirmation the engine computes every indicator at
every month end the files cover, and one `IndicatorValue` per indicator and date is stored
(docs/adr/0012-scorecard.md). A scheduled load (`manage.py return_903_load`) does both steps
on files where they lie.

A load moves only along `MOVES`, only through the services here. Files are never kept longer
than their use: a load whose task stops reporting (a killed worker) is marked failed, and one
left checked with no decision expires, both with their folder deleted (`returns_tidy`, run by the
worker's periodic jobs). Nothing read from the files leaves this module except counts: a fault
while reading is kept as its type and place in the code (analytics/faults.py), never its text.
"""

from __future__ import annotations

import datetime
import logging
import re
import shutil
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from analytics.faults import described, scrubbed_traceback
from analytics.indicators.catalogue import CATALOGUE
from analytics.run import Inputs, Progress, Result, indicators_for_paths, validate_paths
from analytics.ssda903.postcodes import read_postcode_lookup
from pledge.comparators.selectors import population_of
from pledge.core.audit import audit_record, record_unchanged, service
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.returns.files import (
    blocking,
    files_expire_at,
    files_of,
    remove_files,
    summary,
    write_report,
)
from pledge.returns.models import IndicatorValue, PostcodeLookup, ReturnLoad
from pledge.returns.postcodes import kept_path, postcodes_of
from pledge.scorecard.services import engine_readings_sync

logger = logging.getLogger(__name__)
State = ReturnLoad.State
# The moves a load can make: every service here moves a load only along these.
MOVES: dict[str, set[str]] = {
    # A scheduled load checks and works out the indicators in one pass, so goes to COMPUTING.
    State.CHECKING: {State.CHECKED, State.COMPUTING, State.REFUSED, State.FAILED, State.DISCARDED},
    State.CHECKED: {State.COMPUTING, State.DISCARDED, State.EXPIRED},
    State.COMPUTING: {State.STORED, State.REFUSED, State.FAILED},
}
# The states in which a load's folder holds the children's files.
HOLDING = frozenset(MOVES)


def _move(load: ReturnLoad, to: str, *, failure: str = "") -> None:
    """Move the load (locked, read afresh) to `to`, or refuse: two people or processes acting
    on one load at once cannot both move it from the same state."""
    current = ReturnLoad.objects.select_for_update().values_list("state", flat=True).get(pk=load.pk)
    if to not in MOVES.get(current, set()):
        raise UserError(
            f"This return is {State(current).label.lower()}: it cannot be "
            f"{'stored' if to == State.COMPUTING else State(to).label.lower()} now"
        )
    load.state, load.failure, load.progress = to, failure, ""
    if to not in HOLDING:
        load.finished_at = timezone.now()
    load.save()


@service
def return_start(
    *,
    actor: Person | None,
    authority: Authority,
    filenames: Sequence[str],
    received: Path | None = None,
) -> ReturnLoad:
    """A load of the return: for an upload, the folder `receive` laid it out in becomes the
    load's own (a scheduled load reads its files where they lie)."""
    load = ReturnLoad.objects.create(
        authority=authority,
        loaded_by=actor,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        filenames=list(filenames),
        state=State.CHECKING,
    )
    if received is not None:
        files_of(load).mkdir(parents=True)
        received.rename(files_of(load) / authority.code)
    audit_record(
        actor=actor, verb="return.uploaded", target=load, changes={"files": [None, len(filenames)]}
    )
    return load


@service
def return_check(*, load: ReturnLoad, progress: Progress | None = None) -> ReturnLoad:
    """Check the uploaded files; keep the counts on the load and the rows in its folder."""
    result = validate_paths([files_of(load)], la=load.authority.code, progress=progress)
    _record_report(load, result)
    write_report(load, result)
    why = blocking(result)
    _move(load, State.REFUSED if why else State.CHECKED, failure=why)
    audit_record(
        actor=None,
        verb="return.checked",
        target=load,
        changes={"errors": [None, load.errors], "warnings": [None, load.warnings]},
        reason=why,
    )
    if why:
        remove_files(load)
    return load


@service
def return_confirm(*, actor: Person | None, load: ReturnLoad) -> ReturnLoad:
    """The analyst's decision to store a checked return: claimed once, so a second press (or
    a second person) is told, and the indicators are worked out once."""
    _move(load, State.COMPUTING)
    load.heartbeat_at = timezone.now()
    load.save(update_fields=["heartbeat_at"])
    audit_record(actor=actor, verb="return.confirmed", target=load, changes={})
    return load


@service
def return_discard(*, actor: Person | None, load: ReturnLoad) -> ReturnLoad:
    _move(load, State.DISCARDED)
    remove_files(load)
    audit_record(actor=actor, verb="return.discarded", target=load, changes={})
    return load


@service
def return_fail(*, load: ReturnLoad, error: BaseException) -> ReturnLoad:
    """A fault in Pledge, not in the files: the load says so, its files go, and the fault is
    logged for the maintainers by its type and code alone (it may quote the rows)."""
    logger.error("903 load %s failed:\n%s", load.pk, scrubbed_traceback(error))
    remove_files(load)
    load.refresh_from_db(fields=["state"])
    if load.state not in HOLDING:  # already settled, by the tidy-up of a silent load
        record_unchanged()
        return load
    _move(
        load,
        State.FAILED,
        failure="Pledge could not finish this. Nothing was stored and the files were deleted. "
        "Load the return again; if it fails again, tell the board's administrator.",
    )
    audit_record(actor=None, verb="return.failed", target=load, changes={}, reason=described(error))
    return load


@service
def return_store(
    *,
    actor: Person | None,
    load: ReturnLoad,
    paths: Sequence[Path] = (),
    as_at: Sequence[datetime.date] = (),
    year: int | None = None,
    progress: Progress | None = None,
) -> ReturnLoad:
    """Compute the indicators at the `as_at` dates (or every month end covered) and store them.
    `paths` are the files where they lie for a scheduled load; an upload's are in its folder,
    which is removed afterwards whatever happens. A return that cannot be stored is kept as a
    refused load, with its counts, and nothing else."""
    authority = load.authority
    try:
        result = indicators_for_paths(
            list(paths) or [files_of(load)],
            as_at,
            year=year,
            la=authority.code,
            inputs=Inputs(population=population_of(authority), postcodes=postcodes_of(authority)),
            indicators=CATALOGUE,
            progress=progress,
        )
    finally:
        remove_files(load)
    _record_report(load, result)
    others = sorted({r.la for r in result.readings} - {authority.code})
    why = blocking(result) or (
        f"These files hold returns for {', '.join(others)} as well as {authority.code}: load "
        "only this authority's return"
        if others
        else ""
    )
    if not why:
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
        load.values_stored = len(result.readings)
        load.as_at_dates = len({reading.as_at for reading in result.readings})
    _move(load, State.REFUSED if why else State.STORED, failure=why)
    audit_record(
        actor=actor,
        verb="return.stored" if load.state == State.STORED else "return.refused",
        target=load,
        changes={
            "errors": [None, load.errors],
            "warnings": [None, load.warnings],
            "values": [None, load.values_stored],
        },
        reason=load.failure,
    )
    if load.state == State.STORED:
        engine_readings_sync(actor=actor, authority=authority)
    return load


@service
def returns_tidy(*, now: datetime.datetime) -> dict[str, int]:
    """Fail the loads whose task has fallen silent, expire those left unconfirmed for longer
    than the board keeps them, and delete every folder no load is holding (a process stopped
    between writing files and recording them). Run by the worker's periodic jobs."""
    stale = now - datetime.timedelta(minutes=settings.TASKS_STALE_MINUTES)
    done = {"failed": 0, "expired": 0, "folders": 0}
    silent = ReturnLoad.objects.filter(
        state__in=[State.CHECKING, State.COMPUTING], heartbeat_at__lt=stale
    )
    for load in silent.select_related("authority"):
        remove_files(load)
        _move(
            load,
            State.FAILED,
            failure="Pledge stopped while working on this (it was interrupted). Nothing was "
            "stored and the files were deleted. Load the return again.",
        )
        audit_record(actor=None, verb="return.failed", target=load, changes={}, reason="silent")
        done["failed"] += 1
    for load in ReturnLoad.objects.filter(state=State.CHECKED).select_related("authority"):
        if now >= files_expire_at(load):
            remove_files(load)
            _move(load, State.EXPIRED)
            audit_record(actor=None, verb="return.expired", target=load, changes={})
            done["expired"] += 1
    holding = {
        str(pk) for pk in ReturnLoad.objects.filter(state__in=HOLDING).values_list("pk", flat=True)
    }
    root = Path(settings.RETURNS_WORK_DIR)
    for folder in root.iterdir() if root.exists() else ():
        # Not one being written now: an upload still arriving, or a load not yet committed.
        recent = folder.stat().st_mtime > stale.timestamp()
        if folder.name not in holding and not recent:
            shutil.rmtree(folder, ignore_errors=True)
            done["folders"] += 1
    if not done["failed"] and not done["expired"]:
        record_unchanged()
    return done


def _record_report(load: ReturnLoad, result: Result) -> None:
    load.errors = result.report.errors  # files that could not be used are errors in it
    load.warnings = result.report.warnings
    load.summary = summary(result)
    load.children, load.episodes = result.children, result.rows.get("episodes", 0)
    load.years = result.years


def _decimal(number: float | None) -> Decimal | None:
    return None if number is None else Decimal(repr(number))


# The postcode lookup ------------------------------------------------------------------------


@service
def postcodes_start(*, actor: Person | None, authority: Authority, filename: str) -> PostcodeLookup:
    """A postcode directory received, to be read in the background (`postcodes_read`)."""
    lookup = PostcodeLookup.objects.create(
        authority=authority, filename=filename[:300], loaded_by=actor, started_at=timezone.now()
    )
    audit_record(actor=actor, verb="postcodes.received", target=lookup, changes={})
    return lookup


@service
def postcodes_read(*, lookup: PostcodeLookup, path: Path, remove: bool) -> PostcodeLookup:
    """Read the directory at `path` (a file or a folder of CSVs) into the board's lookup, kept
    for every 903 load from now on; or refuse it, saying why. `remove` deletes `path` after
    (an upload's folder; a file where it lies on the server is left alone)."""
    try:
        found, problems = read_postcode_lookup(path)
    finally:
        if remove:
            shutil.rmtree(path, ignore_errors=True)
    # Said of the file the person gave, not of where Pledge put it.
    where = re.compile(rf"^{re.escape(str(path))}[^:]*: ")
    shown = [where.sub(f"{lookup.filename}: ", problem) for problem in problems]
    if found is None:
        lookup.state, lookup.problems = PostcodeLookup.State.REFUSED, shown
    else:
        kept = kept_path(lookup)
        kept.parent.mkdir(parents=True, exist_ok=True)
        found.write_parquet(kept.with_suffix(".tmp"))
        kept.with_suffix(".tmp").replace(kept)
        lookup.state, lookup.problems, lookup.postcodes = (
            PostcodeLookup.State.LOADED,
            shown,
            len(found),
        )
        for older in PostcodeLookup.objects.filter(authority=lookup.authority).exclude(
            pk=lookup.pk
        ):
            kept_path(older).unlink(missing_ok=True)
    lookup.save()
    audit_record(
        actor=lookup.loaded_by,
        verb=f"postcodes.{lookup.state}",
        target=lookup,
        changes={"postcodes": [None, lookup.postcodes]},
        reason="; ".join(shown)[:500],
    )
    return lookup


@service
def postcodes_fail(*, lookup: PostcodeLookup, error: BaseException) -> PostcodeLookup:
    logger.error("Postcode lookup %s failed:\n%s", lookup.pk, scrubbed_traceback(error))
    lookup.state = PostcodeLookup.State.FAILED
    lookup.problems = [
        "Pledge could not read this file. Try again; if it fails again, tell your administrator"
    ]
    lookup.save(update_fields=["state", "problems"])
    audit_record(actor=None, verb="postcodes.failed", target=lookup, changes={})
    return lookup
