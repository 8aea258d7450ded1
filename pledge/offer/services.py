"""Writes for the Local Offer. Each is an audited `@service` given the acting person."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pledge.core.archiving import set_archived
from pledge.core.audit import (
    as_audit_value,
    audit_record,
    audit_update,
    changes_between,
    service,
)
from pledge.core.concurrency import lock_for_edit
from pledge.core.errors import UserError
from pledge.core.models import Agency, Authority, Person
from pledge.offer.models import (
    AREAS,
    ENTITLEMENT_TYPES,
    LocalOfferEntry,
    Location,
    ServiceAtLocation,
    TaxonomyTerm,
)

PENNY = Decimal("0.01")
LOCATION_FIELDS = ("name", "description", "address_1", "city", "county", "postcode")


@dataclass(frozen=True)
class EntryDetails:
    """Everything an officer writes about an entry, as the entry form collects it."""

    title: str
    description: str
    entitlement_type: TaxonomyTerm
    areas: list[TaxonomyTerm]
    agency: Agency
    review_by: datetime.date
    minimum_age: int | None = None
    maximum_age: int | None = None
    eligibility: str = ""
    what_you_get: str = ""
    amount: Decimal | None = None
    you_pay: Decimal = Decimal(0)
    you_pay_description: str = ""
    funder: str = ""
    how_to_get_it: str = ""
    url: str = ""
    email: str = ""
    phone: str = ""
    contact_name: str = ""
    contact_title: str = ""
    locations: list[Location] = field(default_factory=list)
    applies_outside_area: bool = False
    alert: str = ""
    alert_until: datetime.date | None = None
    is_published: bool = False


# The details kept in the entry's own columns; the rest are its links to terms and locations.
COLUMNS = tuple(
    name
    for name in EntryDetails.__dataclass_fields__
    if name not in {"entitlement_type", "areas", "locations"}
)


# Entries ----------------------------------------------------------------------------------------


@service
def entry_create(
    *, actor: Person | None, authority: Authority, details: EntryDetails
) -> LocalOfferEntry:
    """Add an entitlement or service to the Local Offer (a draft unless `is_published`)."""
    _check(authority, details)
    entry = LocalOfferEntry(authority=authority)
    # Whoever writes an entry has checked it: its first check is theirs, today.
    entry.last_checked_on, entry.last_checked_by = timezone.localdate(), actor
    _check_publishable(entry, details)
    _apply(entry, details)
    audit_record(
        actor=actor, verb="offer_entry.created", target=entry, changes=_filled(_snapshot(entry))
    )
    return entry


@service
def entry_update(
    *,
    actor: Person,
    entry: LocalOfferEntry,
    details: EntryDetails,
    reason: str = "",
    version: int | None = None,
) -> LocalOfferEntry:
    """Change what an entry says, who it is for or whether it is published, from `version`
    (ADR 0014)."""
    lock_for_edit(entry, version=version)
    if entry.is_archived:
        raise UserError(f"{entry} is archived. Restore it before changing it.")
    _check(entry.authority, details)
    _check_publishable(entry, details)
    before = _snapshot(entry)
    _apply(entry, details)
    audit_update(
        actor=actor,
        verb="offer_entry.updated",
        target=entry,
        before=before,
        after=_snapshot(entry),
        reason=reason,
    )
    return entry


@service
def entry_check(
    *,
    actor: Person,
    entry: LocalOfferEntry,
    review_by: datetime.date,
    today: datetime.date,
    reason: str = "",
) -> LocalOfferEntry:
    """Record that someone checked the entry is still right today, and when to check it next."""
    if review_by <= today:
        raise UserError("The next review date must be in the future", field="review_by")
    lock_for_edit(entry, version=None)
    before = _snapshot(entry)
    entry.last_checked_on, entry.last_checked_by, entry.review_by = today, actor, review_by
    entry.updated_at = timezone.now()
    entry.save(update_fields=["last_checked_on", "last_checked_by", "review_by", "updated_at"])
    audit_record(
        actor=actor,
        verb="offer_entry.checked",
        target=entry,
        changes=changes_between(before, _snapshot(entry)),
        reason=reason,
    )
    return entry


@service
def entry_archive(*, actor: Person, entry: LocalOfferEntry, reason: str = "") -> LocalOfferEntry:
    """Take an entry out of the Local Offer; its history stays."""
    set_archived(
        actor=actor, target=entry, archived=True, verb="offer_entry.archived", reason=reason
    )
    _touch(entry)
    return entry


@service
def entry_restore(*, actor: Person, entry: LocalOfferEntry, reason: str = "") -> LocalOfferEntry:
    """Bring an archived entry back (as it was: published if it was published)."""
    set_archived(
        actor=actor, target=entry, archived=False, verb="offer_entry.restored", reason=reason
    )
    _touch(entry)
    return entry


def _check(authority: Authority, details: EntryDetails) -> None:
    if details.entitlement_type.taxonomy.slug != ENTITLEMENT_TYPES:
        raise UserError(
            "Select whether it is a statutory entitlement or a discretionary offer",
            field="entitlement_type",
        )
    if not details.areas or any(term.taxonomy.slug != AREAS for term in details.areas):
        raise UserError("Select at least one area of the Local Offer", field="areas")
    low, high = details.minimum_age, details.maximum_age
    if low is not None and high is not None and low > high:
        raise UserError(
            "The youngest age must be the same as or less than the oldest age", field="maximum_age"
        )
    if details.agency.authority_id != authority.pk or details.agency.is_archived:
        raise UserError("Select one of the board's agencies", field="agency")
    if any(loc.authority_id != authority.pk or loc.is_archived for loc in details.locations):
        raise UserError("Select only the board's own places", field="locations")
    if details.alert_until is not None and not details.alert:
        raise UserError("Enter the notice, or leave its end date blank", field="alert")


def _check_publishable(entry: LocalOfferEntry, details: EntryDetails) -> None:
    """Nothing is published that a young person cannot act on: a way to get it, and a date
    someone last checked it is right (Open Referral UK's `assured_date`)."""
    if not details.is_published:
        return
    if not (details.url or details.email or details.phone or details.how_to_get_it.strip()):
        raise UserError(
            "Say how a young person gets it before publishing it: a web page, an email address, "
            "a phone number or how to apply",
            field="how_to_get_it",
        )
    if entry.last_checked_on is None:
        raise UserError(
            "Check the entry is right before publishing it: save it as a draft, then use "
            '"Mark as checked" on its page',
            field="is_published",
        )


def _apply(entry: LocalOfferEntry, details: EntryDetails) -> None:
    values = asdict(details)
    for name in COLUMNS:
        setattr(entry, name, values[name])
    for name in ("amount", "you_pay"):  # in pence, as stored: 0 and 0.00 are no change
        if getattr(entry, name) is not None:
            setattr(entry, name, Decimal(getattr(entry, name)).quantize(PENNY))
    entry.updated_at = timezone.now()
    entry.full_clean(exclude=["terms", "locations"])
    entry.save()
    entry.terms.set([details.entitlement_type, *details.areas])
    kept = {loc.pk for loc in details.locations}
    ServiceAtLocation.objects.filter(entry=entry).exclude(location_id__in=kept).delete()
    have = set(ServiceAtLocation.objects.filter(entry=entry).values_list("location_id", flat=True))
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(entry=entry, location_id=pk) for pk in kept - have
    )


def _touch(entry: LocalOfferEntry) -> None:
    entry.updated_at = timezone.now()
    entry.save(update_fields=["updated_at"])


def _snapshot(entry: LocalOfferEntry) -> dict[str, Any]:
    values: dict[str, Any] = {name: as_audit_value(getattr(entry, name)) for name in COLUMNS}
    values |= {
        "last_checked_on": as_audit_value(entry.last_checked_on),
        "last_checked_by": as_audit_value(entry.last_checked_by),
    }
    return values | {
        "terms": sorted(str(term) for term in entry.terms.all()),
        "locations": sorted(str(location) for location in entry.locations.all()),
    }


# Locations --------------------------------------------------------------------------------------


@service
def location_create(
    *,
    actor: Person | None,
    authority: Authority,
    name: str,
    address_1: str,
    city: str,
    county: str,
    postcode: str,
    description: str = "",
) -> Location:
    """Add a place young people can go, to be linked to the entries offered there."""
    location = Location(
        authority=authority,
        name=name,
        description=description,
        address_1=address_1,
        city=city,
        county=county,
        postcode=postcode.upper().strip(),
    )
    location.full_clean()
    location.save()
    audit_record(
        actor=actor,
        verb="offer_location.created",
        target=location,
        changes=_filled(_location_snapshot(location)),
    )
    return location


@service
def location_update(
    *,
    actor: Person,
    location: Location,
    name: str,
    address_1: str,
    city: str,
    county: str,
    postcode: str,
    description: str = "",
    reason: str = "",
    version: int | None = None,
) -> Location:
    """Change a place's name, description or address, from `version` (ADR 0014)."""
    lock_for_edit(location, version=version)
    before = _location_snapshot(location)
    location.name, location.description = name, description
    location.address_1, location.city, location.county = address_1, city, county
    location.postcode = postcode.upper().strip()
    location.full_clean()
    location.save()
    # Its entries' API bodies carry the address: mark them changed.
    LocalOfferEntry.objects.filter(locations=location).update(updated_at=timezone.now())
    audit_update(
        actor=actor,
        verb="offer_location.updated",
        target=location,
        before=before,
        after=_location_snapshot(location),
        reason=reason,
    )
    return location


def _filled(values: dict[str, Any]) -> dict[str, list[Any]]:
    """A new record's audit changes: only the fields given a value, each from nothing."""
    return {name: [None, value] for name, value in values.items() if value not in (None, "", [])}


def _location_snapshot(location: Location) -> dict[str, Any]:
    return {name: getattr(location, name) for name in LOCATION_FIELDS}
