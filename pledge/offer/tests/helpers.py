"""Making Local Offer entries in tests, through the audited services."""

from __future__ import annotations

import datetime
from typing import Any

from pledge.core.models import Agency, Authority, Person
from pledge.offer import services
from pledge.offer.models import AREAS, ENTITLEMENT_TYPES, LocalOfferEntry, Location, TaxonomyTerm

TODAY = datetime.date(2026, 11, 23)


def term(slug: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.select_related("taxonomy").get(slug=slug)


def area_terms() -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(taxonomy__slug=AREAS).order_by("position"))


def type_terms() -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(taxonomy__slug=ENTITLEMENT_TYPES).order_by("position"))


def details(agency: Agency, **overrides: Any) -> services.EntryDetails:
    """Entry details that pass every check, with `overrides` (areas and type given by slug)."""
    values: dict[str, Any] = {
        "title": "Setting up home allowance",
        "description": "Money to buy what you need for your first home.",
        "entitlement_type": "discretionary",
        "areas": ["accommodation"],
        "agency": agency,
        "review_by": TODAY + datetime.timedelta(days=180),
        "minimum_age": 18,
        "maximum_age": 24,
        "how_to_get_it": "Ask your personal adviser.",
        "is_published": True,
    } | overrides
    values["entitlement_type"] = term(values["entitlement_type"])
    values["areas"] = [term(slug) for slug in values["areas"]]
    return services.EntryDetails(**values)


def make_entry(agency: Agency, actor: Person | None = None, **overrides: Any) -> LocalOfferEntry:
    return services.entry_create(
        actor=actor, authority=agency.authority, details=details(agency, **overrides)
    )


def make_place(authority: Authority, actor: Person | None = None, **overrides: str) -> Location:
    values = {
        "name": "Leaving Care Hub",
        "address_1": "14 Market Street",
        "city": "Northfield",
        "county": "Northshire",
        "postcode": "NF1 2AB",
    } | overrides
    return services.location_create(actor=actor, authority=authority, **values)
