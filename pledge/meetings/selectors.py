"""Reads for the board's meetings: the list, each meeting's agenda by session, and what changed
for every linked action and KPI since the board last met."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from pledge.core.audit import history_for
from pledge.core.models import AuditEvent, Authority
from pledge.meetings.models import AgendaItem, Meeting, MeetingStatus, Session


def meetings(authority: Authority) -> QuerySet[Meeting]:
    """The board's meetings not archived, with their agendas."""
    return Meeting.objects.live().filter(authority=authority).prefetch_related("items")


def next_meeting(authority: Authority, *, on: datetime.date) -> Meeting | None:
    """The board's next meeting on or after `on` that is going ahead."""
    return (
        Meeting.objects.live()
        .filter(authority=authority, held_on__gte=on, status=MeetingStatus.SCHEDULED)
        .order_by("held_on", "pk")
        .first()
    )


def published(authority: Authority) -> QuerySet[Meeting]:
    """The meetings whose minutes the board has published, newest first: public."""
    return Meeting.objects.live().filter(authority=authority, minutes_published_at__isnull=False)


def agenda(meeting: Meeting) -> list[tuple[str, list[AgendaItem]]]:
    """The meeting's items by session, business first: (session's name, items in order)."""
    items = meeting.items.prefetch_related(
        "priorities", "kpis", "papers", Prefetch("actions"), "new_action"
    ).select_related("new_action__plan")
    return [
        (session.label, [item for item in items if item.session == session])
        for session in Session
        if any(item.session == session for item in items)
    ]


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The board's last meeting before this one that went ahead."""
    return (
        Meeting.objects.live()
        .filter(authority_id=meeting.authority_id, held_on__lt=meeting.held_on)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-held_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Change:
    """A linked action or KPI, and its audited changes since the last meeting, oldest first."""

    record: object
    events: list[AuditEvent]


def changes_since_last(meeting: Meeting) -> tuple[Meeting | None, dict[int, list[Change]]]:
    """For each agenda item, what changed for its actions and KPIs between the last meeting
    and this one (or now, before it is held): the previous meeting, and the changes by item."""
    previous = previous_meeting(meeting)
    if previous is None:
        return None, {}
    since = _end_of(previous.held_on)
    until = min(_end_of(meeting.held_on), timezone.now())
    found: dict[int, list[Change]] = {}
    for item in meeting.items.prefetch_related("actions", "kpis"):
        records = [*item.actions.all(), *item.kpis.all()]
        changes = [
            Change(record, list(history_for(record).filter(occurred_at__range=(since, until))))
            for record in records
        ]
        found[item.pk] = changes
    return previous, found


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
