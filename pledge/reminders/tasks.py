"""Sending reminders: inline in the embedded default, on the worker in production.

A reminder's task argument is its id; what it lists was worked out when it was queued and is
kept with it (models.SentReminder), so the email says what the log says was sent.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.urls import reverse
from django_tasks import task

from pledge.core.selectors import authority_current
from pledge.reminders.digest import grouped
from pledge.reminders.models import ReminderKind, SentReminder
from pledge.reminders.services import reminder_claim, reminder_failed, reminder_sent


@task()
def send_reminder(*, reminder_id: int) -> str:
    """Send one reminder email (plain text and HTML); its fate goes in the log, and a failure is
    tried again by the periodic job (services.reminders_send)."""
    reminder = reminder_claim(reminder_id=reminder_id)
    if reminder is None:
        return "nothing to send: sent, being sent, or gone"
    try:
        reminder_email(reminder).send()
    except Exception as error:  # an SMTP fault of any kind: logged, tried again, never lost
        reminder_failed(reminder=reminder, error=error)
        return "failed"
    reminder_sent(reminder=reminder)
    return "sent"


def reminder_email(reminder: SentReminder) -> EmailMultiAlternatives:
    """The email for a reminder, from its templates: the items grouped under their headings."""
    authority = authority_current()
    groups = grouped(reminder.items, lambda item: item["kind"])
    context = {
        "person": reminder.person,
        "board": authority.board_name if authority else "the Corporate Parenting Board",
        "groups": [(kind.heading, items) for kind, items in groups],
        "count": len(reminder.items),
        "digest": reminder.kind == ReminderKind.DIGEST,
        "settings_link": settings.SITE_URL.rstrip("/") + reverse("reminders:mine"),
        "due": lambda item: (
            datetime.date.fromisoformat(item["due"]).strftime("%-d %B %Y") if item["due"] else ""
        ),
    }
    name = "digest" if reminder.kind == ReminderKind.DIGEST else "update_request"
    # One line, whatever the titles hold: a line break in a header is refused.
    subject = " ".join(
        loader.render_to_string(f"reminders/email/{name}_subject.txt", context).split()
    )
    email = EmailMultiAlternatives(
        subject=subject,
        body=loader.render_to_string("reminders/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.person.email],
    )
    email.attach_alternative(
        loader.render_to_string("reminders/email/reminder.html", context), "text/html"
    )
    return email
