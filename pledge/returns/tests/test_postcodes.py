"""The board's postcode lookup: loaded once through its page (a CSV, or the ZIP as ONS gives
it) or on the server, refused with the reason when it cannot be used, and then used by every
903 load for the distance and out-of-area measures."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from analytics.synthetic import generate
from pledge.core.models import Authority, Person, Role
from pledge.returns import postcodes
from pledge.returns.models import IndicatorValue, PostcodeLookup
from pledge.returns.postcodes import postcodes_of
from pledge.returns.scheduled import return_load

pytestmark = pytest.mark.django_db
LOOKUP = (
    b"pcd,oseast1m,osnrth1m,laua\n"
    b"ZA1 0AA,440000,330000,E06000999\n"
    b"ZZ9 9ZZ,450000,340000,E07000001\n"
)


@pytest.fixture
def analyst(make_person: Callable[..., Person], client_for: Callable[[Person], Client]) -> Client:
    return client_for(make_person(Role.PERFORMANCE_ANALYST))


@pytest.fixture
def upload(
    analyst: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> Callable[[str, bytes], str]:
    """Upload a lookup as the analyst, the reading run as the worker would, and read the page."""

    def send(name: str, data: bytes) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = analyst.post(
                reverse("returns:postcodes"), {"file": SimpleUploadedFile(name, data)}
            )
        if response.status_code == 200:  # refused before reading: the form says why
            return response.content.decode()
        return analyst.get(reverse("returns:postcodes")).content.decode()

    return send


def ons_zip() -> bytes:
    """The shape ONS downloads have: the whole directory, the same split by area, and the
    lookups of area names."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Data/ONSPD_NOV_2025_UK.csv", LOOKUP)
        archive.writestr("Data/multi_csv/ONSPD_NOV_2025_UK_ZA.csv", LOOKUP)
        archive.writestr("Documents/LA_UA names and codes UK as at 04_25.csv", b"LAD25CD,NAME\n")
    return out.getvalue()


@pytest.mark.parametrize(("name", "data"), [("lookup.csv", LOOKUP), ("ONSPD.zip", ons_zip())])
def test_a_directory_uploaded_is_read_and_used(
    authority: Authority, upload: Callable[[str, bytes], str], name: str, data: bytes
) -> None:
    page = upload(name, data)
    assert f"In use: {name}, 2 postcodes" in page
    lookup = postcodes_of(authority)
    assert lookup is not None
    assert sorted(lookup["POSTCODE"].to_list()) == ["ZA10AA", "ZZ99ZZ"]
    assert not list(Path(settings.REFERENCE_DIR).glob("upload-*"))  # the upload is not kept


def test_a_file_that_is_not_a_lookup_is_refused_and_says_why(
    authority: Authority, upload: Callable[[str, bytes], str]
) -> None:
    page = upload("plan.csv", b"Ref,Action\n1,Do it\n")
    assert "Not loaded: the file cannot be used" in page
    assert "plan.csv: it is not a postcode lookup: it has no pcd, oseast1m, osnrth1m, laua" in page
    assert postcodes_of(authority) is None
    assert "not a CSV or ZIP" in upload("lookup.xlsx", b"PK")


def test_a_lookup_larger_than_its_budget_is_refused_and_nothing_is_left(
    authority: Authority, upload: Callable[[str, bytes], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postcodes, "MAX_UNPACKED_BYTES", len(LOOKUP) - 1)
    assert "GB unpacked" in upload("ONSPD.zip", ons_zip())
    assert not list(Path(settings.REFERENCE_DIR).glob("upload-*"))
    assert not PostcodeLookup.objects.exists()


def test_a_903_load_works_out_distances_with_the_lookup_and_not_without(
    authority: Authority, tmp_path: Path
) -> None:
    (folder,) = generate(tmp_path, children=30, years=1, last_year=2025)
    at = datetime.date(2025, 3, 31)
    return_load(actor=None, authority=authority, paths=[folder], filenames=["903"], as_at=[at])
    without = IndicatorValue.objects.get(code="placement_20plus_miles_share", as_at=at)
    assert without.status == "not_available"

    lookup = tmp_path / "postcodes.csv"
    lookup.write_text(lookup.read_text().replace(folder.name, authority.code))
    call_command("postcodes_load", str(lookup))
    later = return_load(
        actor=None, authority=authority, paths=[folder], filenames=["903"], as_at=[at]
    )
    worked_out = IndicatorValue.objects.get(
        code="placement_20plus_miles_share", as_at=at, load=later
    )
    assert worked_out.status == "ok"
    assert (
        IndicatorValue.objects.get(
            code="placement_outside_la_share", as_at=at, load=later
        ).numerator
        is not None
    )


def test_the_command_refuses_a_file_it_cannot_use(authority: Authority, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="was not loaded"):
        call_command("postcodes_load", str(bad))
    assert PostcodeLookup.objects.get().state == PostcodeLookup.State.REFUSED
    assert bad.exists()  # a file on the server is read where it lies, never removed
