"""The care leavers' Local Offer (Children and Social Work Act 2017 s.2): what young people can get.

Each `LocalOfferEntry` is one entitlement or service, written to "you". It is published as a
public directory (pledge/offer/views.py) and as an Open Referral UK API (pledge/offer/api.py).
The two taxonomies it is sorted by are Pledge's own and fixed: the seven areas of the DfE's Local
Offer guidance and the statutory/discretionary split (data migration 0002).
"""

from __future__ import annotations

import datetime
import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from pledge.core.models import Agency, Archivable, Authority, Person, Versioned
from pledge.offer.money import pounds, pounds_in_words

AREAS = "local-offer-areas"
ENTITLEMENT_TYPES = "local-offer-entitlement-type"
STATUTORY = "statutory"
DISCRETIONARY = "discretionary"


class Taxonomy(models.Model):
    """A vocabulary that entries are sorted by, served at /api/oruk/taxonomies/."""

    uuid = models.UUIDField(unique=True, editable=False)
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    version = models.CharField(max_length=20)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    uuid = models.UUIDField(unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    slug = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    # Written to young people: shown under each area's heading in the directory.
    description = models.TextField()
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["taxonomy__name", "position"]
        constraints = [
            models.UniqueConstraint("taxonomy", "slug", name="term_slug_unique_in_taxonomy")
        ]

    def __str__(self) -> str:
        return self.name


class Location(Archivable, Versioned):
    """Somewhere young people can go to get help: a hub, an office, a drop-in."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    address_1 = models.CharField("Building and street", max_length=200)
    city = models.CharField("Town or city", max_length=100)
    county = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalOfferEntry(Archivable, Versioned):
    """One entitlement or service in the Local Offer for care leavers."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="offer")
    title = models.CharField(max_length=200)
    description = models.TextField(help_text='Written to young people: "You can get..."')
    terms = models.ManyToManyField(TaxonomyTerm, related_name="entries")
    # Inclusive whole years: "until your 25th birthday" is 24. Blank means no limit that way.
    minimum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    eligibility = models.TextField("Who can get it", blank=True)
    what_you_get = models.TextField(blank=True)
    amount = models.DecimalField(
        "Value in pounds", max_digits=9, decimal_places=2, null=True, blank=True
    )
    you_pay = models.DecimalField("What you pay", max_digits=9, decimal_places=2, default=0)
    you_pay_description = models.CharField("What you pay, in words", max_length=300, blank=True)
    funder = models.CharField("Who pays for it", max_length=200, blank=True)
    how_to_get_it = models.TextField(blank=True)
    url = models.URLField("Web page", max_length=500, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_title = models.CharField("Contact's job title", max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="offer", verbose_name="Who provides it"
    )
    locations = models.ManyToManyField(
        Location, through="ServiceAtLocation", related_name="entries", blank=True
    )
    applies_outside_area = models.BooleanField(
        "Care leavers living outside the area can get it", default=False
    )
    alert = models.CharField(max_length=500, blank=True)
    alert_until = models.DateField(null=True, blank=True)
    is_published = models.BooleanField(default=False)
    review_by = models.DateField()
    last_checked_on = models.DateField(null=True, blank=True)
    last_checked_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "Local Offer entry"
        verbose_name_plural = "Local Offer entries"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="offer_entry_ages_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def alert_showing(self, today: datetime.date) -> str:
        """The short-term notice, unless it has run out."""
        if self.alert and (self.alert_until is None or self.alert_until >= today):
            return self.alert
        return ""

    def is_due_for_review(self, today: datetime.date) -> bool:
        return self.review_by < today

    @property
    def ages(self) -> str:
        """The age range in words: "16 to 24", "16 and over", "up to 24" or "any age"."""
        low, high = self.minimum_age, self.maximum_age
        if low is not None and high is not None:
            return f"{low}" if low == high else f"{low} to {high}"
        if low is not None:
            return f"{low} and over"
        if high is not None:
            return f"up to {high}"
        return "any age"

    @property
    def amount_text(self) -> str:
        """The value in figures and words, as the Local Offer guidance asks: "£2,000 (two
        thousand pounds)"."""
        if self.amount is None:
            return ""
        return f"{pounds(self.amount)} ({pounds_in_words(self.amount)})"

    @property
    def you_pay_text(self) -> str:
        if self.you_pay_description:
            return self.you_pay_description
        return "Nothing: it is free" if self.you_pay == 0 else pounds(self.you_pay)

    def term_in(self, taxonomy_slug: str) -> list[TaxonomyTerm]:
        """The entry's terms in one taxonomy (from prefetched terms, so no query per entry)."""
        return [term for term in self.terms.all() if term.taxonomy.slug == taxonomy_slug]


class ServiceAtLocation(models.Model):
    """An entry offered at a location: its own id in Open Referral UK's /service_at_locations."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry = models.ForeignKey(LocalOfferEntry, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint("entry", "location", name="service_at_location_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry} at {self.location}"
