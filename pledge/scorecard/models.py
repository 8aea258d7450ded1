"""The scorecard: KPIs with dated targets, readings that keep their corrections, and KPI files
waiting for an officer to confirm them. The 903 return's aggregates are in `pledge.returns`, DfE's
published figures in `pledge.comparators` (docs/adr/0012-scorecard.md)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone

from boardfiles.units import Frequency, Polarity, Unit
from pledge.actions.models import Action
from pledge.core.models import Agency, Archivable, Authority, Person, StagedUpload, Versioned
from pledge.strategy.models import Principle, StrategyItem


class Source(models.TextChoices):
    ENGINE = "engine", "The authority's SSDA903 return"
    MANUAL = "manual", "Entered by hand"
    CSV = "csv", "CSV import"


class HeadlineSection(models.TextChoices):
    """Where a KPI shows on the public headline data and in the board pack, beside the 903's
    figures (`pledge/reports/headline.py` SECTIONS, in this order)."""

    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    PLACEMENTS = "placements", "Placements"
    STABILITY = "stability", "Stability"
    REVIEWS = "reviews", "Reviews, visits and going missing"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    ADOPTION = "adoption", "Adoption"


class Kpi(Archivable, Versioned):
    """A measure the board watches, like seed 002's "three moves or more within a year"."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="kpis")
    reference = models.CharField(max_length=30, blank=True)
    name = models.CharField("what is measured", max_length=300)
    description = models.TextField(
        "what it means", blank=True, help_text="In plain words, for a young person reading it"
    )
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="kpis"
    )
    unit = models.CharField(max_length=20, choices=Unit.choices())
    polarity = models.CharField("which way is better", max_length=10, choices=Polarity.choices())
    frequency = models.CharField(
        "how often it is reported", max_length=10, choices=Frequency.choices()
    )
    source = models.CharField("where the figures come from", max_length=10, choices=Source.choices)
    indicator = models.CharField(
        "903 indicator",
        max_length=100,
        blank=True,
        help_text="The engine's indicator code, when the source is the 903 return",
    )
    tolerance = models.DecimalField(
        max_digits=12,
        decimal_places=3,
        default=Decimal(0),
        help_text="How far from target still counts as amber, in the KPI's unit",
    )
    overdue_after_days = models.PositiveIntegerField(
        "days after a period ends before its figure is overdue",
        default=30,
        help_text="Days after a period ends before its reading is overdue",
    )
    comparator_measure = models.CharField(
        "published comparator",
        max_length=300,
        blank=True,
        help_text="The published measure shown beside it",
    )
    headline_section = models.CharField(
        "on the headline data",
        max_length=20,
        blank=True,
        choices=HeadlineSection.choices,
        help_text="Shows it on the public headline data and in the board pack, in this section",
    )
    principles = models.ManyToManyField(Principle, blank=True, related_name="kpis")
    priorities = models.ManyToManyField(StrategyItem, blank=True, related_name="kpis")
    actions = models.ManyToManyField(Action, blank=True, related_name="kpis")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(
        default=timezone.now, help_text="No figure is overdue for a period that ended before"
    )

    class Meta:
        ordering = ["position", "reference", "name"]
        verbose_name = "KPI"

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip()


class KpiTarget(models.Model):
    """A target from a date, as the board wrote it and as Pledge reads it (scorecard.targets)."""

    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="targets")
    applies_from = models.DateField()
    words = models.TextField(blank=True, help_text="The target as written")
    rule = models.JSONField(help_text="The parsed rule: targets.Target.as_dict()")
    set_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["kpi", "-applies_from"]
        constraints = [
            models.UniqueConstraint("kpi", "applies_from", name="one_target_per_kpi_and_date")
        ]

    def __str__(self) -> str:
        return f"{self.text} (from {self.applies_from:%-d %B %Y})"

    @property
    def text(self) -> str:
        return self.words or "No target"


class Reading(models.Model):
    """A KPI's value for a period. A correction is a new reading; the old one is kept and points
    at what replaced it, so the history shows what the board was told and when."""

    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="readings")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    not_available = models.CharField(
        max_length=300, blank=True, help_text="Why there is no value, when there is none"
    )
    commentary = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    source_label = models.CharField(
        max_length=300, blank=True, help_text="The file, return or person the value came from"
    )
    entered_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField()
    is_current = models.BooleanField(default=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )

    class Meta:
        ordering = ["kpi", "period_end", "-entered_at"]
        constraints = [
            models.UniqueConstraint(
                "kpi",
                "period_end",
                condition=Q(is_current=True),
                name="one_current_reading_per_period",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(not_available=""),
                name="reading_has_a_value_or_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} to {self.period_end:%-d %B %Y}"


class KpiUpload(StagedUpload):
    """A file of KPIs waiting for the officer to check its preview and confirm the import."""

    audit_name = "kpi_upload"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    targets_from = models.DateField(help_text="The day the file's targets apply from")
    plan = models.ForeignKey(
        "actions.ActionPlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The plan whose actions the KPIs' actions are matched in, by reference",
    )


class FiguresUpload(StagedUpload):
    """A file of KPI figures waiting for the officer to check its preview and confirm it."""

    audit_name = "figures_upload"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
