"""The Local Offer as Open Referral UK (HSDS 3.0 UK profile 3.0) bodies.

Pure functions from Pledge's records to the shapes in the UK profile's schemas
(OpenReferralUK/uk-profile, schema/compiled/*.json); pledge/offer/api.py serves them and
pledge/offer/tests/test_api.py validates them against the published schema files.

How Pledge's records map (docs/adr/0009-open-referral-uk-api.md):
- a Local Offer entry is a service; its provider agency is the organization;
- its areas and entitlement type are attributes linking Pledge's two taxonomies' terms;
- what the young person pays is a cost option (nothing, for most); who pays for it is funding;
  the value of a grant, who can get it and how are in the description, written to "you";
- the board's area (or "wherever you live") is the service area; places to go are locations.

Ids are stored UUIDs. Records that exist only as a part of an entry (its contact, service area,
cost option, funding, attributes, a location's address) get a UUID derived from their parent's,
so they are stable across restarts without being stored. Optional fields with no value are left
out, never sent as null or "".
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from pledge.core.models import Agency, Authority
from pledge.offer.models import (
    LocalOfferEntry,
    Location,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
ONS_GEOGRAPHY = "http://statistics.data.gov.uk/id/statistical-geography/"

Body = dict[str, Any]


def compact(body: Body) -> Body:
    """`body` without the fields that have no value: the profile wants them left out."""
    return {key: value for key, value in body.items() if value not in (None, "", [])}


def part_id(parent: uuid.UUID, part: str) -> str:
    """A stable id for a record that exists only as part of `parent` (its contact, say)."""
    return str(uuid.uuid5(parent, part))


def service_summary(entry: LocalOfferEntry, *, today: datetime.date) -> Body:
    """A service with its one-to-one fields and organization, as /services lists it."""
    return compact(
        {
            "id": str(entry.uuid),
            "organization_id": str(entry.agency.uuid),
            "name": entry.title,
            "description": service_description(entry),
            "url": entry.url,
            "email": entry.email,
            "status": "active",
            "minimum_age": entry.minimum_age,
            "maximum_age": entry.maximum_age,
            "assured_date": entry.last_checked_on.isoformat() if entry.last_checked_on else None,
            "alert": entry.alert_showing(today),
            "last_modified": entry.updated_at.isoformat(),
            "organization": organization(entry.agency),
        }
    )


def service_full(
    entry: LocalOfferEntry,
    *,
    today: datetime.date,
    base_url: str,
    locations: list[ServiceAtLocation],
) -> Body:
    """A service with everything about it nested, as /services/{id} returns it."""
    service_id = str(entry.uuid)
    return compact(
        service_summary(entry, today=today)
        | {
            "service_areas": [service_area(entry)],
            "service_at_locations": [service_at_location(link) for link in locations],
            "funding": [
                {
                    "id": part_id(entry.uuid, "funding"),
                    "service_id": service_id,
                    "source": entry.funder,
                }
            ]
            if entry.funder
            else [],
            "cost_options": [cost_option(entry)],
            "contacts": [contact(entry)] if entry.contact_name or entry.contact_title else [],
            "attributes": [
                attribute(entry.uuid, term, base_url=base_url) for term in entry.terms.all()
            ],
        }
    )


def service_description(entry: LocalOfferEntry) -> str:
    """The entry's words, what you get, who can get it and how, as one plain-text description."""
    paragraphs = [entry.description]
    what = " ".join(text for text in (entry.what_you_get, entry.amount_text) if text)
    for heading, text in (
        ("What you get", what),
        ("Who can get it", entry.eligibility),
        ("How to get it", entry.how_to_get_it),
        ("Phone", entry.phone),
    ):
        if text:
            paragraphs.append(f"{heading}: {text}")
    if entry.applies_outside_area:
        paragraphs.append("You can get this wherever you live.")
    return "\n\n".join(paragraphs)


def organization(agency: Agency) -> Body:
    return {
        "id": str(agency.uuid),
        "name": agency.name,
        "description": f"{agency.get_kind_display()}: a corporate parenting partner.",
    }


def service_area(entry: LocalOfferEntry) -> Body:
    authority: Authority = entry.authority
    if entry.applies_outside_area:
        return {
            "id": part_id(entry.uuid, "service_area"),
            "service_id": str(entry.uuid),
            "name": f"Care leavers {authority.name} looked after, wherever they live",
        }
    return {
        "id": part_id(entry.uuid, "service_area"),
        "service_id": str(entry.uuid),
        "name": f"Care leavers living in the area of {authority.name}",
        "uri": ONS_GEOGRAPHY + authority.code,
    }


def cost_option(entry: LocalOfferEntry) -> Body:
    """What the young person pays: nothing for most entries. A grant's value is not a cost."""
    free = entry.you_pay == 0
    return compact(
        {
            "id": part_id(entry.uuid, "cost_option"),
            "service_id": str(entry.uuid),
            "option": "Free" if free else "What you pay",
            "amount": _number(entry.you_pay),
            "amount_description": entry.you_pay_description or ("You pay nothing" if free else ""),
        }
    )


def contact(entry: LocalOfferEntry) -> Body:
    return compact(
        {
            "id": part_id(entry.uuid, "contact"),
            "service_id": str(entry.uuid),
            "name": entry.contact_name,
            "title": entry.contact_title,
        }
    )


def attribute(link_id: uuid.UUID, term: TaxonomyTerm, *, base_url: str) -> Body:
    return {
        "id": part_id(link_id, f"attribute:{term.uuid}"),
        "link_id": str(link_id),
        "taxonomy_term_id": str(term.uuid),
        "link_type": term.taxonomy.slug,
        "taxonomy_term": taxonomy_term(term, base_url=base_url),
    }


def taxonomy_term(term: TaxonomyTerm, *, base_url: str) -> Body:
    return {
        "id": str(term.uuid),
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": str(term.taxonomy.uuid),
        "term_uri": f"{base_url}taxonomy_terms/{term.uuid}",
        "term": term.slug,
    }


def taxonomy(record: Taxonomy, *, base_url: str) -> Body:
    return {
        "id": str(record.uuid),
        "name": record.name,
        "description": record.description,
        "uri": f"{base_url}taxonomies/{record.uuid}",
        "version": record.version,
        "taxonomy_terms": [taxonomy_term(term, base_url=base_url) for term in record.terms.all()],
    }


def location(record: Location) -> Body:
    return compact(
        {
            "id": str(record.uuid),
            "location_type": "physical",
            "name": record.name,
            "description": record.description,
            "addresses": [
                {
                    "id": part_id(record.uuid, "address"),
                    "location_id": str(record.uuid),
                    "address_1": record.address_1,
                    "city": record.city,
                    "state_province": record.county,
                    "postal_code": record.postcode,
                    "country": "GB",
                    "address_type": "physical",
                }
            ],
        }
    )


def service_at_location(link: ServiceAtLocation, *, today: datetime.date | None = None) -> Body:
    """A service at a location; with its service's summary when `today` is given (to show any
    alert), as /service_at_locations returns it, and without inside a service's own body."""
    body = {
        "id": str(link.uuid),
        "service_id": str(link.entry.uuid),
        "location_id": str(link.location.uuid),
        "location": location(link.location),
    }
    if today is not None:
        body["service"] = service_summary(link.entry, today=today)
    return body


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
