"""Writes for reminders: each person's choice of when, the digests of a day, asking for an update
at once, and the log of each email's fate (docs/adr/0023-reminders.md)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from pledge.actions.models import Action
from pledge.actions.services import action_request_update
from pledge.core.audit import audit_record, audit_update, record_unchanged, service, snapshot
from pledge.core.errors import UserError
from pledge.core.models import Person
from pledge.core.selectors import authority_current
from pledge.reminders.digest import (
    ATTEMPTS,
    Item,
    action_leads,
    digests_due,
    update_request_item,
)
from pledge.reminders.models import (
    Frequency,
    ReminderChoice,
    ReminderKind,
    SendState,
    SentReminder,
    Weekday,
)

logger = logging.getLogger(__name__)
CHOICE_FIELDS = ("frequency", "weekday")
# Digests are queued from this hour (local time), so they arrive in the working day.
DIGEST_HOUR = 7


@service
def reminder_choice_set(
    *, actor: Person, person: Person, frequency: str, weekday: int
) -> ReminderChoice:
    """Choose how often, and on which day, `person` gets their digest."""
    if actor != person and not actor.has_perm("core.manage_people"):
        raise UserError("Only the person themselves, or an administrator, can change this")
    choice, _created = ReminderChoice.objects.get_or_create(person=person)
    before = snapshot(choice, CHOICE_FIELDS)
    choice.frequency, choice.weekday = Frequency(frequency), Weekday(weekday)
    choice.save()
    audit_update(
        actor=actor,
        verb="reminders.chosen",
        target=person,
        before=before,
        after=snapshot(choice, CHOICE_FIELDS),
    )
    return choice


@service
def reminders_send(*, now: datetime.datetime) -> dict[str, int]:
    """The periodic job: from DIGEST_HOUR, queue today's digests; and send again the reminders
    that failed, and those a stopped worker left queued or half sent. Safe to run as often as
    wanted: a person gets one digest a day at most."""
    authority = authority_current()
    on = timezone.localdate(now)
    queued = []
    if authority is not None and timezone.localtime(now).hour >= DIGEST_HOUR:
        queued = [
            _queue(digest.person, ReminderKind.DIGEST, on, digest.items)
            for digest in digests_due(authority, on=on)
        ]
    stale = now - datetime.timedelta(minutes=settings.TASKS_STALE_MINUTES)
    # Being sent for this long: its worker stopped. It counts as a failed attempt.
    SentReminder.objects.filter(state=SendState.SENDING, attempted_at__lt=stale).update(
        state=SendState.FAILED, attempts=F("attempts") + 1, error="WorkerStopped"
    )
    left = SentReminder.objects.filter(person__is_active=True).filter(
        Q(state=SendState.FAILED, attempts__lt=ATTEMPTS)
        | Q(state=SendState.QUEUED, created_at__lt=stale)
    )
    retried = list(left)
    for reminder in retried:
        _send_after_commit(reminder)
    if not queued:
        record_unchanged()
    return {"queued": len(queued), "retried": len(retried)}


@service
def update_request_send(*, actor: Person, action: Action, at_once: bool) -> list[Person]:
    """Ask an action's leads for an update: marked on the action (so it heads their next
    digest), and with `at_once` emailed to each of them now. Returns who was asked."""
    if not action.is_live:
        raise UserError("This action is complete, cancelled or archived: no update is due")
    if action.update_requested_at is not None:
        raise UserError(
            f"An update was asked for on {action.update_requested_at:%-d %B %Y}. It heads the "
            "leads' reminders until one of them posts an update."
        )
    leads = action_leads(action)
    if not leads:
        raise UserError(
            "Nobody with an account leads this action. Link a named lead to a person, or add an "
            "agency lead for one of its agencies, first."
        )
    action_request_update(actor=actor, action=action)
    if at_once:
        item = update_request_item(action, action.update_requested_at or timezone.now())
        for person in leads:
            _queue(person, ReminderKind.UPDATE_REQUEST, timezone.localdate(), [item])
    return leads


@service
def reminder_claim(*, reminder_id: int) -> SentReminder | None:
    """Take a reminder to send it, or None if it is sent, being sent, or gone: two tasks for
    one reminder never both send it."""
    claimed = SentReminder.objects.filter(
        pk=reminder_id, state__in=(SendState.QUEUED, SendState.FAILED)
    ).update(state=SendState.SENDING, attempted_at=timezone.now())
    record_unchanged()  # its outcome is audited (reminder_sent, reminder_failed)
    if not claimed:
        return None
    return SentReminder.objects.select_related("person").get(pk=reminder_id)


@service
def reminder_sent(*, reminder: SentReminder) -> SentReminder:
    reminder.state, reminder.sent_at = SendState.SENT, timezone.now()
    reminder.attempts += 1
    reminder.error = ""
    reminder.save(update_fields=["state", "sent_at", "attempts", "error"])
    audit_record(
        actor=None,
        verb="reminder.sent",
        target=reminder,
        changes={"to": [None, reminder.person.email], "items": [None, len(reminder.items)]},
    )
    return reminder


@service
def reminder_failed(*, reminder: SentReminder, error: BaseException) -> SentReminder:
    """Record a failed send by the kind of error only (a message may quote an address)."""
    reminder.state, reminder.attempts = SendState.FAILED, reminder.attempts + 1
    reminder.error = type(error).__name__
    reminder.save(update_fields=["state", "attempts", "error"])
    final = reminder.attempts >= ATTEMPTS
    logger.log(
        logging.ERROR if final else logging.WARNING,
        "Reminder %s to person %s failed (%s), attempt %s of %s",
        reminder.pk,
        reminder.person_id,
        reminder.error,
        reminder.attempts,
        ATTEMPTS,
    )
    audit_record(
        actor=None,
        verb="reminder.failed",
        target=reminder,
        changes={"error": [None, reminder.error], "attempts": [None, reminder.attempts]},
    )
    return reminder


def _queue(
    person: Person, kind: ReminderKind, on: datetime.date, items: list[Item]
) -> SentReminder:
    """Log a reminder and have it sent once the log is committed (so an email never goes out
    for a log entry rolled back)."""
    reminder = SentReminder.objects.create(
        person=person,
        kind=kind,
        sent_for=on,
        items=[item.as_json(settings.SITE_URL) for item in items],
    )
    audit_record(
        actor=None,
        verb="reminder.queued",
        target=reminder,
        changes={"to": [None, person.email], "items": [None, len(items)]},
    )
    _send_after_commit(reminder)
    return reminder


def _send_after_commit(reminder: SentReminder) -> None:
    from pledge.reminders.tasks import send_reminder  # noqa: PLC0415 - tasks import this module

    pk = reminder.pk
    transaction.on_commit(lambda: send_reminder.enqueue(reminder_id=pk))
