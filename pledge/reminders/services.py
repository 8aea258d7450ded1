"""Writes for reminders: each person's choice of when, the digests of a day, asking for an update
at once, and the log of each email's fate (docs/adr/0023-reminders.md)."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pledge.actions.models import Action
from pledge.actions.services import action_request_update
from pledge.core.audit import audit_record, audit_update, record_unchanged, service, snapshot
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.core.selectors import authority_current
from pledge.reminders.digest import (
    PERIOD_DAYS,
    Digest,
    Item,
    ItemKind,
    choice_for,
    is_digest_day,
    items_by_person,
    meetings_ahead,
)
from pledge.reminders.models import (
    Frequency,
    ReminderChoice,
    ReminderKind,
    SendState,
    SentReminder,
)

logger = logging.getLogger(__name__)
# A reminder that fails to send is tried again by the periodic job, this many times in all.
ATTEMPTS = 3
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
    choice.frequency, choice.weekday = Frequency(frequency), weekday
    choice.save()
    audit_update(
        actor=actor,
        verb="reminders.chosen",
        target=person,
        before=before,
        after=snapshot(choice, CHOICE_FIELDS),
    )
    return choice


def digests_due(authority: Authority, *, on: datetime.date, any_day: bool = False) -> list[Digest]:
    """The digests to send on `on`: each active person whose day it is and who has something
    not already sent to them in their period. A person's digest already made today is not made
    again. With `any_day`, everyone's, whatever day they chose (to see what they would get)."""
    items = items_by_person(authority, on=on)
    meetings = meetings_ahead(authority, on)
    sent = _keys_sent(on)
    made_today = set(
        SentReminder.objects.filter(kind=ReminderKind.DIGEST, sent_for=on).values_list(
            "person_id", flat=True
        )
    )
    digests = []
    people = Person.objects.filter(pk__in=items, is_active=True).select_related("reminders")
    for person in people.order_by("full_name", "pk"):
        choice = choice_for(person)
        due_today = person.pk not in made_today and is_digest_day(choice, on, meetings)
        if not (due_today or any_day):
            continue
        since = on - datetime.timedelta(days=PERIOD_DAYS[Frequency(choice.frequency)])
        already = {key for day, keys in sent[person.pk] if day > since for key in keys}
        fresh = [item for item in items[person.pk] if item.key not in already]
        if fresh:
            digests.append(Digest(person, fresh, due_today=due_today))
    return digests


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


def action_leads(action: Action) -> list[Person]:
    """The active people who lead `action`: agency leads of its agencies, and named leads."""
    by_agency = Person.objects.filter(is_active=True, lead_agencies__in=action.agencies.all())
    named = Person.objects.filter(is_active=True, named_as__actions=action)
    return list((by_agency | named).distinct().order_by("full_name", "pk"))


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


def _keys_sent(on: datetime.date) -> dict[int, list[tuple[datetime.date, set[str]]]]:
    """The item keys of reminders queued or sent before `on` in the longest period, by person."""
    longest = datetime.timedelta(days=max(PERIOD_DAYS.values()))
    sent: dict[int, list[tuple[datetime.date, set[str]]]] = defaultdict(list)
    rows = SentReminder.objects.filter(sent_for__gt=on - longest, sent_for__lte=on).exclude(
        state=SendState.FAILED, attempts__gte=ATTEMPTS
    )
    for person_id, day, items in rows.values_list("person_id", "sent_for", "items"):
        sent[person_id].append((day, {item["key"] for item in items}))
    return sent
