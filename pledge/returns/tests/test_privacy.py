"""Nothing of a child's outlives its load: returns broken in every way files break are uploaded
through the page, checked and stored by the worker with the database task backend (which keeps
a failed task's traceback), and then the whole database, every log line and the upload folders
are searched for the children's identifiers and dates of birth."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from analytics.synthetic import generate
from pledge.core.models import Authority, Person, Role
from pledge.core.tests.tasks import DATABASE_TASKS, run_queued_tasks
from pledge.returns import services as load_services
from pledge.returns.models import ReturnLoad
from pledge.returns.privacy import Marks, marks_in, search_database, search_files


def _zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _broken_returns(year_folder: Path) -> dict[str, list[tuple[str, bytes]]]:
    """One return, broken each way: as (upload name, bytes) lists, each a separate upload."""
    files = {path.name: path.read_bytes() for path in sorted(year_folder.iterdir())}
    header = files["header.csv"]
    lines = header.splitlines(keepends=True)
    in_zip = {f"2025/{name}": data for name, data in files.items()}

    def replaced(name: str, data: bytes) -> list[tuple[str, bytes]]:
        return [(n, data if n == name else d) for n, d in files.items()]

    stray_quote = b"".join([*lines[:4], b'"' + lines[4], *lines[5:]])
    zipped = _zipped(in_zip)
    bad_crc = bytearray(_zipped({"2025/header.csv": header * 20}))
    bad_crc[60:64] = b"\x00\x00\x00\x00"  # inside the compressed member
    return {
        "stray quote": replaced("header.csv", stray_quote),
        "stray quote, zipped": [("return.zip", _zipped(in_zip | {"2025/header.csv": stray_quote}))],
        "utf-16": replaced("header.csv", header.decode().encode("utf-16")),
        "latin-1 bytes": replaced("header.csv", header.replace(b",WBRI,", b",W\xe9RI,")),
        "ragged rows": replaced("header.csv", header.replace(b"\n", b",extra,cells\n", 40)),
        "binary junk": replaced("episodes.csv", bytes(range(256)) * 40),
        "no header row": replaced("header.csv", b"".join(lines[1:])),
        "truncated zip": [("return.zip", zipped[: len(zipped) // 2])],
        "bad crc zip": [("return.zip", bytes(bad_crc))],
        "xml, bad bytes": [
            (
                "return.xml",
                b'<?xml version="1.0" encoding="UTF-8"?><Message><Children><Child>'
                b"<CHILD>"
                + lines[1].split(b",")[0]
                + b"\xe9</CHILD><DOB>"
                + lines[1].split(b",")[2]
                + b"</DOB></Child></Children></Message>",
            )
        ],
    }


@pytest.fixture
def marks_and_uploads(tmp_path: Path) -> tuple[Marks, dict[str, list[tuple[str, bytes]]]]:
    (folder,) = generate(tmp_path, children=40, years=1, last_year=2025, seed=11)
    marks = marks_in([folder])
    assert len(marks.identifiers) >= 40
    return marks, _broken_returns(folder / "2025")


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True)
def test_broken_returns_leave_nothing_of_a_child_anywhere(
    marks_and_uploads: tuple[Marks, dict[str, list[tuple[str, bytes]]]],
    authority: Authority,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marks, uploads = marks_and_uploads
    analyst = client_for(make_person(Role.PERFORMANCE_ANALYST))
    caplog.set_level(logging.DEBUG)
    for name, files in uploads.items():
        post = [SimpleUploadedFile(filename, data) for filename, data in files]
        response = analyst.post(reverse("returns:loads"), {"file": post, "year": "2025"})
        assert response.status_code in {200, 302}, name
    run_queued_tasks()
    # A fault in Pledge that quotes the rows, as polars' errors do, while storing.
    quoting = "; ".join(sorted(marks.identifiers)[:5])
    monkeypatch.setattr(
        load_services, "indicators_for_paths", _raises(RuntimeError(f"could not parse: {quoting}"))
    )
    for load in ReturnLoad.objects.filter(state=ReturnLoad.State.CHECKED):
        analyst.post(reverse("returns:load-decide", kwargs={"pk": load.pk}), {"decision": "store"})
    run_queued_tasks()
    states = set(ReturnLoad.objects.values_list("state", flat=True))
    assert ReturnLoad.State.FAILED in states  # the fault happened, and was recorded
    assert states <= {ReturnLoad.State.REFUSED, ReturnLoad.State.FAILED}

    in_tables, rows = search_database(marks)
    log_file = Path(settings.MEDIA_ROOT) / "captured.log"
    log_file.write_text(
        "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
        + caplog.text
    )
    in_files, files_read = search_files(marks, [log_file, Path(settings.RETURNS_WORK_DIR)])
    assert rows > 50
    assert files_read >= 1
    assert in_tables == []
    assert in_files == []
    assert not any(Path(settings.RETURNS_WORK_DIR).iterdir())  # no folder left behind


def test_the_search_finds_what_it_looks_for(
    marks_and_uploads: tuple[Marks, dict[str, list[tuple[str, bytes]]]],
    authority: Authority,
    tmp_path: Path,
) -> None:
    """The search above can fail: a child's identifier or date of birth, wherever it is kept."""
    marks, _uploads = marks_and_uploads
    authority.name = f"Council {sorted(marks.identifiers)[0]}"
    authority.save()
    log = tmp_path / "worker.log"
    log.write_text(f"error reading row ...,{sorted(marks.births)[0]},...")
    in_tables, _rows = search_database(marks)
    in_files, _files = search_files(marks, [log])
    assert [found.what for found in in_tables] == ["a child's identifier"]
    assert "core_authority" in in_tables[0].where
    assert [found.what for found in in_files] == ["a date of birth"]


def test_the_command_says_where_and_fails(
    marks_and_uploads: tuple[Marks, dict[str, list[tuple[str, bytes]]]],
    authority: Authority,
    tmp_path: Path,
) -> None:
    (folder,) = list(tmp_path.glob("E*"))
    out = io.StringIO()
    call_command("privacy_scan", str(folder), stdout=out)
    assert "Nothing found." in out.getvalue()
    marks, _uploads = marks_and_uploads
    authority.board_name = sorted(marks.identifiers)[0]
    authority.save()
    with pytest.raises(Exception, match="Found children's data in 1 places"):
        call_command("privacy_scan", str(folder), stdout=io.StringIO())


def _raises(error: Exception) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    return fail
