"""Action plans: the board's annual plans, their actions in a tree, who leads them, when they are
due, how they are going (status and delivery RAG), and their append-only progress updates."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from boardfiles.due import DueKind, DueRule
from pledge.core.models import (
    Agency,
    Archivable,
    Authority,
    Person,
    PlainWords,
    StagedUpload,
    Versioned,
)
from pledge.strategy.models import Principle, Strategy, StrategyItem


class ActionPlan(Archivable):
    """An annual action plan under a strategy, like Sandwell's 2020-2021 plan."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    source_file = models.CharField(
        max_length=255, blank=True, help_text="The file the plan was imported from, if any"
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="plan_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class NamedLead(models.Model):
    """Someone named as a lead in a plan: a person with an account, or just a name or role
    ("A Kaiser", "CiC Team Managers") until they get one."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="leads")
    name = models.CharField(max_length=200)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="named_as"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("authority", "name", name="named_lead_unique_in_authority")
        ]

    def __str__(self) -> str:
        return self.person.full_name if self.person else self.name


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    ONGOING = "ongoing", "Ongoing"
    RESCHEDULED = "rescheduled", "Rescheduled with approval"
    CANCELLED = "cancelled", "Cancelled"


LIVE_STATUSES = (
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.ONGOING,
    ActionStatus.RESCHEDULED,
)


class DeliveryRag(models.TextChoices):
    """A judgement of how delivery is going, always with a commentary and an "as at" date."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Action(Archivable, Versioned, PlainWords):
    """One action in a plan, or a KPI or outcome with actions under it (Lancashire)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    is_kpi = models.BooleanField(
        "KPI or outcome", default=False, help_text="A KPI or outcome with actions under it"
    )
    reference = models.CharField(max_length=30, blank=True)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField("action")
    plain_text = models.TextField(
        "in plain words", blank=True, help_text='The same, written to you: "We will..."'
    )
    priority = models.ForeignKey(
        StrategyItem, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    priority_text = models.CharField(
        max_length=300, blank=True, help_text="The priority as the plan file named it"
    )
    principles = models.ManyToManyField(Principle, blank=True, related_name="actions")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="actions")
    all_partners = models.BooleanField("all partner agencies", default=False)
    leads = models.ManyToManyField(NamedLead, blank=True, related_name="actions")
    responsible_text = models.TextField(blank=True, help_text="Who is responsible, as written")
    success = models.TextField("what success will look like", blank=True)
    measure = models.TextField("how we will measure success", blank=True)

    due_text = models.CharField("by when", max_length=200, blank=True)
    due_kind = models.CharField(max_length=20, choices=[(k.value, k.value) for k in DueKind])
    due_date = models.DateField(null=True, blank=True)
    due_start = models.DateField(null=True, blank=True)
    due_months = models.JSONField(default=list, blank=True)
    due_needs_confirmation = models.BooleanField(default=False)
    due_note = models.CharField(max_length=300, blank=True)
    original_due_date = models.DateField(
        null=True, blank=True, help_text="Kept when an action is rescheduled with approval"
    )

    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    rag = models.CharField("delivery RAG", max_length=10, choices=DeliveryRag.choices, blank=True)
    rag_commentary = models.TextField("RAG commentary", blank=True)
    rag_as_at = models.DateField("RAG as at", null=True, blank=True)
    update_requested_at = models.DateTimeField(null=True, blank=True)
    last_update_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rag="") | (~Q(rag_commentary="") & Q(rag_as_at__isnull=False)),
                name="action_rag_has_commentary_and_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:80]}".strip()

    @property
    def due(self) -> DueRule:
        return DueRule(
            text=self.due_text,
            kind=DueKind(self.due_kind),
            due=self.due_date,
            start=self.due_start,
            months=tuple(self.due_months),
            needs_confirmation=self.due_needs_confirmation,
            note=self.due_note,
        )

    def set_due(self, rule: DueRule) -> None:
        self.due_text, self.due_kind = rule.text, str(rule.kind)
        self.due_date, self.due_start, self.due_months = rule.due, rule.start, list(rule.months)
        self.due_needs_confirmation, self.due_note = rule.needs_confirmation, rule.note

    @property
    def is_live(self) -> bool:
        return not self.is_archived and self.status in LIVE_STATUSES

    def is_overdue(self, on: datetime.date) -> bool:
        return self.is_live and self.due.is_overdue(
            on, done=self.status == ActionStatus.COMPLETE, last_update=self.last_update_on
        )


class ProgressUpdate(models.Model):
    """An update on an action before a board: append-only, never edited or deleted."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField()
    as_at = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    rag = models.CharField(max_length=10, choices=DeliveryRag.choices, blank=True)
    commentary = models.TextField()

    class Meta:
        ordering = ["-posted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} at {self.as_at:%d %B %Y}"


class Evidence(models.Model):
    """A file or link that shows progress, attached to an update."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence")
    link = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(link="") | ~Q(file=""), name="evidence_is_a_link_or_a_file"
            )
        ]

    def __str__(self) -> str:
        return self.description or self.link or str(self.file.name)


class PlanUpload(StagedUpload):
    """A plan file waiting for the officer to check its preview and confirm the import."""

    audit_name = "plan_upload"
    board_from = "strategy.authority"

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    column_choices = models.JSONField(default=dict, blank=True)
    agency_choices = models.JSONField(
        default=dict, blank=True, help_text="Agency names in the file mapped to the board's"
    )
