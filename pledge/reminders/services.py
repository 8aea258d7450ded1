"""Writes for reminders: each person's choice of when, the digests of a day, asking for an update
at once, and the log of each email's fate (docs/adr/0023-reminders.md)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pledge.actions.models import Action
from pledge.actions.services import action_request_update
from pledge.core.audit import audit_record, audit_update, record_unchanged, service, snapshot
from pledge.core.errors import UserError
from pledge.core.models import Person
from pledge.core.selectors import authority_current
from pledge.reminders.digest import ATTEMPTS, Item, ItemKind, action_leads, digests_due
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
    """The periodic job: queue today's digests, and try again the reminders that failed.
    Safe to run as often as wanted: a person gets one digest a day at most."""
    from pledge.reminders.tasks import send_reminder  # noqa: PLC0415 - tasks import this module

    authority = authority_current()
    if authority is None:
        record_unchanged()
        return {"queued": 0, "retried": 0}
    on = timezone.localdate(now)
    queued = [
        _queue(digest.person, ReminderKind.DIGEST, on, digest.items)
        for digest in digests_due(authority, on=on)
    ]
    retried = list(SentReminder.objects.filter(state=SendState.FAILED, attempts__lt=ATTEMPTS))
    for reminder in [*queued, *retried]:
        send_reminder.enqueue(reminder_id=reminder.pk)
    if not queued:
        record_unchanged()
    return {"queued": len(queued), "retried": len(retried)}


@service
def update_request_send(*, actor: Person, action: Action, at_once: bool) -> list[Person]:
    """Ask an action's leads for an update: marked on the action (so it heads their next
    digest), and with `at_once` emailed to each of them now. Returns who was asked."""
    from pledge.reminders.tasks import send_reminder  # noqa: PLC0415 - tasks import this module

    leads = action_leads(action)
    if not leads:
        raise UserError(
            "Nobody with an account leads this action. Link a named lead to a person, or add an "
            "agency lead for one of its agencies, first."
        )
    action_request_update(actor=actor, action=action)
    if at_once:
        on = timezone.localdate()
        action.refresh_from_db()
        item = Item(
            kind=ItemKind.UPDATE_REQUESTED,
            key=f"asked:{action.pk}:{action.update_requested_at:%Y-%m-%d}",
            title=f"{action.reference} {action.text}".strip(),
            due=None,
            path=reverse("actions:mine") + f"#action-{action.pk}",
        )
        for person in leads:
            reminder = _queue(person, ReminderKind.UPDATE_REQUEST, on, [item])
            send_reminder.enqueue(reminder_id=reminder.pk)
    return leads


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
    return reminder
