"""Reads for action plans: a plan grouped by priority, with its counts by status and RAG."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from boardfiles.plans import Column, ParsedAction, ParsedPlan, parse_plan
from boardfiles.tables import read_tables
from pledge.actions.models import Action, ActionPlan, ActionStatus, DeliveryRag, PlanUpload
from pledge.core.models import Agency, Person
from pledge.strategy.models import Strategy, StrategyItem


@dataclass
class PriorityGroup:
    name: str
    actions: list[Action] = field(default_factory=list)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts = Counter(a.status for a in self.actions if not a.is_kpi)
        return [
            (value, label, counts[value]) for value, label in ActionStatus.choices if counts[value]
        ]

    @property
    def rag_counts(self) -> list[tuple[str, str, int]]:
        counts = Counter(a.rag or "none" for a in self.actions if not a.is_kpi and a.is_live)
        rows = [(value, label, counts[value]) for value, label in DeliveryRag.choices]
        return [*rows, ("none", "Not rated", counts["none"])]


def plan_actions(plan: ActionPlan) -> QuerySet[Action]:
    return (
        plan.actions.live()
        .select_related("priority", "parent")
        .prefetch_related("agencies", "leads__person")
    )


def plan_by_priority(plan: ActionPlan) -> list[PriorityGroup]:
    """The plan's live actions in plan order, grouped under the priorities they serve."""
    groups: dict[str, PriorityGroup] = {}
    for action in plan_actions(plan):
        name = (
            str(action.priority)
            if action.priority
            else (action.priority_text or "No priority given")
        )
        groups.setdefault(name, PriorityGroup(name)).actions.append(action)
    return list(groups.values())


PRIORITY_REFERENCE = re.compile(
    r"^(?:outcome|priority|section)?\s*(\d+[a-z]?(?:\.\d+)*)\.?\s", re.IGNORECASE
)


class PriorityMatcher:
    """Finds the strategy item a plan's priority names: by reference ("Outcome 1 - Involve me"
    is item 1, "2.1 Further education" is item 2.1), else by title."""

    def __init__(self, strategy: Strategy) -> None:
        items = list(strategy.items.live())
        self.by_reference = {i.reference.lower(): i for i in items}
        self.by_title = {i.title.lower(): i for i in items}

    def match(self, text: str) -> StrategyItem | None:
        if not text:
            return None
        found = PRIORITY_REFERENCE.match(text + " ")
        if found and found.group(1).lower() in self.by_reference:
            return self.by_reference[found.group(1).lower()]
        words = re.sub(
            r"^(?:outcome|priority)?\s*[\d.a-z]*\s*[-\u2013:]?\s*", "", text, flags=re.IGNORECASE
        ).lower()
        return self.by_title.get(text.lower()) or self.by_title.get(words)


@dataclass
class PreviewRow:
    """One parsed action as the preview shows it: what it matches on the board, what is new."""

    action: ParsedAction
    priority: StrategyItem | None
    agencies: list[tuple[str, bool]]  # (name, new to the board)
    leads: list[tuple[str, bool]]


def preview_rows(
    strategy: Strategy, parsed: ParsedPlan, agency_choices: dict[str, int] | None = None
) -> list[PreviewRow]:
    """The parsed plan matched against the board, without saving anything. Names the officer
    mapped to an existing agency show as that agency."""
    authority = strategy.authority
    board = {a.pk: a for a in Agency.objects.filter(authority=authority)}
    agencies = {a.name.lower() for a in board.values()}
    agencies |= {a.short_name.lower() for a in board.values() if a.short_name}
    mapped = {
        name.lower(): board[pk].name for name, pk in (agency_choices or {}).items() if pk in board
    }
    leads = {lead.name.lower() for lead in authority.leads.all()}
    priorities = PriorityMatcher(strategy)
    return [
        PreviewRow(
            action=action,
            priority=priorities.match(action.priority),
            agencies=[
                (mapped.get(name.lower(), name), name.lower() not in agencies | mapped.keys())
                for name in action.agencies
            ],
            leads=[(name, name.lower() not in leads) for name in action.leads],
        )
        for action in parsed.actions
    ]


def parse_upload(upload: PlanUpload) -> ParsedPlan:
    """The upload read as it would be imported, with the officer's column choices.
    Raises FileError if the file cannot be read."""
    authority = upload.strategy.authority
    return parse_plan(
        read_tables(upload.filename, bytes(upload.data)),
        plan_start=upload.starts_on,
        column_choices={k: Column(v) for k, v in upload.column_choices.items()},
        known_agencies=board_agency_names(authority.pk),
        known_people=[p.full_name for p in Person.objects.filter(is_active=True)],
    )


@dataclass
class ActionRow:
    """An action in a list, with where it stands against its deadline on the reference date."""

    action: Action
    next_due: datetime.date | None
    overdue: bool
    due_soon: bool
    days_overdue: int


def action_rows(actions: Iterable[Action], *, on: datetime.date) -> list[ActionRow]:
    """Most overdue first, then the soonest due, then the rest in plan order."""
    rows = []
    for action in actions:
        rule = action.due
        overdue = action.is_overdue(on)
        last_due = rule.last_due(on)
        rows.append(
            ActionRow(
                action=action,
                next_due=rule.next_due(on),
                overdue=overdue,
                due_soon=action.is_live and rule.is_due_soon(on),
                days_overdue=(on - last_due).days if overdue and last_due else 0,
            )
        )
    return sorted(
        rows,
        key=lambda r: (
            not r.overdue,
            -r.days_overdue,
            r.next_due or datetime.date.max,
            r.action.plan_id,
            r.action.position,
        ),
    )


def live_actions() -> QuerySet[Action]:
    return (
        Action.objects.live()
        .filter(plan__archived_at__isnull=True, is_kpi=False)
        .select_related("plan", "priority")
        .prefetch_related("agencies", "leads__person")
    )


def my_actions(person: Person) -> QuerySet[Action]:
    """The actions of the agencies a person leads for, and those they are named on."""
    return (
        live_actions()
        .filter(Q(agencies__in=person.lead_agencies.all()) | Q(leads__person=person))
        .distinct()
    )


@dataclass
class ActionFilters:
    plan: int | None = None
    priority: int | None = None
    agency: int | None = None
    lead: int | None = None
    status: str = ""
    rag: str = ""
    overdue: bool = False


def action_list(filters: ActionFilters, *, on: datetime.date) -> list[ActionRow]:
    """Every live action, filtered as a board officer asks."""
    actions = live_actions()
    for name, lookup in (
        ("plan", "plan_id"),
        ("priority", "priority_id"),
        ("agency", "agencies"),
        ("lead", "leads"),
        ("status", "status"),
    ):
        value = getattr(filters, name)
        if value:
            actions = actions.filter(**{lookup: value})
    if filters.rag:
        actions = actions.filter(rag="" if filters.rag == "none" else filters.rag)
    rows = action_rows(actions.distinct(), on=on)
    return [r for r in rows if r.overdue] if filters.overdue else rows


def new_agency_names(strategy: Strategy, parsed: ParsedPlan) -> list[str]:
    """The agency names in a file that match none of the board's agencies, in file order."""
    board = Agency.objects.filter(authority=strategy.authority)
    known = {a.name.lower() for a in board} | {a.short_name.lower() for a in board if a.short_name}
    names = [n for action in parsed.actions for n in action.agencies if n.lower() not in known]
    return list(dict.fromkeys(names))


def board_agency_names(authority_id: int) -> list[str]:
    """Every name the board's agencies go by (names and short names), so the importer never
    splits one of them ("SMBC Education, Skills and Employment") into pieces."""
    names: list[str] = []
    for name, short_name in Agency.objects.filter(authority_id=authority_id).values_list(
        "name", "short_name"
    ):
        names += [name, short_name] if short_name else [name]
    return names
