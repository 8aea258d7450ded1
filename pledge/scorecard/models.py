"""The scorecard: KPIs with dated targets, readings that keep their corrections, the engine's
aggregates from the authority's 903 returns, and DfE's published comparators.

Nothing here holds child-level data: a 903 upload leaves only `IndicatorValue` aggregates and a
`ReturnLoad` with counts (docs/adr/0012-scorecard.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone

from boardfiles.units import Frequency, Polarity, Unit
from pledge.actions.models import Action
from pledge.core.models import Agency, Archivable, Authority, Person, Versioned
from pledge.strategy.models import Principle, StrategyItem


class Source(models.TextChoices):
    ENGINE = "engine", "The authority's SSDA903 return"
    MANUAL = "manual", "Entered by hand"
    CSV = "csv", "CSV import"


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


class ReturnLoad(models.Model):
    """One load of the authority's 903 return: what was uploaded, what the checks found (as
    counts), and whether its indicators were stored. Never the rows themselves."""

    class State(models.TextChoices):
        CHECKING = "checking", "Checking the files"
        CHECKED = "checked", "Checked: waiting for confirmation"
        COMPUTING = "computing", "Working out the indicators"
        STORED = "stored", "Indicators stored"
        REFUSED = "refused", "Not stored: the files have errors"
        DISCARDED = "discarded", "Discarded"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired: the files were deleted unused"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="loads")
    loaded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    filenames = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKING)
    progress = models.CharField(max_length=300, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the task working on it last said how far it had got"
    )
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    summary = models.JSONField(
        default=list, blank=True, help_text="Issues grouped by rule: code, message, count"
    )
    years = models.JSONField(default=list, blank=True)
    as_at_dates = models.PositiveIntegerField(default=0)
    values_stored = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)
    children = models.PositiveIntegerField(null=True, blank=True)
    episodes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"903 return loaded {self.started_at:%-d %B %Y %H:%M}"


class IndicatorValue(models.Model):
    """An engine indicator for the authority at one month end: aggregates only."""

    load = models.ForeignKey(ReturnLoad, on_delete=models.PROTECT, related_name="values")
    code = models.CharField(max_length=120)
    la = models.CharField(max_length=9)
    as_at = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    numerator = models.DecimalField(max_digits=20, decimal_places=6, null=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=6, null=True)
    value = models.DecimalField(max_digits=24, decimal_places=12, null=True)
    status = models.CharField(max_length=20)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code", "as_at"]
        indexes = [models.Index(fields=["code", "la", "as_at"])]

    def __str__(self) -> str:
        return f"{self.code} at {self.as_at}"


class ComparatorImport(models.Model):
    """A file of DfE's published figures, as imported: where each comparator came from."""

    filename = models.CharField(max_length=255)
    imported_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField()
    values = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.filename}, imported {self.imported_at:%-d %B %Y}"


class ComparatorValue(models.Model):
    """A published figure for England, a region or another authority (DfE's EES files). A newer
    file replaces the value it holds for the same measure, area and period."""

    measure = models.CharField(max_length=300)
    geography_level = models.CharField(max_length=20)
    area_code = models.CharField(max_length=12)
    area_name = models.CharField(max_length=200)
    old_la_code = models.CharField("old LA number", max_length=3, blank=True)
    period = models.CharField(max_length=20)
    year_ending = models.DateField(null=True, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    symbol = models.CharField(max_length=4, blank=True)
    source = models.ForeignKey(ComparatorImport, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["measure", "area_name", "period"]
        constraints = [
            models.UniqueConstraint(
                "measure", "area_code", "period", name="one_comparator_value_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure}, {self.area_name}, {self.period}"


class KpiUpload(models.Model):
    """A file of KPIs waiting for the officer to check its preview and confirm the import.

    Kept in the database, not the session or local disk, so any web process can show the
    preview; deleted when the KPIs are imported. The KPIs themselves are only saved then. It
    holds a board's list of measures and aggregate figures, never child-level data.
    """

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    targets_from = models.DateField(help_text="The day the file's targets apply from")
    plan = models.ForeignKey(
        "actions.ActionPlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The plan whose actions the KPIs' actions are matched in, by reference",
    )

    def __str__(self) -> str:
        return self.filename
