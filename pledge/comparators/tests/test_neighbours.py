"""Where the board sits among others: its region's and statistical neighbours' published figures
beside England's, comparator targets rated against them, and the neighbours set from DfE's list."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from boardfiles.rag import Rag
from pledge.comparators import services as comparator_services
from pledge.comparators.selectors import comparators_for
from pledge.core.errors import UserError
from pledge.core.models import AuditEvent, Authority, Person, Role
from pledge.scorecard import services
from pledge.scorecard.models import Source
from pledge.scorecard.selectors import kpi_statuses, status_of
from tests.shared import COMPARATORS

D = datetime.date
NEIGHBOURS_CSV = COMPARATORS / "lait_statistical_neighbours_sample.csv"
NORTHFIELDS = ["336", "333", "335", "861", "894", "332", "331", "354", "831", "371"]
RATE = "cla_31_march_rate_per_10000"
SUITABLE = "care_leavers_19_to_21_suitable_accommodation_percent"


@pytest.fixture
def published(authority: Authority) -> None:
    """DfE's figures from the EES sample: England, the West Midlands and a few councils."""
    comparator_services.comparators_import(
        actor=None,
        filename="ees_cla_la_indicators_sample.csv",
        data=(COMPARATORS / "ees_cla_la_indicators_sample.csv").read_bytes(),
    )


def place(authority: Authority, neighbours: list[str], region: str = "E12000005") -> None:
    comparator_services.authority_comparators_set(
        actor=None,
        authority=authority,
        old_la_code="999",
        region_code=region,
        statistical_neighbours=neighbours,
    )


@pytest.mark.shared
def test_region_and_neighbours_average_beside_england(
    authority: Authority, published: None
) -> None:
    # Sandwell 92, Walsall 81, Wolverhampton 73, Dudley 81 per 10,000 at 31 March 2025; the City
    # of London's rate is suppressed (c) and the Isles of Scilly's not applicable (z).
    place(authority, ["333", "335", "336", "332", "201", "420"])

    found = comparators_for(authority, [RATE])[RATE]

    assert [(v.period, v.value) for v in found.england] == [("2024", 69), ("2025", 67)]
    assert [(v.period, v.value) for v in found.region] == [("2024", 89), ("2025", 86)]
    latest = found.neighbours[-1]
    assert (latest.period, latest.year_ending) == ("2025", D(2025, 3, 31))
    assert latest.value == Decimal(92 + 81 + 73 + 81) / 4
    assert (latest.count, latest.of) == (4, 6)  # the suppressed and z neighbours left out
    # In 2024 the City of London's rate was published (76): it counts that year.
    assert found.neighbours[0].value == Decimal(93 + 94 + 78 + 82 + 76) / 5


@pytest.mark.shared
def test_without_a_region_or_neighbours_only_englands_figure(
    authority: Authority, published: None
) -> None:
    found = comparators_for(authority, [RATE])[RATE]
    assert len(found.england) == 2
    assert (found.region, found.neighbours) == ([], [])


@pytest.mark.shared
def test_neighbours_with_no_figure_give_no_average(authority: Authority, published: None) -> None:
    place(authority, ["201", "420"])  # City of London (c) and Isles of Scilly (z) in 2025
    latest = comparators_for(authority, [RATE])[RATE].neighbours[-1]
    assert (latest.value, latest.symbol, latest.count, latest.of) == (None, "x", 0, 2)


def _kpi_with_target(authority: Authority, words: str, value: str, tolerance: str = "0") -> None:
    kpi = services.kpi_create(
        actor=None,
        authority=authority,
        name="Care leavers aged 19 to 21 in suitable accommodation",
        unit="percentage",
        polarity="higher",
        frequency="annual",
        source=Source.MANUAL,
        tolerance=Decimal(tolerance),
        comparator_measure=SUITABLE,
    )
    services.target_set(actor=None, kpi=kpi, applies_from=D(2024, 4, 1), words=words)
    services.reading_record(
        actor=None,
        kpi=kpi,
        period_start=D(2024, 4, 1),
        period_end=D(2025, 3, 31),
        value=Decimal(value),
    )


@pytest.mark.shared
def test_a_target_against_the_regional_average(authority: Authority, published: None) -> None:
    # 2025: England 89%, West Midlands 90%. 89.5 is above England but below the region.
    place(authority, NORTHFIELDS)
    _kpi_with_target(authority, "at or above the regional average", "89.5")

    (status,) = kpi_statuses(authority, D(2025, 4, 2))

    assert status.region is not None
    assert (status.region.area_name, status.region.value) == ("West Midlands", 90)
    assert status.rag == Rag.RED


@pytest.mark.shared
def test_a_regional_target_waits_for_a_region(authority: Authority, published: None) -> None:
    _kpi_with_target(authority, "at or above the regional average", "95")
    (status,) = kpi_statuses(authority, D(2025, 4, 2))
    assert status.rag == Rag.AWAITED  # no region set: nothing to rate it against yet


@pytest.mark.shared
def test_a_target_in_line_with_statistical_neighbours(
    authority: Authority, published: None
) -> None:
    # Of Northfield's neighbours the sample has Wolverhampton 92, Sandwell 87, Walsall 81 and
    # Dudley 93 in 2025: an average of 88.25.
    place(authority, NORTHFIELDS)
    _kpi_with_target(authority, "in line with statistical neighbours", "88", tolerance="1")

    status = status_of(authority.kpis.get(), D(2025, 4, 2))

    assert status.neighbours is not None
    assert status.neighbours.value == Decimal("88.25")
    assert (status.neighbours.count, status.neighbours.of) == (4, 10)
    assert status.rag == Rag.GREEN


# The neighbours from DfE's list ----------------------------------------------------------------


@pytest.fixture
def analyst(make_person: Callable[..., Person], client_for: Callable[[Person], Client]) -> Client:
    return client_for(make_person(Role.PERFORMANCE_ANALYST))


def upload(client: Client, path: Path, old_la_code: str = "999", data: bytes | None = None) -> str:
    response = client.post(
        reverse("comparators:import"),
        {
            "form": "neighbours",
            "neighbours-old_la_code": old_la_code,
            "neighbours-file": SimpleUploadedFile(
                path.name, path.read_bytes() if data is None else data
            ),
        },
        follow=True,
    )
    return response.content.decode()


@pytest.mark.shared
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_neighbours_list_saves_the_boards_neighbours_and_region(
    analyst: Client, authority: Authority, extension: str
) -> None:
    page = upload(analyst, NEIGHBOURS_CSV.with_suffix(f".{extension}"))

    authority.refresh_from_db()
    assert authority.statistical_neighbours == NORTHFIELDS  # closest first
    assert authority.old_la_code == "999"
    assert authority.region_code == "E12000005"  # from the list's GOReg, West Midlands
    assert "10 statistical neighbours saved for Northfield Council, closest first" in page
    assert "Wolverhampton (336), Sandwell (333)" in page
    assert "LA 331" in page  # a neighbour the list names only by number
    event = AuditEvent.objects.get(verb="authority.comparators_set")
    assert event.changes["statistical_neighbours"] == ["", ", ".join(NORTHFIELDS)]


@pytest.mark.shared
def test_the_same_list_again_changes_nothing(analyst: Client, authority: Authority) -> None:
    upload(analyst, NEIGHBOURS_CSV)
    page = upload(analyst, NEIGHBOURS_CSV)
    assert "10 statistical neighbours saved" in page
    assert AuditEvent.objects.filter(verb="authority.comparators_set").count() == 1


@pytest.mark.shared
def test_a_region_already_set_is_kept(analyst: Client, authority: Authority) -> None:
    place(authority, [], region="E12000007")
    upload(analyst, NEIGHBOURS_CSV)
    authority.refresh_from_db()
    assert authority.region_code == "E12000007"
    assert authority.statistical_neighbours == NORTHFIELDS


@pytest.mark.shared
def test_a_council_not_in_the_list_is_told_so_and_nothing_is_saved(
    analyst: Client, authority: Authority
) -> None:
    page = upload(analyst, NEIGHBOURS_CSV, old_la_code="123")

    assert "LA number 123 is not in lait_statistical_neighbours_sample.csv" in page
    assert "Check that 123 is Northfield Council&#39;s LA number" in page
    assert 'href="#id_neighbours-file"' in page  # the error summary points at the file
    authority.refresh_from_db()
    assert (authority.old_la_code, authority.statistical_neighbours) == ("", [])
    assert not AuditEvent.objects.filter(verb="authority.comparators_set").exists()


@pytest.mark.shared
def test_the_la_number_is_asked_for_when_not_known(analyst: Client, authority: Authority) -> None:
    page = upload(analyst, NEIGHBOURS_CSV, old_la_code="")
    assert "Enter your council&#39;s LA number" in page
    authority.refresh_from_db()
    assert authority.statistical_neighbours == []


@pytest.mark.shared
def test_the_service_says_when_it_does_not_know_the_la_number(authority: Authority) -> None:
    with pytest.raises(UserError, match="Enter Northfield Council's LA number") as raised:
        comparator_services.statistical_neighbours_import(
            actor=None,
            authority=authority,
            filename=NEIGHBOURS_CSV.name,
            data=NEIGHBOURS_CSV.read_bytes(),
        )
    assert raised.value.field == "old_la_code"


def test_a_file_that_is_not_the_list_is_refused_on_the_field(
    analyst: Client, authority: Authority
) -> None:
    page = upload(analyst, NEIGHBOURS_CSV, data=b"Ref,Action\n1,Do it\n")
    assert "is not a statistical neighbour list" in page
    assert 'href="#id_neighbours-file"' in page
    authority.refresh_from_db()
    assert (authority.old_la_code, authority.statistical_neighbours) == ("", [])


@pytest.mark.shared
def test_the_comparators_form_still_imports_figures(analyst: Client, authority: Authority) -> None:
    sample = COMPARATORS / "ees_cla_la_indicators_sample.csv"
    response = analyst.post(
        reverse("comparators:import"),
        {"form": "comparators", "file": SimpleUploadedFile(sample.name, sample.read_bytes())},
    )
    assert response["Location"].startswith("/scorecard/comparators/")  # to its preview
    authority.refresh_from_db()
    assert authority.statistical_neighbours == []
