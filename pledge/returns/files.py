"""A 903 load's working folder (`RETURNS_WORK_DIR/<load>/<LA>/<year>/`), the only place its
child-level rows ever sit on disk: uploads streamed into it within a budget, the engine's
row-level report written beside them, the counts kept on the load (ADR 0015)."""

from __future__ import annotations

import csv
import datetime
import logging
import shutil
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import IO

import polars as pl
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from analytics.run import Progress, Result
from boardfiles.limits import MAX_RATIO, RATIO_FROM_BYTES
from boardfiles.words import counted
from pledge.core.errors import UserError
from pledge.returns.models import ReturnLoad

logger = logging.getLogger(__name__)
State = ReturnLoad.State
REPORT = "report.csv"
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # unpacked: a large authority's ten years is about 60 MB
MEGABYTES = MAX_UPLOAD_BYTES // 1024 // 1024
LOAD_FEWER = "load fewer years at a time"
TOO_BIG = f"The files come to more than {MEGABYTES} MB unpacked: {LOAD_FEWER}"
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
                write_within(upload.chunks(), path, budget, too_big=TOO_BIG)
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
                write_within(chunks_of(member), into / path, budget, too_big=TOO_BIG)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise UserError(
                f"{name} is damaged: {path} cannot be unpacked. Make the ZIP again and upload it",
                field="file",
            ) from error


def chunks_of(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK):
        yield chunk


def write_within(chunks: Iterable[bytes], path: Path, budget: list[int], *, too_big: str) -> None:
    """Write `chunks` to `path`, spending `budget` (bytes left for the whole upload); past it,
    UserError with `too_big` (the caller deletes what was written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        for chunk in chunks:
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise UserError(too_big, field="file")
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


def files_expire_at(load: ReturnLoad) -> datetime.datetime:
    """When a checked load's files are deleted if nobody stores or discards it."""
    return load.started_at + datetime.timedelta(hours=load.authority.return_files_kept_hours)
