"""The board's strategy: a tree of priorities, outcomes and workstreams, answered to the seven
Corporate Parenting Principles and to the authority's own pledge promises."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from pledge.core.models import Archivable, Authority, Person, PlainWords, Versioned

REFERENCE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9]+([.\-][A-Za-z0-9]+)*$",
    "Enter a reference made of numbers and letters, like 1, 1.1 or 3e",
)


class Principle(models.Model):
    """One of the seven Corporate Parenting Principles, Children and Social Work Act 2017 s.1(1).

    A fixed taxonomy: the rows are created by a data migration and never edited in the product.
    """

    number = models.PositiveSmallIntegerField(unique=True)
    short_name = models.CharField(max_length=80)
    statutory_text = models.TextField()
    plain_text = models.TextField(help_text="What the principle means, written to you")

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_name}"


class PledgePromise(Archivable, Versioned, PlainWords):
    """A promise in the authority's pledge to its children, like Sandwell's 10 messages."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="promises")
    reference = models.CharField(max_length=20, validators=[REFERENCE_VALIDATOR])
    text = models.TextField("promise", help_text="The promise as the pledge words it")
    plain_text = models.TextField(
        "in plain words", blank=True, help_text="The same promise in plain words, written to you"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                "authority",
                "reference",
                condition=Q(archived_at__isnull=True),
                name="promise_reference_unique_while_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}. {self.text}"


class Strategy(Archivable, Versioned, PlainWords):
    """A multi-year corporate parenting strategy, like Sandwell's 2020-2023."""

    plain_field = "plain_vision"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="strategies")
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    vision = models.TextField(blank=True, help_text="What the strategy is for, in formal words")
    plain_vision = models.TextField(
        "vision in plain words", blank=True, help_text="The same, written to you"
    )

    class Meta:
        verbose_name_plural = "strategies"
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="strategy_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        return f"{self.starts_on:%B %Y} to {self.ends_on:%B %Y}"


class ItemKind(models.TextChoices):
    PRIORITY = "priority", "Priority"
    OUTCOME = "outcome", "Outcome"
    WORKSTREAM = "workstream", "Workstream"


class StrategyItem(Archivable, Versioned, PlainWords):
    """A priority, outcome or workstream in a strategy's tree, with its reference code."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="items")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    reference = models.CharField(max_length=20, validators=[REFERENCE_VALIDATOR])
    title = models.CharField(max_length=300)
    formal_text = models.TextField("formal text", blank=True)
    plain_text = models.TextField(
        "in plain words", blank=True, help_text='The same, written to you: "We will help you..."'
    )
    position = models.PositiveIntegerField(default=0)
    principles = models.ManyToManyField(Principle, blank=True, related_name="items")
    promises = models.ManyToManyField(PledgePromise, blank=True, related_name="items")
    mapping_reviewed_at = models.DateTimeField(null=True, blank=True)
    mapping_reviewed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                "strategy",
                "reference",
                condition=Q(archived_at__isnull=True),
                name="item_reference_unique_while_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def mapping_reviewed(self) -> bool:
        return self.mapping_reviewed_at is not None
