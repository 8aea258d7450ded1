"""DfE's published figures for England, the regions and other councils, and the files they came
from: what a board compares its own figures with."""

from __future__ import annotations

from django.db import models

from pledge.core.models import Authority, Person, StagedUpload


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


class ComparatorUpload(StagedUpload):
    """A file of DfE's published figures waiting for the officer to check what it would import
    and confirm it."""

    audit_name = "comparator_upload"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
