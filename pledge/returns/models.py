"""The authority's 903 returns as loaded: each load's state and counts, and the engine's
indicators it stored. Nothing here holds child-level data: a load leaves only `IndicatorValue`
aggregates and a `ReturnLoad` with counts (docs/adr/0012-scorecard.md, ADR 0015)."""

from __future__ import annotations

from django.db import models

from pledge.core.models import Authority, Person


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


class PostcodeLookup(models.Model):
    """The board's copy of the ONS postcode directory (ONSPD or NSPL), from which a 903 load
    works out how far from home each child is placed and in which authority (ADR 0020). Public
    reference data, not a child's: kept as the engine's reduced lookup in REFERENCE_DIR. The
    newest one loaded is the one used."""

    class State(models.TextChoices):
        READING = "reading", "Reading the file"
        LOADED = "loaded", "Loaded"
        REFUSED = "refused", "Not loaded: the file cannot be used"
        FAILED = "failed", "Failed"

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="postcode_lookups"
    )
    filename = models.CharField(max_length=300)
    loaded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.READING)
    postcodes = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # why refused, or what to know

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Postcode lookup {self.filename}"
