"""Loading the authority's SSDA903 return: check it with the engine, then keep only aggregates.

An upload is unpacked into its own working folder (`RETURNS_WORK_DIR/<load>/<LA>/<year>/`), the
only place its child-level rows ever sit on disk, and removed when the return is stored or
discarded. The engine (`analytics/`, no Django) checks the files: the report counted by rule is
kept on the `ReturnLoad`; the row-level report (which quotes the rows) is a CSV in the working
folder, shown and downloadable until then. On confirmation the engine computes every indicator at
every month end the files cover, and one `IndicatorValue` per indicator and date is stored
(docs/adr/0012-scorecard.md). A scheduled load (`manage.py return_903_load`) does both steps
on files where they lie.
"""

from __future__ import annotations

import datetime
import io
import shutil
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path, PurePosixPath

import polars as pl
from django.conf import settings
from django.utils import timezone

from analytics.indicators.catalogue import CATALOGUE
from analytics.run import Inputs, Progress, Result, indicators_for_paths, validate_paths
from pledge.core.audit import audit_record, service
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.core.words import counted
from pledge.scorecard.models import IndicatorValue, ReturnLoad
from pledge.scorecard.selectors import population_of
from pledge.scorecard.services import engine_readings_sync

REPORT = "report.csv"
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # unpacked: a large authority's ten years is about 60 MB
SUFFIXES = {".csv", ".xml"}
TOO_LARGE = (
    f"The files come to more than {MAX_UPLOAD_BYTES // 1024 // 1024} MB unpacked: load fewer "
    "years at a time"
)
Upload = tuple[PurePosixPath, bytes]  # where a file goes in the authority's folder, and its bytes


def work_folder(load: ReturnLoad) -> Path:
    return Path(settings.RETURNS_WORK_DIR) / str(load.pk)


def files_of(load: ReturnLoad) -> Path:
    """Where the load's files are laid out for the engine: `<LA>/<year>/<file>`."""
    return work_folder(load) / "files"


def lay_out(uploads: Sequence[tuple[str, bytes]], year: int | None) -> list[Upload]:
    """Where each uploaded file goes in the authority's folder (`<year>/<file>`), worked out
    before anything is kept: CSV or XML files of one collection `year`, or a ZIP of year folders
    (`2025/episodes.csv`...). Raises UserError saying what to change."""
    for name, _data in uploads:
        if PurePosixPath(name).suffix.lower() not in {*SUFFIXES, ".zip"}:
            raise UserError(
                f"{name} is not a CSV, XML or ZIP file: upload the return's CSV files, its XML "
                "file, or a ZIP of them",
                field="file",
            )
    if year is None and any(not name.lower().endswith(".zip") for name, _data in uploads):
        raise UserError(
            "Enter the collection year these files are for, or upload a ZIP with a folder for "
            "each year (named by the year's end, like 2025)",
            field="year",
        )
    laid: list[Upload] = []
    for name, data in uploads:
        if name.lower().endswith(".zip"):
            laid += _zip_members(name, data)
        else:
            laid.append((PurePosixPath(str(year), PurePosixPath(name).name), data))
    if sum(len(content) for _path, content in laid) > MAX_UPLOAD_BYTES:
        raise UserError(TOO_LARGE, field="file")
    return laid


def unpack(load: ReturnLoad, laid: Sequence[Upload]) -> None:
    """Write the laid-out files into the load's working folder, where the engine reads them."""
    root = files_of(load) / load.authority.code
    for path, content in laid:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content)


def _zip_members(name: str, data: bytes) -> list[Upload]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UserError(f"{name} is not a ZIP file that can be opened", field="file") from error
    wanted = []
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if info.is_dir() or path.suffix.lower() not in SUFFIXES or path.name.startswith("."):
            continue
        if path.is_absolute() or ".." in path.parts:
            raise UserError(f"{name} holds a file outside its folders: {path}", field="file")
        wanted.append(info)
    if not wanted:
        raise UserError(f"{name} holds no CSV or XML files", field="file")
    if sum(info.file_size for info in wanted) > MAX_UPLOAD_BYTES:  # before unpacking any
        raise UserError(TOO_LARGE, field="file")
    return [(PurePosixPath(info.filename), archive.read(info)) for info in wanted]


def remove_files(load: ReturnLoad) -> None:
    shutil.rmtree(work_folder(load), ignore_errors=True)


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
            f"{counted(len(result.problems), 'file')} could not be used: fix or remove them and "
            "load the return again"
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


@service
def return_start(
    *, actor: Person | None, authority: Authority, filenames: Sequence[str]
) -> ReturnLoad:
    load = ReturnLoad.objects.create(
        authority=authority,
        loaded_by=actor,
        started_at=timezone.now(),
        filenames=list(filenames),
        state=ReturnLoad.State.CHECKING,
    )
    audit_record(
        actor=actor, verb="return.uploaded", target=load, changes={"files": [None, len(filenames)]}
    )
    return load


@service
def return_check(*, load: ReturnLoad, progress: Progress | None = None) -> ReturnLoad:
    """Check the uploaded files; keep the counts on the load and the rows in its folder."""
    result = validate_paths([files_of(load)], la=load.authority.code, progress=progress)
    _record_report(load, result)
    result.report.issues.drop("excludes").write_csv(work_folder(load) / REPORT)
    why = blocking(result)
    load.state = ReturnLoad.State.REFUSED if why else ReturnLoad.State.CHECKED
    load.failure = why
    load.progress = ""
    load.save()
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
def return_discard(*, actor: Person | None, load: ReturnLoad) -> ReturnLoad:
    if load.state not in {ReturnLoad.State.CHECKED, ReturnLoad.State.CHECKING}:
        raise UserError("This return has already been stored or discarded")
    remove_files(load)
    load.state, load.finished_at = ReturnLoad.State.DISCARDED, timezone.now()
    load.save()
    audit_record(actor=actor, verb="return.discarded", target=load, changes={})
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
        load.years = sorted({reading.as_at.year for reading in result.readings})
    load.progress = ""
    load.finished_at = timezone.now()
    load.save()
    audit_record(
        actor=actor,
        verb="return.stored" if load.state == ReturnLoad.State.STORED else "return.refused",
        target=load,
        changes={
            "errors": [None, load.errors],
            "warnings": [None, load.warnings],
            "values": [None, load.values_stored],
        },
        reason=load.failure,
    )
    if load.state == ReturnLoad.State.STORED:
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
    """A scheduled load: check and store in one go, on files where they lie."""
    if not paths:
        raise UserError("Name the return's files")
    load = return_start(actor=actor, authority=authority, filenames=filenames)
    return return_store(
        actor=actor, load=load, paths=paths, as_at=as_at, year=year, progress=progress
    )


def _record_report(load: ReturnLoad, result: Result) -> None:
    load.errors = result.report.errors  # files that could not be used are errors in it
    load.warnings = result.report.warnings
    load.summary = summary(result)


def _decimal(number: float | None) -> Decimal | None:
    return None if number is None else Decimal(repr(number))
