"""The board's postcode lookup on disk (ADR 0020): the upload while it is read, and the engine's
reduced lookup (postcode, grid reference, upper-tier authority) kept for every 903 load.

The ONS directories are large (ONSPD is about 250 MB zipped and over a gigabyte unpacked), so an
upload is streamed to disk, a ZIP unpacked member by member within a budget, and the reading is
the engine's lazy scan (`analytics.ssda903.postcodes.read_postcode_lookup`), in the background.
"""

from __future__ import annotations

import shutil
import uuid
import zipfile
from pathlib import Path, PurePosixPath

import polars as pl
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from pledge.core.errors import UserError
from pledge.core.models import Authority
from pledge.returns.files import chunks_of, write_within
from pledge.returns.models import PostcodeLookup

MAX_UNPACKED_BYTES = 3 * 1024**3  # ONSPD's one UK file is about 1.4 GB; its folders as much again
NOT_A_LOOKUP = (
    "upload the ONS Postcode Directory (ONSPD) or National Statistics Postcode Lookup (NSPL) as "
    "ONS gives it (the ZIP), or its CSV file"
)
TOO_BIG = (
    f"The lookup comes to more than {MAX_UNPACKED_BYTES // 1024**3} GB unpacked: {NOT_A_LOOKUP}"
)


def incoming_folder(lookup: PostcodeLookup) -> Path:
    return Path(settings.REFERENCE_DIR) / f"incoming-{lookup.pk}"


def kept_path(lookup: PostcodeLookup) -> Path:
    return Path(settings.REFERENCE_DIR) / f"postcodes-{lookup.authority.code}-{lookup.pk}.parquet"


def receive(upload: UploadedFile) -> Path:
    """The upload's CSV files in a new folder under REFERENCE_DIR: the CSV itself, or a ZIP's
    directory file (`Data/ONSPD_..._UK.csv`), or failing that every CSV in it. UserError, and
    nothing left behind, for anything else."""
    name = upload.name or ""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in {".csv", ".zip"}:
        raise UserError(f"{name} is not a CSV or ZIP file: {NOT_A_LOOKUP}", field="file")
    folder = Path(settings.REFERENCE_DIR) / f"upload-{uuid.uuid4().hex}"
    budget = [MAX_UNPACKED_BYTES]
    try:
        if suffix == ".csv":
            write_within(upload.chunks(), folder / "lookup.csv", budget, too_big=TOO_BIG)
        else:
            _unzip(name, upload, folder, budget)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _unzip(name: str, upload: UploadedFile, into: Path, budget: list[int]) -> None:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UserError(f"{name} is not a ZIP file that can be opened", field="file") from error
    csvs = [i for i in archive.infolist() if i.filename.lower().endswith(".csv") and not i.is_dir()]
    # The directory as one file when the ZIP has it (ONS's Data/ONSPD_MAY_2025_UK.csv), not its
    # copies split by area (Data/multi_csv/) nor the lookups of area names (Documents/).
    whole = [i for i in csvs if PurePosixPath(i.filename).name.upper().endswith("_UK.CSV")]
    wanted = whole[:1] or [i for i in csvs if "/documents/" not in f"/{i.filename.lower()}"]
    if not wanted:
        raise UserError(f"{name} holds no CSV file: {NOT_A_LOOKUP}", field="file")
    for number, info in enumerate(wanted):
        with archive.open(info) as member:
            write_within(chunks_of(member), into / f"{number}.csv", budget, too_big=TOO_BIG)


def current_lookup(authority: Authority) -> PostcodeLookup | None:
    return (
        PostcodeLookup.objects.filter(authority=authority, state=PostcodeLookup.State.LOADED)
        .select_related("authority")
        .first()
    )


def postcodes_of(authority: Authority) -> pl.DataFrame | None:
    """The board's postcode lookup for the engine, or None when none is loaded."""
    lookup = current_lookup(authority)
    if lookup is None or not kept_path(lookup).exists():
        return None
    return pl.read_parquet(kept_path(lookup))
