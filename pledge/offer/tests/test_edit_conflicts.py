"""Edit conflicts on Local Offer entries and places (ADR 0014): a save from a page opened before
someone else's change is refused, saying what changed, and saves nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pledge.core.concurrency import EditConflictError
from pledge.core.models import Agency, AuditEvent, Person, Role
from pledge.core.tests.conflicts import check_edit_page_conflict
from pledge.offer import services
from pledge.offer.models import LocalOfferEntry, Location
from pledge.offer.tests.helpers import TODAY, details, make_entry, make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(make_person: Callable[..., Person]) -> Person:
    return make_person(Role.BOARD_OFFICER, full_name="Oscar Other")


@pytest.fixture
def entry(agency: Agency) -> LocalOfferEntry:
    return make_entry(agency)


@pytest.fixture
def place(agency: Agency) -> Location:
    return make_place(agency.authority)


def _place_values(place: Location, **changes: str) -> dict[str, str]:
    return {name: getattr(place, name) for name in services.LOCATION_FIELDS} | changes


# The services -----------------------------------------------------------------------------------


def test_a_stale_entry_edit_is_refused_and_saves_nothing(
    entry: LocalOfferEntry, agency: Agency, officer: Person, other: Person
) -> None:
    opened = LocalOfferEntry.objects.get(pk=entry.pk)
    services.entry_update(
        actor=other,
        entry=entry,
        details=details(agency, amount=Decimal(2000)),
        version=opened.version,
    )
    events = AuditEvent.objects.count()
    with pytest.raises(EditConflictError) as refused:
        services.entry_update(
            actor=officer,
            entry=opened,
            details=details(agency, title="Home allowance"),
            version=opened.version,
        )
    message = refused.value.message
    assert message.startswith("This Local Offer entry was changed after you opened it.")
    assert "Changed by Oscar Other on " in message
    assert "Value in pounds set to \u201c2000.00\u201d" in message
    saved = LocalOfferEntry.objects.get(pk=entry.pk)
    assert (saved.title, saved.amount) == ("Setting up home allowance", Decimal(2000))
    assert AuditEvent.objects.count() == events


def test_a_check_moves_the_version_and_an_open_edit_page_is_told(
    entry: LocalOfferEntry, agency: Agency, officer: Person, other: Person
) -> None:
    opened = LocalOfferEntry.objects.get(pk=entry.pk)
    services.entry_check(actor=other, entry=entry, review_by=TODAY.replace(year=2027), today=TODAY)
    with pytest.raises(EditConflictError) as refused:
        services.entry_update(
            actor=officer, entry=opened, details=details(agency), version=opened.version
        )
    assert "review by from" in refused.value.message
    assert "to \u201c23 November 2027\u201d" in refused.value.message


def test_a_stale_place_edit_is_refused_and_saves_nothing(
    place: Location, officer: Person, other: Person
) -> None:
    opened = Location.objects.get(pk=place.pk)
    services.location_update(
        actor=other, location=place, version=1, **_place_values(place, postcode="NF2 9ZZ")
    )
    with pytest.raises(EditConflictError) as refused:
        services.location_update(
            actor=officer, location=opened, version=1, **_place_values(opened, name="The Hub")
        )
    assert refused.value.message.startswith("This location was changed after you opened it.")
    assert "postcode from \u201cNF1 2AB\u201d to \u201cNF2 9ZZ\u201d" in refused.value.message
    assert Location.objects.get(pk=place.pk).name == "Leaving Care Hub"


# The pages --------------------------------------------------------------------------------------


def test_the_entry_page_keeps_the_typing_and_saves_on_the_second_go(
    entry: LocalOfferEntry,
    agency: Agency,
    officer: Person,
    other: Person,
    client_for: Callable[[Person], Client],
) -> None:
    initial = details(agency)
    check_edit_page_conflict(
        client=client_for(officer),
        url=reverse("offer:entry-edit", kwargs={"pk": entry.pk}),
        record=entry,
        typed={
            "title": "Setting up home allowance",
            "description": "Money for your first home, as I typed it.",
            "entitlement_type": initial.entitlement_type.pk,
            "areas": [term.pk for term in initial.areas],
            "agency": agency.pk,
            "you_pay": "0",
            "review_by": "1/6/2027",
            "how_to_get_it": "Ask your personal adviser.",
            "is_published": "on",
        },
        shown="Money for your first home, as I typed it.",
        change_elsewhere=lambda version: services.entry_update(
            actor=other,
            entry=LocalOfferEntry.objects.get(pk=entry.pk),
            details=details(agency, eligibility="Care leavers aged 18 to 24"),
            version=version,
        ),
        told="Who can get it set to \u201cCare leavers aged 18 to 24\u201d",
        saved=lambda: LocalOfferEntry.objects.filter(
            pk=entry.pk, description="Money for your first home, as I typed it."
        ).exists(),
    )


def test_the_place_page_keeps_the_typing_and_saves_on_the_second_go(
    place: Location, officer: Person, other: Person, client_for: Callable[[Person], Client]
) -> None:
    check_edit_page_conflict(
        client=client_for(officer),
        url=reverse("offer:location-edit", kwargs={"pk": place.pk}),
        record=place,
        typed=_place_values(place, name="The Hub, typed"),
        shown="The Hub, typed",
        change_elsewhere=lambda version: services.location_update(
            actor=other,
            location=Location.objects.get(pk=place.pk),
            version=version,
            **_place_values(place, description="Open every weekday"),
        ),
        told="description set to \u201cOpen every weekday\u201d",
        saved=lambda: Location.objects.filter(pk=place.pk, name="The Hub, typed").exists(),
    )
