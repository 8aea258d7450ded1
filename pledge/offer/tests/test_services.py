from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from pledge.core.errors import UserError
from pledge.core.models import Agency, AuditEvent, Person
from pledge.core.tests.factories import AgencyFactory, AuthorityFactory
from pledge.offer import services
from pledge.offer.models import LocalOfferEntry, ServiceAtLocation
from pledge.offer.selectors import published_entries
from pledge.offer.tests.helpers import TODAY, details, make_entry, make_place, term

pytestmark = pytest.mark.django_db


def test_an_entry_is_created_with_its_terms_and_the_creation_is_audited(
    agency: Agency, officer: Person
) -> None:
    entry = make_entry(agency, officer, areas=["accommodation", "financial-stability"])
    assert sorted(t.slug for t in entry.terms.all()) == [
        "accommodation",
        "discretionary",
        "financial-stability",
    ]
    event = AuditEvent.objects.get(verb="offer_entry.created")
    assert event.actor == officer
    assert event.changes["title"] == [None, "Setting up home allowance"]
    assert event.changes["terms"] == [
        None,
        ["Accommodation", "Discretionary offer", "Financial stability"],
    ]


def test_an_edit_records_only_what_changed_with_the_reason(agency: Agency, officer: Person) -> None:
    entry = make_entry(agency, officer)
    services.entry_update(
        actor=officer,
        entry=entry,
        details=details(agency, maximum_age=20, entitlement_type="statutory"),
        reason="The council changed its policy",
    )
    event = AuditEvent.objects.get(verb="offer_entry.updated")
    assert event.changes == {
        "maximum_age": [24, 20],
        "terms": [
            ["Accommodation", "Discretionary offer"],
            ["Accommodation", "Statutory entitlement"],
        ],
    }
    assert event.reason == "The council changed its policy"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"areas": []}, "areas", "Select at least one area"),
        ({"areas": ["statutory"]}, "areas", "Select at least one area"),
        ({"entitlement_type": "accommodation"}, "entitlement_type", "statutory entitlement"),
        ({"minimum_age": 21, "maximum_age": 18}, "maximum_age", "youngest age"),
        ({"alert_until": TODAY}, "alert", "Enter the notice"),
    ],
)
def test_an_entry_that_breaks_a_rule_is_refused_and_nothing_is_saved(
    agency: Agency, officer: Person, overrides: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(UserError, match=message) as refused:
        make_entry(agency, officer, **overrides)
    assert refused.value.field == field
    assert not LocalOfferEntry.objects.exists()
    assert not AuditEvent.objects.exists()


def test_another_boards_or_an_archived_agency_cannot_provide_an_entry(
    agency: Agency, officer: Person
) -> None:
    elsewhere = AgencyFactory.create(authority=AuthorityFactory.create(code="E06000998"))
    with pytest.raises(UserError, match="board's agencies"):
        services.entry_create(actor=officer, authority=agency.authority, details=details(elsewhere))
    agency.archived_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    agency.save()
    with pytest.raises(UserError, match="board's agencies"):
        make_entry(agency, officer)


def test_checking_an_entry_records_who_and_when_and_the_next_review(
    agency: Agency, officer: Person
) -> None:
    entry = make_entry(agency, officer, review_by=TODAY - datetime.timedelta(days=3))
    assert entry.is_due_for_review(TODAY)
    services.entry_check(
        actor=officer, entry=entry, today=TODAY, review_by=datetime.date(2027, 5, 1)
    )
    entry.refresh_from_db()
    assert (entry.last_checked_on, entry.last_checked_by, entry.review_by) == (
        TODAY,
        officer,
        datetime.date(2027, 5, 1),
    )
    assert not entry.is_due_for_review(TODAY)
    event = AuditEvent.objects.get(verb="offer_entry.checked")
    assert event.changes["last_checked_on"][1] == "2026-11-23"


def test_an_entry_is_first_checked_by_whoever_writes_it(agency: Agency, officer: Person) -> None:
    entry = make_entry(agency, officer)
    assert (entry.last_checked_on, entry.last_checked_by) == (timezone.localdate(), officer)


def test_nothing_is_published_that_a_young_person_cannot_act_on(
    agency: Agency, officer: Person
) -> None:
    with pytest.raises(UserError, match="Say how a young person gets it"):
        make_entry(agency, officer, how_to_get_it="  ")
    draft = make_entry(agency, officer, how_to_get_it="", is_published=False)  # a draft may
    # An entry never checked (from before entries were first checked by their writer) waits.
    LocalOfferEntry.objects.filter(pk=draft.pk).update(last_checked_on=None)
    draft.refresh_from_db()
    with pytest.raises(UserError, match="Check the entry is right before publishing it"):
        services.entry_update(actor=officer, entry=draft, details=details(agency))
    # One published before the rule, with no way to get it, is not shown to the public.
    LocalOfferEntry.objects.filter(pk=draft.pk).update(is_published=True, how_to_get_it="")
    assert not published_entries().filter(pk=draft.pk).exists()


def test_the_next_review_must_be_in_the_future(agency: Agency, officer: Person) -> None:
    entry = make_entry(agency, officer)
    with pytest.raises(UserError, match="must be in the future"):
        services.entry_check(actor=officer, entry=entry, today=TODAY, review_by=TODAY)


def test_an_archived_entry_cannot_be_changed_until_restored(
    agency: Agency, officer: Person
) -> None:
    entry = make_entry(agency, officer)
    services.entry_archive(actor=officer, entry=entry, reason="No longer offered")
    with pytest.raises(UserError, match="Restore it"):
        services.entry_update(actor=officer, entry=entry, details=details(agency, title="New"))
    services.entry_restore(actor=officer, entry=entry)
    assert not entry.is_archived
    assert list(AuditEvent.objects.values_list("verb", flat=True).order_by("pk")) == [
        "offer_entry.created",
        "offer_entry.archived",
        "offer_entry.restored",
    ]


def test_places_are_linked_and_unlinked_keeping_each_links_id(
    agency: Agency, officer: Person
) -> None:
    place = make_place(agency.authority, officer, postcode="nf1 2ab")
    assert place.postcode == "NF1 2AB"
    entry = make_entry(agency, officer, locations=[place])
    link = ServiceAtLocation.objects.get(entry=entry)
    services.entry_update(
        actor=officer, entry=entry, details=details(agency, locations=[place], title="Renamed")
    )
    assert ServiceAtLocation.objects.get(entry=entry).uuid == link.uuid  # unchanged link kept
    services.entry_update(actor=officer, entry=entry, details=details(agency))
    assert not ServiceAtLocation.objects.filter(entry=entry).exists()


def test_money_is_shown_in_figures_and_words(agency: Agency) -> None:
    entry = make_entry(agency, amount=Decimal(2000), you_pay=Decimal("1.50"))
    assert entry.amount_text == "£2,000 (two thousand pounds)"
    assert entry.you_pay_text == "£1.50"
    assert term("statutory").taxonomy.slug == "local-offer-entitlement-type"
