"""Reads for the Local Offer: the public directory's searches and the officers' review list."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from pledge.offer.models import AREAS, ENTITLEMENT_TYPES, LocalOfferEntry, Location, TaxonomyTerm
from pledge.offer.search import ranked


def published_entries() -> QuerySet[LocalOfferEntry]:
    """What the public may see: published entries that are not archived, and that say how to get
    them and when they were last checked (as publishing them requires: services.py)."""
    return (
        LocalOfferEntry.objects.live()
        .filter(is_published=True, last_checked_on__isnull=False)
        .filter(~Q(url="") | ~Q(email="") | ~Q(phone="") | ~Q(how_to_get_it=""))
    )


def with_details(entries: QuerySet[LocalOfferEntry]) -> QuerySet[LocalOfferEntry]:
    """Entries with their provider, terms and places loaded, in four queries whatever their
    number."""
    return entries.select_related("agency").prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
        Prefetch("locations", queryset=Location.objects.live()),
    )


def matching_words(entries: QuerySet[LocalOfferEntry], text: str) -> QuerySet[LocalOfferEntry]:
    """Entries that contain every word of `text` somewhere in their words or provider's name."""
    for word in text.split():
        entries = entries.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(eligibility__icontains=word)
            | Q(what_you_get__icontains=word)
            | Q(agency__name__icontains=word)
        )
    return entries


def with_term(entries: QuerySet[LocalOfferEntry], **term: object) -> QuerySet[LocalOfferEntry]:
    """Entries carrying a term that matches `term` (e.g. slug=..., or taxonomy__uuid=...)."""
    links = LocalOfferEntry.terms.through.objects.filter(
        localofferentry_id=OuterRef("pk"), **{f"taxonomyterm__{k}": v for k, v in term.items()}
    )
    return entries.filter(Exists(links))


def for_age(entries: QuerySet[LocalOfferEntry], age: int) -> QuerySet[LocalOfferEntry]:
    """Entries whose inclusive age range takes in `age` (a blank end is no limit that way)."""
    return entries.filter(
        Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
        Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
    )


def directory_entries(
    *, search: str = "", age: int | None = None, area: str = "", entitlement: str = ""
) -> list[LocalOfferEntry]:
    """The public directory's results: the entries for the age, area and type given, and of
    those the ones the search finds, best first (search.py)."""
    entries = published_entries()
    if age is not None:
        entries = for_age(entries, age)
    if area:
        entries = with_term(entries, slug=area, taxonomy__slug=AREAS)
    if entitlement:
        entries = with_term(entries, slug=entitlement, taxonomy__slug=ENTITLEMENT_TYPES)
    return ranked(with_details(entries), search)


@dataclass(frozen=True)
class AreaGroup:
    area: TaxonomyTerm
    entries: list[LocalOfferEntry]


def grouped_by_area(entries: Iterable[LocalOfferEntry]) -> list[AreaGroup]:
    """The seven areas in the guidance's order, each with its entries (an entry in two areas is
    under both, as a young person looking under either would expect); empty areas left out."""
    areas = TaxonomyTerm.objects.filter(taxonomy__slug=AREAS).order_by("position")
    loaded = list(entries)
    groups = [
        AreaGroup(area, [e for e in loaded if any(t.pk == area.pk for t in e.terms.all())])
        for area in areas
    ]
    return [group for group in groups if group.entries]


def entries_due_for_review(today: datetime.date) -> QuerySet[LocalOfferEntry]:
    """Live entries whose review date has passed, the longest overdue first."""
    return (
        LocalOfferEntry.objects.live()
        .filter(review_by__lt=today)
        .select_related("agency", "last_checked_by")
        .order_by("review_by", "title")
    )
