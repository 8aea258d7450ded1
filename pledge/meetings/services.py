"""Writes for the board's meetings. Each is an audited `@service` given the acting person."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from pledge.actions.models import Action, ActionPlan
from pledge.actions.services import action_create
from pledge.core.archiving import set_archived
from pledge.core.audit import audit_record, audit_update, service, snapshot
from pledge.core.concurrency import lock_for_edit
from pledge.core.errors import UserError
from pledge.core.models import Agency, Authority, Person
from pledge.meetings.models import (
    PAPER_SUFFIXES,
    AgendaItem,
    Attendee,
    Meeting,
    MeetingStatus,
    Outcome,
    Paper,
)
from pledge.scorecard.models import Kpi
from pledge.strategy.models import StrategyItem
from pledge.voice.models import YouSaid

MEETING_FIELDS = ("title", "held_on", "place", "business_starts", "engagement_starts")
ITEM_FIELDS = (
    "session", "title", "presenter", "notes", "priorities", "actions", "kpis", "you_said",
)  # fmt: skip
OUTCOME_FIELDS = ("outcome", "outcome_text", "referred_to", "new_action")


@service
def meeting_create(
    *,
    actor: Person,
    authority: Authority,
    title: str,
    held_on: datetime.date,
    place: str = "",
    business_starts: datetime.time | None = None,
    engagement_starts: datetime.time | None = None,
) -> Meeting:
    """Arrange a board meeting."""
    meeting = Meeting(
        authority=authority,
        title=title,
        held_on=held_on,
        place=place,
        business_starts=business_starts,
        engagement_starts=engagement_starts,
    )
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=actor,
        verb="meeting.created",
        target=meeting,
        changes={name: [None, value] for name, value in snapshot(meeting, MEETING_FIELDS).items()},
    )
    return meeting


@service
def meeting_update(
    *,
    actor: Person,
    meeting: Meeting,
    title: str,
    held_on: datetime.date,
    place: str,
    business_starts: datetime.time | None,
    engagement_starts: datetime.time | None,
    reason: str = "",
    version: int | None = None,
) -> Meeting:
    """Change a meeting's title, date, place or session times (from `version`: ADR 0014)."""
    lock_for_edit(meeting, version=version)
    _check_live(meeting)
    before = snapshot(meeting, MEETING_FIELDS)
    meeting.title, meeting.held_on, meeting.place = title, held_on, place
    meeting.business_starts, meeting.engagement_starts = business_starts, engagement_starts
    meeting.full_clean()
    meeting.save()
    audit_update(
        actor=actor,
        verb="meeting.updated",
        target=meeting,
        before=before,
        after=snapshot(meeting, MEETING_FIELDS),
        reason=reason,
    )
    return meeting


@service
def meeting_cancel(*, actor: Person, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting, saying why; its agenda is kept."""
    lock_for_edit(meeting, version=None)
    if meeting.is_cancelled:
        raise UserError("This meeting is already cancelled")
    if not reason.strip():
        raise UserError("Say why the meeting is cancelled", field="reason")
    meeting.status, meeting.cancelled_reason = MeetingStatus.CANCELLED, reason.strip()
    meeting.save(update_fields=["status", "cancelled_reason"])
    audit_record(
        actor=actor,
        verb="meeting.cancelled",
        target=meeting,
        changes={"status": [MeetingStatus.SCHEDULED.label, MeetingStatus.CANCELLED.label]},
        reason=meeting.cancelled_reason,
    )
    return meeting


@service
def meeting_reinstate(*, actor: Person, meeting: Meeting, reason: str = "") -> Meeting:
    """Undo a cancellation: the meeting is on again."""
    lock_for_edit(meeting, version=None)
    if not meeting.is_cancelled:
        raise UserError("This meeting is not cancelled")
    meeting.status, meeting.cancelled_reason = MeetingStatus.SCHEDULED, ""
    meeting.save(update_fields=["status", "cancelled_reason"])
    audit_record(
        actor=actor,
        verb="meeting.reinstated",
        target=meeting,
        changes={"status": [MeetingStatus.CANCELLED.label, MeetingStatus.SCHEDULED.label]},
        reason=reason,
    )
    return meeting


@service
def meeting_archive(*, actor: Person, meeting: Meeting, reason: str = "") -> Meeting:
    set_archived(actor=actor, target=meeting, archived=True, verb="meeting.archived", reason=reason)
    return meeting


@service
def meeting_restore(*, actor: Person, meeting: Meeting, reason: str = "") -> Meeting:
    set_archived(
        actor=actor, target=meeting, archived=False, verb="meeting.restored", reason=reason
    )
    return meeting


@service
def attendee_add(
    *,
    actor: Person,
    meeting: Meeting,
    name: str,
    role: str,
    attendance: str,
    agency: Agency | None = None,
    young_person: bool = False,
) -> Attendee:
    """Record someone at the meeting (or sending apologies)."""
    _check_live(meeting)
    attendee = Attendee(
        meeting=meeting,
        name=name.strip(),
        role=role,
        attendance=attendance,
        agency=agency,
        young_person=young_person,
    )
    attendee.full_clean()
    attendee.save()
    audit_record(
        actor=actor,
        verb="meeting.attendee_added",
        target=meeting,
        changes={"attendee": [None, _attendee_words(attendee)]},
    )
    return attendee


@service
def attendee_remove(*, actor: Person, attendee: Attendee) -> Meeting:
    """Take someone off the meeting's list (added by mistake)."""
    meeting = attendee.meeting
    _check_live(meeting)
    words = _attendee_words(attendee)
    attendee.delete()
    audit_record(
        actor=actor,
        verb="meeting.attendee_removed",
        target=meeting,
        changes={"attendee": [words, None]},
    )
    return meeting


def _attendee_words(attendee: Attendee) -> str:
    """ "Sam (young person), Co-chair, present" for the history."""
    who = f"{attendee.name} (young person)" if attendee.young_person else attendee.name
    agency = f", {attendee.agency}" if attendee.agency else ""
    return (
        f"{who}{agency}, {attendee.get_role_display()}, {attendee.get_attendance_display().lower()}"
    )


@service
def agenda_item_add(
    *,
    actor: Person,
    meeting: Meeting,
    session: str,
    title: str,
    presenter: str = "",
    notes: str = "",
    priorities: Sequence[StrategyItem] = (),
    actions: Sequence[Action] = (),
    kpis: Sequence[Kpi] = (),
    you_said: Sequence[YouSaid] = (),
) -> AgendaItem:
    """Add an item at the end of a session's agenda, linked to what it is about."""
    _check_live(meeting)
    last = meeting.items.filter(session=session).aggregate(last=models.Max("position"))["last"]
    item = AgendaItem(
        meeting=meeting,
        session=session,
        position=0 if last is None else last + 1,
        title=title,
        presenter=presenter,
        notes=notes,
    )
    item.full_clean()
    item.save()
    item.priorities.set(priorities)
    item.actions.set(actions)
    item.kpis.set(kpis)
    item.you_said.set(you_said)
    audit_record(
        actor=actor,
        verb="agenda_item.added",
        target=item,
        changes={name: [None, value] for name, value in snapshot(item, ITEM_FIELDS).items()},
    )
    return item


@service
def agenda_item_update(
    *,
    actor: Person,
    item: AgendaItem,
    session: str,
    title: str,
    presenter: str,
    notes: str,
    priorities: Sequence[StrategyItem],
    actions: Sequence[Action],
    kpis: Sequence[Kpi],
    you_said: Sequence[YouSaid] = (),
    version: int | None = None,
) -> AgendaItem:
    """Change an agenda item and what it is linked to (from `version`: ADR 0014)."""
    lock_for_edit(item, version=version)
    _check_live(item.meeting)
    before = snapshot(item, ITEM_FIELDS)
    if session != item.session:  # to the end of its new session
        last = item.meeting.items.filter(session=session).aggregate(last=models.Max("position"))
        item.position = 0 if last["last"] is None else last["last"] + 1
    item.session, item.title, item.presenter, item.notes = session, title, presenter, notes
    item.full_clean()
    item.save()
    item.priorities.set(priorities)
    item.actions.set(actions)
    item.kpis.set(kpis)
    item.you_said.set(you_said)
    audit_update(
        actor=actor,
        verb="agenda_item.updated",
        target=item,
        before=before,
        after=snapshot(item, ITEM_FIELDS),
    )
    return item


@service
def agenda_item_move(*, actor: Person, item: AgendaItem, up: bool) -> AgendaItem:
    """Move an item one place up or down its session's agenda."""
    lock_for_edit(item, version=None)
    _check_live(item.meeting)
    session = list(item.meeting.items.filter(session=item.session))
    index = next(n for n, each in enumerate(session) if each.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(session):
        raise UserError(f"{item} is already {'first' if up else 'last'} in its session")
    session[index], session[other] = session[other], session[index]
    for position, each in enumerate(session):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    audit_record(
        actor=actor,
        verb="agenda_item.moved",
        target=item,
        changes={"place": [index + 1, other + 1]},
    )
    return item


@service
def agenda_item_remove(*, actor: Person, item: AgendaItem) -> Meeting:
    """Take an item off the agenda, before anything was decided on it."""
    lock_for_edit(item, version=None)
    meeting = item.meeting
    _check_live(meeting)
    if item.outcome:
        raise UserError(
            f"{item} has its outcome recorded, so it stays on the agenda. Change the outcome "
            "instead"
        )
    audit_record(
        actor=actor,
        verb="meeting.agenda_item_removed",
        target=meeting,
        changes={"agenda item": [item.title, None]},
    )
    item.delete()
    return meeting


@service
def agenda_item_outcome(
    *,
    actor: Person,
    item: AgendaItem,
    outcome: str,
    outcome_text: str = "",
    referred_to: str = "",
    plan: ActionPlan | None = None,
    action_text: str = "",
    action_due: str = "",
    action_agencies: Sequence[Agency] = (),
    action_priority: StrategyItem | None = None,
    version: int | None = None,
) -> AgendaItem:
    """Record what the board did with an item: noted it, decided, agreed a new action (added to
    `plan` under `action_priority`, with its origin shown on the action's page) or referred
    it to a sub-group."""
    lock_for_edit(item, version=version)
    _check_live(item.meeting)
    _check_outcome(
        item,
        outcome=Outcome(outcome),
        outcome_text=outcome_text,
        referred_to=referred_to,
        plan=plan,
        action_text=action_text,
    )
    before = snapshot(item, OUTCOME_FIELDS)
    item.outcome, item.outcome_text = outcome, outcome_text.strip()
    item.referred_to = referred_to.strip() if outcome == Outcome.REFERRED else ""
    if outcome == Outcome.NEW_ACTION and item.new_action is None and plan is not None:
        item.new_action = action_create(
            actor=actor,
            plan=plan,
            text=action_text,
            due_text=action_due,
            agencies=action_agencies,
            priority=action_priority,
            reason=f"Agreed at {item.meeting}: {item.title}",
        )
    item.save()
    audit_update(
        actor=actor,
        verb="agenda_item.outcome",
        target=item,
        before=before,
        after=snapshot(item, OUTCOME_FIELDS),
    )
    return item


def _check_outcome(
    item: AgendaItem,
    *,
    outcome: Outcome,
    outcome_text: str,
    referred_to: str,
    plan: ActionPlan | None,
    action_text: str,
) -> None:
    if outcome == Outcome.DECISION and not outcome_text.strip():
        raise UserError("Enter what the board decided", field="outcome_text")
    if outcome == Outcome.REFERRED and not referred_to.strip():
        raise UserError("Enter the sub-group it was referred to", field="referred_to")
    if item.new_action is not None and outcome != Outcome.NEW_ACTION:
        raise UserError(
            f"This item's action is in the plan ({item.new_action}). Keep the outcome as a new "
            "action, or cancel the action from its page",
            field="outcome",
        )
    if outcome == Outcome.NEW_ACTION and item.new_action is None:
        if plan is None:
            raise UserError("Choose the plan the action goes in", field="plan")
        if not action_text.strip():
            raise UserError("Enter the action the board agreed", field="action_text")


@service
def paper_add(*, actor: Person, item: AgendaItem, title: str, file: UploadedFile) -> Paper:
    """Attach a paper to an agenda item."""
    _check_live(item.meeting)
    name = (file.name or "").lower()
    if not name.endswith(PAPER_SUFFIXES):
        raise UserError(
            f"{file.name} is not a document boards circulate. Upload a PDF, Word, Excel, "
            "PowerPoint, OpenDocument or CSV file",
            field="file",
        )
    paper = Paper(item=item, title=title.strip() or (file.name or "Paper"), file=file)
    paper.uploaded_by = actor
    paper.full_clean()
    paper.save()
    audit_record(
        actor=actor,
        verb="agenda_item.paper_added",
        target=item,
        changes={"paper": [None, f"{paper.title} ({file.name})"]},
    )
    return paper


@service
def paper_remove(*, actor: Person, paper: Paper) -> AgendaItem:
    """Take a paper off an agenda item (attached by mistake, or replaced); its file goes too."""
    item = paper.item
    _check_live(item.meeting)
    stored = paper.file.name or ""
    audit_record(
        actor=actor,
        verb="agenda_item.paper_removed",
        target=item,
        changes={"paper": [paper.title, None]},
    )
    paper.delete()
    transaction.on_commit(lambda: default_storage.delete(stored))
    return item


@service
def minutes_save(
    *, actor: Person, meeting: Meeting, minutes: str, version: int | None = None
) -> Meeting:
    """Save the draft minutes (published minutes are changed by saving them again)."""
    lock_for_edit(meeting, version=version)
    before = snapshot(meeting, ("minutes",))
    meeting.minutes = minutes.replace("\r\n", "\n")  # as browsers send a textarea's lines
    meeting.save(update_fields=["minutes"])
    audit_update(
        actor=actor,
        verb="meeting.minutes_saved",
        target=meeting,
        before=before,
        after=snapshot(meeting, ("minutes",)),
    )
    return meeting


@service
def minutes_publish(*, actor: Person, meeting: Meeting, published: bool) -> Meeting:
    """Publish the minutes for the board, or take them back to draft."""
    lock_for_edit(meeting, version=None)
    if published and not meeting.minutes.strip():
        raise UserError("Write the minutes before publishing them", field="minutes")
    before: Any = meeting.minutes_published_at
    meeting.minutes_published_at = timezone.now() if published else None
    meeting.save(update_fields=["minutes_published_at"])
    audit_record(
        actor=actor,
        verb="meeting.minutes_published" if published else "meeting.minutes_withdrawn",
        target=meeting,
        changes={"minutes published": [before is not None, published]},
    )
    return meeting


def _check_live(meeting: Meeting) -> None:
    if meeting.is_archived:
        raise UserError(f"{meeting} is archived. Restore it before changing it.")
