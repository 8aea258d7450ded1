"""The board's meetings: when and where, who chaired and came (young co-chairs among them), the
agenda in its business and engagement sessions, each item's outcome, and the minutes.

A decision that needs doing becomes an action in the plan (`AgendaItem.new_action`), whose page
shows the meeting that agreed it. Meetings are cancelled or archived, never deleted.
"""

from __future__ import annotations

from django.db import models

from pledge.actions.models import Action
from pledge.core.models import Agency, Archivable, Authority, Person, Versioned
from pledge.scorecard.models import Kpi
from pledge.strategy.models import StrategyItem


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(Archivable, Versioned):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200, default="Corporate Parenting Board")
    held_on = models.DateField("date")
    place = models.CharField(max_length=200, blank=True)
    business_starts = models.TimeField("business session starts", null=True, blank=True)
    engagement_starts = models.TimeField(
        "engagement session starts",
        null=True,
        blank=True,
        help_text="The session with children and young people, if the meeting has one",
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancelled_reason = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}, {self.held_on:%-d %B %Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class AttendeeRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    CO_CHAIR = "co_chair", "Co-chair"
    MEMBER = "member", "Member"
    OFFICER = "officer", "Officer"
    GUEST = "guest", "Guest"


class Attendance(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"


class Attendee(models.Model):
    """Someone at a meeting, or who sent apologies: by name, with their agency. A young person
    is named as the board agrees (a first name, or "Young co-chair")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=10, choices=AttendeeRole.choices)
    young_person = models.BooleanField(default=False)
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.PRESENT
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Session(models.TextChoices):
    BUSINESS = "business", "Business session"
    ENGAGEMENT = "engagement", "Engagement session"


class Outcome(models.TextChoices):
    NOTED = "noted", "Noted"
    DECISION = "decision", "Decision"
    NEW_ACTION = "new_action", "New action"
    REFERRED = "referred", "Referred to a sub-group"


class AgendaItem(Versioned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    session = models.CharField(max_length=10, choices=Session.choices, default=Session.BUSINESS)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    presenter = models.CharField("presented by", max_length=200, blank=True)
    notes = models.TextField("what it is for", blank=True)
    priorities = models.ManyToManyField(StrategyItem, blank=True, related_name="agenda_items")
    actions = models.ManyToManyField(Action, blank=True, related_name="agenda_items")
    kpis = models.ManyToManyField(Kpi, blank=True, related_name="agenda_items")
    you_said = models.ManyToManyField(
        "voice.YouSaid",
        blank=True,
        related_name="agenda_items",
        verbose_name="what young people said",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField("what was agreed", blank=True)
    referred_to = models.CharField(max_length=200, blank=True)
    new_action = models.OneToOneField(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="agreed_at"
    )

    class Meta:
        ordering = ["session", "position", "pk"]

    def __str__(self) -> str:
        return self.title


# What a board paper may be: the documents boards circulate.
PAPER_SUFFIXES = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".csv")


class Paper(models.Model):
    """A paper for an agenda item (a report, a dashboard, slides): served only to people signed
    in, never from a public media address."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="papers/%Y/%m/")
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title
