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

import csv
import datetime
import logging
import shutil
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import IO

import polars as pl
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.utils import timezone

from analytics.faults import described, scrubbed_traceback
from analytics.indicators.catalogue import CATALOGUE
from analytics.run import Inputs, Progress, Result, indicators_for_paths, validate_paths
from boardfiles.limits import MAX_RATIO, RATIO_FROM_BYTES
from boardfiles.words import counted
from pledge.core.audit import audit_record, record_unchanged, service
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.scorecard.models import IndicatorValue, Kpi, Reading, ReturnLoad, Source
from pledge.scorecard.selectors import population_of
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
REPORT = "report.csv"
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # unpacked: a large authority's ten years is about 60 MB
MEGABYTES = MAX_UPLOAD_BYTES // 1024 // 1024
LOAD_FEWER = "load fewer years at a time"
CHUNK = 1024 * 1024
SUFFIXES = {".csv", ".xml"}


def work_folder(load: ReturnLoad) -> Path:
    return Path(settings.RETURNS_WORK_DIR) / str(load.pk)


def files_of(load: ReturnLoad) -> Path:
    """Where the load's files are laid out for the engine: `<LA>/<year>/<file>`."""
    return work_folder(load) / "files"


def receive(uploads: Sequence[UploadedFile], year: int | None) -> Path:
    """The uploaded files laid out as the engine reads them (`<year>/<file>`) in a new folder
    under RETURNS_WORK_DIR, for `return_start` to take: CSV or XML files of one collection
    `year`, or a ZIP of year folders (`2025/episodes.csv`...). Streamed to disk within a byte
    budget (a ZIP's stated sizes are not trusted); anything wrong raises UserError saying what
    to change, and leaves nothing behind."""
    for upload in uploads:
        name = upload.name or ""
        if PurePosixPath(name).suffix.lower() not in {*SUFFIXES, ".zip"}:
            raise UserError(
                f"{name} is not a CSV, XML or ZIP file: upload the return's CSV files, its XML "
                "file, or a ZIP of them",
                field="file",
            )
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise UserError(f"{name} is larger than {MEGABYTES} MB: {LOAD_FEWER}", field="file")
    if year is None and any(not (u.name or "").lower().endswith(".zip") for u in uploads):
        raise UserError(
            "Enter the collection year these files are for, or upload a ZIP with a folder for "
            "each year (named by the year's end, like 2025)",
            field="year",
        )
    staging = Path(settings.RETURNS_WORK_DIR) / f"incoming-{uuid.uuid4().hex}"
    budget = [MAX_UPLOAD_BYTES]
    try:
        for upload in uploads:
            name = upload.name or ""
            if name.lower().endswith(".zip"):
                _unzip(name, upload, staging, budget)
            else:
                path = staging / str(year) / PurePosixPath(name).name
                _write(upload.chunks(), path, budget)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _unzip(name: str, upload: UploadedFile, into: Path, budget: list[int]) -> None:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UserError(f"{name} is not a ZIP file that can be opened", field="file") from error
    wanted = []
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if info.is_dir() or path.suffix.lower() not in SUFFIXES or path.name.startswith("."):
            continue
        if path.is_absolute() or ".." in path.parts:
            raise UserError(f"{name} holds a file outside its folders: {path}", field="file")
        wanted.append((info, path))
    if not wanted:
        raise UserError(f"{name} holds no CSV or XML files", field="file")
    for info, _path in wanted:  # from the directory, before unpacking: a bomb is refused unread
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * info.compress_size:
            raise UserError(
                f"{name} is not a return's files: {info.filename} unpacks to "
                f"{info.file_size // max(info.compress_size, 1):,} times its packed size, where "
                "a return's files pack about 5 to 1. Make the ZIP again from the return's files",
                field="file",
            )
    for info, path in wanted:
        try:
            with archive.open(info) as member:
                _write(_chunks(member), into / path, budget)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise UserError(
                f"{name} is damaged: {path} cannot be unpacked. Make the ZIP again and upload it",
                field="file",
            ) from error


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK):
        yield chunk


def _write(chunks: Iterable[bytes], path: Path, budget: list[int]) -> None:
    """Write `chunks` to `path`, spending `budget` (bytes left for the whole upload)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        for chunk in chunks:
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise UserError(
                    f"The files come to more than {MEGABYTES} MB unpacked: {LOAD_FEWER}",
                    field="file",
                )
            file.write(chunk)


def remove_files(load: ReturnLoad) -> None:
    shutil.rmtree(work_folder(load), ignore_errors=True)


def summary(result: Result) -> list[dict[str, object]]:
    """The issues counted by rule: what the board keeps of a report (no rows, no values). A
    problem with a whole file names the file (`2025/header.csv`), and comes first: the rest
    often follow from it."""
    issues = result.report.issues
    if issues.is_empty():
        return []
    whole_file = pl.col("stage") == "file"
    grouped = (
        issues.with_columns(
            pl.when(whole_file)
            .then(pl.col("file").str.split("/").list.slice(-2).list.join("/"))
            .otherwise(pl.lit(""))
            .alias("file"),
            whole_file.alias("whole_file"),
        )
        .group_by("code", "severity", "table", "column", "message", "file", "whole_file")
        .agg(pl.len().alias("count"))
        .sort(["whole_file", "severity", "count", "code"], descending=[True, False, True, False])
        .drop("whole_file")
    )
    return grouped.to_dicts()


def blocking(result: Result) -> str:
    """Why the return cannot be stored at all, or "" when it can. Rows with errors are left out
    of the indicators (ADR 0011); files that could not be read, or checks that broke, stop it."""
    if result.problems:
        them = "it" if len(result.problems) == 1 else "them"
        return (
            f"{counted(len(result.problems), 'file')} could not be used: fix or remove {them} "
            "and load the return again"
        )
    if result.report.failures:
        return "Some checks could not run (a fault in Pledge, logged for its maintainers)"
    if not result.files:
        return "There are no SSDA903 files here"
    return ""


def report_rows(load: ReturnLoad) -> pl.DataFrame | None:
    """The row-level report, while the load's files are still held."""
    path = work_folder(load) / REPORT
    return pl.read_csv(path, infer_schema=False) if path.exists() else None


def write_report(load: ReturnLoad, result: Result) -> None:
    """The row-level report as a CSV a spreadsheet opens safely: each file named from the
    authority's folder down (no server path), and no cell a spreadsheet would run as a formula."""
    root = f"{files_of(load)}/"
    rows = result.report.issues.drop("excludes").with_columns(pl.col("file").str.strip_prefix(root))
    with (work_folder(load) / REPORT).open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(rows.columns)
        writer.writerows([_inert(cell) for cell in row] for row in rows.iter_rows())


def _inert(cell: object) -> object:
    """A cell as text a spreadsheet shows rather than runs (OWASP's CSV injection advice)."""
    if isinstance(cell, str) and cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + cell
    return cell


def progress_writer(load: ReturnLoad) -> Progress:
    """The engine's progress, written where the load's page reads it, with the time it was said:
    a load whose task falls silent for longer than any step takes is stale (`returns_tidy`)."""

    def say(text: str) -> None:
        ReturnLoad.objects.filter(pk=load.pk).update(
            progress=text[:300], heartbeat_at=timezone.now()
        )

    return say


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
            inputs=Inputs(population=population_of(authority)),
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
    """A scheduled load: check and store in one go, on files where they lie. A fault marks the
    load failed and is raised as `ReturnLoadFailedError`, which names it without its text."""
    if not paths:
        raise UserError("Name the return's files")
    load = return_start(actor=actor, authority=authority, filenames=filenames)
    return_confirm(actor=actor, load=load)
    try:
        return return_store(
            actor=actor, load=load, paths=paths, as_at=as_at, year=year, progress=progress
        )
    except Exception as error:
        return_fail(load=load, error=error)
        raise ReturnLoadFailedError(load, error) from None


class ReturnLoadFailedError(RuntimeError):
    """A load stopped by a fault in Pledge: named by its type and place in the code only."""

    def __init__(self, load: ReturnLoad, error: BaseException) -> None:
        super().__init__(f"903 load {load.pk} failed: {described(error)}")


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


@dataclass(frozen=True)
class StoreEffect:
    """What storing a checked load will do, for the analyst to read before confirming."""

    first: datetime.date  # the first and last month ends it works out indicators at
    last: datetime.date
    replaces: list[tuple[Kpi, int]]  # 903 KPIs already showing figures in that time, and how many


def what_storing_does(load: ReturnLoad) -> StoreEffect | None:
    """The month ends a checked load covers and the 903 KPIs whose figures there it replaces
    (where a newer return changes them), or None when it read no collection year."""
    if not load.years:
        return None
    first = datetime.date(min(load.years) - 1, 4, 30)
    last = datetime.date(max(load.years), 3, 31)
    shown = (
        Reading.objects.filter(
            kpi__authority=load.authority,
            kpi__archived_at__isnull=True,
            source=Source.ENGINE,
            is_current=True,
            period_end__range=(first, last),
        )
        .values("kpi")
        .annotate(figures=Count("pk"))
    )
    figures = {row["kpi"]: row["figures"] for row in shown}
    kpis = Kpi.objects.filter(pk__in=figures).order_by("position", "reference", "name")
    return StoreEffect(first, last, [(kpi, figures[kpi.pk]) for kpi in kpis])


def files_expire_at(load: ReturnLoad) -> datetime.datetime:
    """When a checked load's files are deleted if nobody stores or discards it."""
    return load.started_at + datetime.timedelta(hours=load.authority.return_files_kept_hours)


def _record_report(load: ReturnLoad, result: Result) -> None:
    load.errors = result.report.errors  # files that could not be used are errors in it
    load.warnings = result.report.warnings
    load.summary = summary(result)
    load.children, load.episodes = result.children, result.rows.get("episodes", 0)
    load.years = result.years


def _decimal(number: float | None) -> Decimal | None:
    return None if number is None else Decimal(repr(number))
