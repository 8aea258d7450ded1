"""What each person's reminder digest lists on a day, worked out for the whole board at once.

A digest lists, for the person it goes to:
- the actions they lead (for one of their agencies, or by name) that an officer asked them to
  update, that are past their deadline with no update since, or that fall due within two weeks;
- the figures of KPIs they lead that are due or overdue (KPIs led by no agency: the
  performance analysts'), never the 903's, which the return fills;
- before the next board meeting: updates on the actions on its agenda, and (for board officers)
  the agenda items with no papers yet, due a week before.
Complete and cancelled actions never appear. Each item has a key naming it and its occurrence
(the deadline, the period, the meeting), so a reminder already sent in the person's period is
not repeated (services.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from django.urls import reverse
from django.utils import timezone

from pledge.actions.models import LIVE_STATUSES, Action
from pledge.actions.selectors import ActionRow, action_rows, live_actions
from pledge.core.models import Authority, Person, Role
from pledge.meetings.models import AgendaItem, Meeting, MeetingStatus
from pledge.reminders.models import (
    Frequency,
    ReminderChoice,
    ReminderKind,
    SendState,
    SentReminder,
)
from pledge.scorecard.models import Source
from pledge.scorecard.selectors import DataState, kpi_statuses

T = TypeVar("T")
# Papers go out this long before a meeting; a meeting this near has its papers and updates listed.
PAPERS_BEFORE = datetime.timedelta(days=7)
MEETING_AHEAD = datetime.timedelta(days=21)
UPDATE_KEEPS_QUIET = datetime.timedelta(days=7)
# A reference Monday from which fortnights are counted, so "every other week" never skips.
FORTNIGHTS_FROM = datetime.date(2024, 1, 1)
# A reminder that fails to send is tried again by the periodic job, this many times in all.
ATTEMPTS = 3
PERIOD_DAYS = {
    Frequency.WEEKLY: 7,
    Frequency.FORTNIGHTLY: 14,
    Frequency.BEFORE_MEETING: 28,
    Frequency.NEVER: 0,
}


class ItemKind(StrEnum):
    UPDATE_REQUESTED = "update_requested"
    ACTION_OVERDUE = "action_overdue"
    ACTION_DUE_SOON = "action_due_soon"
    MEETING_UPDATE = "meeting_update"
    FIGURE_OVERDUE = "figure_overdue"
    FIGURE_DUE = "figure_due"
    PAPER_DUE = "paper_due"

    @property
    def heading(self) -> str:
        return HEADINGS[self]


HEADINGS = {
    ItemKind.UPDATE_REQUESTED: "Updates asked of you",
    ItemKind.ACTION_OVERDUE: "Actions past their deadline",
    ItemKind.ACTION_DUE_SOON: "Actions due in the next two weeks",
    ItemKind.MEETING_UPDATE: "Updates for the next board meeting",
    ItemKind.FIGURE_OVERDUE: "Figures overdue",
    ItemKind.FIGURE_DUE: "Figures due",
    ItemKind.PAPER_DUE: "Papers for the next board meeting",
}


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    key: str  # the item and its occurrence: the same key is the same reminder
    title: str
    due: datetime.date | None
    path: str  # where to act on it, on this site

    def as_json(self, site_url: str) -> dict[str, str | None]:
        return {
            "kind": str(self.kind),
            "key": self.key,
            "title": self.title,
            "due": self.due.isoformat() if self.due else None,
            "link": site_url.rstrip("/") + self.path,
        }


@dataclass
class Digest:
    person: Person
    items: list[Item]
    due_today: bool = True  # False: what they would get, though today is not their day

    def by_kind(self) -> list[tuple[ItemKind, list[Item]]]:
        return grouped(self.items, lambda item: item.kind)


def grouped(items: Sequence[T], kind_of: Callable[[T], str]) -> list[tuple[ItemKind, list[T]]]:
    """Items (or their logged form) under their kinds, in the order of ItemKind, none empty."""
    groups = [(kind, [item for item in items if kind_of(item) == kind]) for kind in ItemKind]
    return [(kind, found) for kind, found in groups if found]


def choice_for(person: Person) -> ReminderChoice:
    """The person's choice, or the default (every Monday) if they never made one."""
    try:
        return person.reminders
    except ReminderChoice.DoesNotExist:
        return ReminderChoice(person=person)


def is_digest_day(choice: ReminderChoice, on: datetime.date, meetings: list[Meeting]) -> bool:
    frequency = Frequency(choice.frequency)
    if frequency == Frequency.BEFORE_MEETING:
        return any(meeting.held_on - PAPERS_BEFORE == on for meeting in meetings)
    if frequency == Frequency.NEVER or on.weekday() != choice.weekday:
        return False
    return frequency == Frequency.WEEKLY or (on - FORTNIGHTS_FROM).days // 7 % 2 == 0


def items_by_person(authority: Authority, *, on: datetime.date) -> dict[int, list[Item]]:
    """Everything due from each active person on `on`, by person id, in digest order."""
    leads_of_agency = _agency_leads(authority)
    meeting = _next_meeting(authority, on)
    found: dict[int, dict[str, Item]] = defaultdict(dict)
    for people, item in [
        *_action_items(authority, on, meeting, leads_of_agency),
        *_figure_items(authority, on, leads_of_agency),
        *_paper_items(meeting),
    ]:
        for person_id in people:
            found[person_id][item.key] = item
    order = list(ItemKind)
    return {
        person_id: sorted(
            items.values(),
            key=lambda item: (order.index(item.kind), item.due or datetime.date.max, item.title),
        )
        for person_id, items in found.items()
    }


Addressed = tuple[set[int], Item]  # an item, and the ids of the people it goes to


def _action_items(
    authority: Authority,
    on: datetime.date,
    meeting: Meeting | None,
    leads_of_agency: dict[int, set[int]],
) -> list[Addressed]:
    on_agenda = _agenda_actions(meeting)
    found = []
    for row in action_rows(_live(authority), on=on):
        item = _action_item(row, on=on, meeting=meeting, on_agenda=on_agenda)
        if item is not None:
            found.append((_leads_of(row.action, leads_of_agency), item))
    return found


def _figure_items(
    authority: Authority, on: datetime.date, leads_of_agency: dict[int, set[int]]
) -> list[Addressed]:
    """Figures due or overdue, to the leads of the KPI's agency (else the analysts)."""
    analysts = _people_with(Role.PERFORMANCE_ANALYST)
    found = []
    for status in kpi_statuses(authority, on):
        if status.data == DataState.IN or status.kpi.source == Source.ENGINE:
            continue
        overdue = status.data == DataState.OVERDUE
        item = Item(
            kind=ItemKind.FIGURE_OVERDUE if overdue else ItemKind.FIGURE_DUE,
            key=f"figure:{status.kpi.pk}:{status.due.isoformat()}",
            title=f"{status.kpi}: the figure for the period to {status.due:%-d %B %Y}",
            due=status.due + datetime.timedelta(days=status.kpi.overdue_after_days),
            path=reverse("scorecard:reading-enter", kwargs={"pk": status.kpi.pk}),
        )
        agency = status.kpi.lead_agency_id
        found.append((leads_of_agency.get(agency, set()) if agency else analysts, item))
    return found


def _paper_items(meeting: Meeting | None) -> list[Addressed]:
    """The next meeting's agenda items with no papers yet, to the board officers."""
    if meeting is None:
        return []
    officers = _people_with(Role.BOARD_OFFICER)
    return [
        (
            officers,
            Item(
                kind=ItemKind.PAPER_DUE,
                key=f"paper:{agenda_item.pk}:{meeting.held_on.isoformat()}",
                title=f"Papers for “{agenda_item}” at the meeting on {meeting.held_on:%-d %B}",
                due=meeting.held_on - PAPERS_BEFORE,
                path=reverse("meetings:meeting", kwargs={"pk": meeting.pk}),
            ),
        )
        for agenda_item in meeting.items.all()
        if not agenda_item.papers.all()
    ]


def meetings_ahead(authority: Authority, on: datetime.date) -> list[Meeting]:
    """Scheduled meetings from `on` to a week and a day after: those whose week-before is near."""
    return list(
        authority.meetings.live().filter(
            status=MeetingStatus.SCHEDULED,
            held_on__gte=on,
            held_on__lte=on + PAPERS_BEFORE + datetime.timedelta(days=1),
        )
    )


def _action_item(
    row: ActionRow, *, on: datetime.date, meeting: Meeting | None, on_agenda: set[int]
) -> Item | None:
    """The one reminder an action needs, the most pressing first, or None. An action past its
    deadline is left out for a week after each update: its lead has said where it stands."""
    action = row.action
    path = reverse("actions:mine") + f"#action-{action.pk}"
    title = _title(action)
    if action.update_requested_at is not None:
        return update_request_item(action, action.update_requested_at)
    updated = action.last_update_on
    if row.overdue and not (updated and updated >= on - UPDATE_KEEPS_QUIET):
        deadline = action.due.last_due(on)
        key = f"overdue:{action.pk}:{deadline.isoformat() if deadline else ''}"
        return Item(ItemKind.ACTION_OVERDUE, key, title, deadline, path)
    if row.due_soon and row.next_due is not None:
        key = f"due:{action.pk}:{row.next_due.isoformat()}"
        return Item(ItemKind.ACTION_DUE_SOON, key, title, row.next_due, path)
    if meeting is not None and action.pk in on_agenda:
        key = f"meeting:{action.pk}:{meeting.held_on.isoformat()}"
        return Item(ItemKind.MEETING_UPDATE, key, title, meeting.held_on - PAPERS_BEFORE, path)
    return None


def update_request_item(action: Action, asked: datetime.datetime) -> Item:
    """The reminder that an update was asked for at `asked`: in the digest, or emailed at once."""
    return Item(
        kind=ItemKind.UPDATE_REQUESTED,
        key=f"asked:{action.pk}:{timezone.localdate(asked).isoformat()}",
        title=_title(action),
        due=None,
        path=reverse("actions:mine") + f"#action-{action.pk}",
    )


def _title(action: Action) -> str:
    return f"{action.reference} {action.text}".strip()


def _live(authority: Authority) -> list[Action]:
    return list(
        live_actions().filter(plan__strategy__authority=authority, status__in=LIVE_STATUSES)
    )


def _leads_of(action: Action, leads_of_agency: dict[int, set[int]]) -> set[int]:
    """The active people who lead `action`: for one of its agencies, or by name."""
    people = {pk for agency in action.agencies.all() for pk in leads_of_agency.get(agency.pk, ())}
    people |= {
        lead.person.pk for lead in action.leads.all() if lead.person and lead.person.is_active
    }
    return people


def _agency_leads(authority: Authority) -> dict[int, set[int]]:
    """Each agency's active agency leads, by agency id."""
    leads: dict[int, set[int]] = defaultdict(set)
    rows = Person.lead_agencies.through.objects.filter(
        agency__authority=authority, person__is_active=True
    ).values_list("agency_id", "person_id")
    for agency_id, person_id in rows:
        leads[agency_id].add(person_id)
    return leads


def _people_with(role: str) -> set[int]:
    return set(
        Person.objects.filter(is_active=True, role_grants__role=role).values_list("pk", flat=True)
    )


def _next_meeting(authority: Authority, on: datetime.date) -> Meeting | None:
    """The next scheduled meeting within MEETING_AHEAD, with its agenda and papers."""
    return (
        authority.meetings.live()
        .filter(status=MeetingStatus.SCHEDULED, held_on__gt=on, held_on__lte=on + MEETING_AHEAD)
        .prefetch_related("items__papers")
        .order_by("held_on")
        .first()
    )


def _agenda_actions(meeting: Meeting | None) -> set[int]:
    if meeting is None:
        return set()
    return set(
        AgendaItem.actions.through.objects.filter(agendaitem__meeting=meeting).values_list(
            "action_id", flat=True
        )
    )


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


def action_leads(action: Action) -> list[Person]:
    """The active people who lead `action`, as a digest finds them (`_leads_of`)."""
    people = _leads_of(action, _agency_leads(action.plan.strategy.authority))
    return list(Person.objects.filter(pk__in=people).order_by("full_name", "pk"))


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
