"""The board pack: a dated, immutable record of the board's figures and plan for one period.

Its `contents` are written once, when it is made: every figure already in words, as it stood
then (the board's and, through DfE's suppression, the public's), so reading it later never works
anything out again. Making it again makes a new version. Its PDF and Word files are made from the
same contents by the same template (`pledge/reports/pack.py`), in the background.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models

from boardfiles.periods import month_end
from pledge.core.models import Authority, Person


class PackPeriod(models.TextChoices):
    BIMONTHLY = "bimonthly", "Two months"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"

    @property
    def months(self) -> int:
        return {"bimonthly": 2, "quarter": 3, "year": 12}[self.value]


@dataclass(frozen=True)
class Period:
    kind: PackPeriod
    start: datetime.date
    end: datetime.date

    @classmethod
    def ending(cls, kind: PackPeriod, end: datetime.date) -> Period:
        """The `kind` of period ending on `end`'s month end: a quarter to 31 March 2026 runs
        from 1 January."""
        end = month_end(end.year, end.month)
        months = end.year * 12 + end.month - kind.months
        return cls(kind, datetime.date(months // 12, months % 12 + 1, 1), end)

    @property
    def title(self) -> str:
        label = "Year" if self.kind == PackPeriod.YEAR else self.kind.label
        return f"{label} to {self.end:%-d %B %Y}"

    @property
    def in_words(self) -> str:
        """ "the quarter to 31 March 2026", for a sentence."""
        return f"the {self.title[:1].lower()}{self.title[1:]}"


class PackState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    MAKING = "making", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class BoardPack(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="packs")
    period = models.CharField(max_length=10, choices=PackPeriod.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    version = models.PositiveIntegerField()
    requested_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=PackState.choices, default=PackState.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the task making it last said how far it had got"
    )
    failure = models.TextField(blank=True)
    made_at = models.DateTimeField(null=True, blank=True)
    contents = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(upload_to="packs/%Y/", blank=True)
    docx = models.FileField(upload_to="packs/%Y/", blank=True)
    public_pdf = models.FileField(upload_to="packs/%Y/", blank=True)
    public_docx = models.FileField(upload_to="packs/%Y/", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "period", "period_end", "version"],
                name="one_pack_version_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"Board pack: {self.title}, version {self.version}"

    @property
    def covers(self) -> Period:
        return Period(PackPeriod(self.period), self.period_start, self.period_end)

    @property
    def title(self) -> str:
        """ "Quarter to 31 March 2026"."""
        return self.covers.title

    def filename(self, audience: str, kind: str) -> str:
        """ "E06000999-board-pack-quarter-2026-03-31-v1-public.pdf"."""
        public = "-public" if audience == "public" else ""
        return (
            f"{self.authority.code}-board-pack-{self.period}-{self.period_end}-v{self.version}"
            f"{public}.{kind}"
        )

    @property
    def is_ready(self) -> bool:
        return self.state == PackState.READY

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
