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
from pledge.core.models import Person
from pledge.core.selectors import AgencyMatcher
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
    agencies: list[tuple[str, str]]  # (name, "" for the board's, "new" or "archived")
    leads: list[tuple[str, bool]]


def preview_rows(
    strategy: Strategy, parsed: ParsedPlan, agency_choices: dict[str, int] | None = None
) -> list[PreviewRow]:
    """The parsed plan matched against the board, without saving anything. Names the officer
    mapped to an existing agency show as that agency."""
    authority = strategy.authority
    agencies = AgencyMatcher(authority, agency_choices)
    leads = {lead.name.lower() for lead in authority.leads.all()}
    priorities = PriorityMatcher(strategy)
    return [
        PreviewRow(
            action=action,
            priority=priorities.match(action.priority),
            agencies=[_agency_shown(agencies, name) for name in action.agencies],
            leads=[(name, name.lower() not in leads) for name in action.leads],
        )
        for action in parsed.actions
    ]


def _agency_shown(agencies: AgencyMatcher, name: str) -> tuple[str, str]:
    """An agency as the preview shows it: the name, and "" (the board's), "new" or "archived"."""
    found = agencies.get(name)
    if found is not None:
        return (found.name if found.name.lower() != name.lower() else name), ""
    return name, "archived" if agencies.archived(name) else "new"


def parse_upload(upload: PlanUpload) -> ParsedPlan:
    """The upload read as it would be imported, with the officer's column choices.
    Raises FileError if the file cannot be read."""
    authority = upload.strategy.authority
    return parse_plan(
        read_tables(upload.filename, bytes(upload.data)),
        plan_start=upload.starts_on,
        column_choices={k: Column(v) for k, v in upload.column_choices.items()},
        known_agencies=AgencyMatcher(authority).names(),
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


def overdue_actions(*, on: datetime.date) -> list[ActionRow]:
    """Every live action overdue on `on`, most overdue first: the board's exceptions."""
    return [row for row in action_rows(live_actions(), on=on) if row.overdue]


def led_by(person: Person) -> Q:
    """The actions a person leads: those of the agencies they lead for, and those they are named
    on. "My actions" lists these, and the rule letting a lead update an action asks it."""
    return Q(agencies__in=person.lead_agencies.all()) | Q(leads__person=person)


def my_actions(person: Person) -> QuerySet[Action]:
    """The live actions a person leads."""
    return live_actions().filter(led_by(person)).distinct()


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
    """The agency names in a file that match none of the board's live agencies (new names, and
    archived agencies' names), in file order: the officer says which agency each is."""
    agencies = AgencyMatcher(strategy.authority)
    names = [n for action in parsed.actions for n in action.agencies if agencies.get(n) is None]
    return list(dict.fromkeys(names))
