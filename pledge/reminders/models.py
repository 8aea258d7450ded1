"""Reminders: how often each person wants their digest, and a log of every reminder sent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from pledge.core.models import Person


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every other week"
    BEFORE_MEETING = "before_meeting", "A week before each board meeting"
    NEVER = "never", "Never"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ReminderChoice(models.Model):
    """When someone gets their digest. Someone without one gets it every Monday."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="reminders")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(
        "day", choices=Weekday.choices, default=Weekday.MONDAY
    )

    def __str__(self) -> str:
        return f"{self.person}: {self.get_frequency_display()}"


class ReminderKind(models.TextChoices):
    DIGEST = "digest", "Digest"
    UPDATE_REQUEST = "update_request", "Update requested"


class SendState(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent"


class SentReminder(models.Model):
    """One email of reminders to one person: what it listed, and whether it went.

    `items` is what the email listed (kind, key, title, due date, link), so the next digest of
    the same period can leave out what this one said. A failed send is tried again by the
    periodic job, up to `ATTEMPTS` times, and so is one a stopped worker left queued or being
    sent (pledge/reminders/services.py).
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_for = models.DateField(help_text="The day the reminder is for")
    items = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=SendState.choices, default=SendState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(
        max_length=200, blank=True, help_text="The kind of failure, never the message"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    attempted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "person",
                "sent_for",
                condition=Q(kind="digest"),
                name="one_digest_per_person_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person} on {self.sent_for:%-d %B %Y}"
