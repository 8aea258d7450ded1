"""Reads for the scorecard: each KPI's latest reading, target, RAG, direction and data state.

A KPI's status is worked out when it is read, from its audited parts (target, tolerance,
readings), never stored: change a target and every rating follows, with the change in the
history. The pure rules are in `boardfiles/` (targets.py, rag.py, periods.py); the published
comparators are read in `pledge.comparators`, the 903 return's values in `pledge.returns`.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from boardfiles.periods import latest_period_end
from boardfiles.rag import Direction, Rag, direction, rate
from boardfiles.targets import Comparator, Target, TargetKind
from boardfiles.units import Polarity
from pledge.actions.models import LIVE_STATUSES, Action, ActionStatus, DeliveryRag
from pledge.comparators.models import ComparatorValue
from pledge.comparators.selectors import (
    Comparators,
    NeighbourAverage,
    comparator_for,
    comparators_for,
)
from pledge.core.models import Agency, Authority
from pledge.scorecard.models import Kpi, KpiTarget, Reading, Source
from pledge.strategy.models import StrategyItem
from pledge.strategy.selectors import items_under

HISTORY = 20  # readings a sparkline shows


class DataState(StrEnum):
    IN = "in"
    AWAITED = "awaited"
    OVERDUE = "overdue"

    @property
    def words(self) -> str:
        return {"in": "Up to date", "awaited": "Data awaited", "overdue": "Data overdue"}[self]


@dataclass
class KpiStatus:
    kpi: Kpi
    readings: list[Reading]  # current readings, oldest first
    target: KpiTarget | None
    rule: Target | None
    rag: Rag
    direction: Direction
    data: DataState
    due: datetime.date  # the end of the latest period a reading is expected for
    comparator: ComparatorValue | None = None  # England's
    region: ComparatorValue | None = None
    neighbours: NeighbourAverage | None = None

    @property
    def latest(self) -> Reading | None:
        return self.readings[-1] if self.readings else None

    @property
    def previous(self) -> Reading | None:
        return self.readings[-2] if len(self.readings) > 1 else None

    @property
    def is_exception(self) -> bool:
        """Red; amber and worsening; or data overdue: what a board's exceptions list shows."""
        return (
            self.rag == Rag.RED
            or (self.rag == Rag.AMBER and self.direction == Direction.WORSENING)
            or self.data == DataState.OVERDUE
        )


def kpis(authority: Authority) -> QuerySet[Kpi]:
    current = Reading.objects.filter(is_current=True).order_by("period_end")
    return (
        Kpi.objects.live()
        .filter(authority=authority)
        .select_related("lead_agency")
        .prefetch_related(
            Prefetch("readings", queryset=current, to_attr="current_readings"),
            Prefetch("targets", queryset=KpiTarget.objects.order_by("-applies_from")),
            "priorities",
        )
    )


def kpi_statuses(authority: Authority, on: datetime.date) -> list[KpiStatus]:
    """Every live KPI's status on `on`, in scorecard order."""
    chosen = list(kpis(authority))
    # One query for every KPI's England, region and neighbours' figures: the page is benchmarked.
    comparators = comparators_for(authority, [kpi.comparator_measure for kpi in chosen])
    return [
        status_of(kpi, on, comparators.get(kpi.comparator_measure, Comparators())) for kpi in chosen
    ]


def status_of(kpi: Kpi, on: datetime.date, comparators: Comparators | None = None) -> KpiStatus:
    held: list[Reading] = getattr(kpi, "current_readings", None) or list(
        kpi.readings.filter(is_current=True).order_by("period_end")
    )
    readings = [reading for reading in held if reading.period_end <= on]  # as it stood on `on`
    due = latest_period_end(kpi.frequency, on)
    latest = readings[-1] if readings else None
    data = DataState.IN
    if latest is None or latest.period_end < due:
        overdue = on > due + datetime.timedelta(days=kpi.overdue_after_days)
        # A KPI set up since that period ended has had no chance to report it yet.
        new = latest is None and due < timezone.localtime(kpi.created_at).date()
        data = DataState.OVERDUE if overdue and not new else DataState.AWAITED
    when = latest.period_end if latest else on
    target = target_on(kpi, when)
    rule = Target.from_dict(target.rule) if target else None
    if comparators is None:
        measure = kpi.comparator_measure
        comparators = comparators_for(kpi.authority, [measure]).get(measure, Comparators())
    status = KpiStatus(
        kpi=kpi,
        readings=readings[-HISTORY:],
        target=target,
        rule=rule,
        rag=Rag.NO_TARGET,
        direction=Direction.NOT_APPLICABLE,
        data=data,
        due=due,
        comparator=comparator_for(comparators.england, when),
        region=comparator_for(comparators.region, when),
        neighbours=comparator_for(comparators.neighbours, when),
    )
    polarity = Polarity(kpi.polarity)
    if latest is not None and latest.value is not None:
        if rule is not None and rule.kind != TargetKind.NONE:
            status.rag = rate(
                rule,
                latest.value,
                polarity=polarity,
                tolerance=kpi.tolerance,
                on=latest.period_end,
                comparator_value=_comparator_value(rule, status),
                trajectory_start_date=target.applies_from if target else None,
            )
        previous = status.previous
        if previous is not None and previous.value is not None:
            status.direction = direction(previous.value, latest.value, polarity)
    return status


def target_on(kpi: Kpi, day: datetime.date) -> KpiTarget | None:
    """The target in force on `day`: the latest set to apply from then or before (or, before
    any applies, the first)."""
    targets = sorted(kpi.targets.all(), key=lambda t: t.applies_from)
    in_force = [t for t in targets if t.applies_from <= day]
    return in_force[-1] if in_force else next(iter(targets), None)


@dataclass(frozen=True)
class StatusCounts:
    """How many KPIs stand at each rating, and how many have a figure overdue."""

    rags: dict[Rag, int]
    overdue: int
    total: int


def status_counts(statuses: list[KpiStatus]) -> StatusCounts:
    rags = dict.fromkeys((Rag.RED, Rag.AMBER, Rag.GREEN, Rag.AWAITED, Rag.NO_TARGET), 0)
    for status in statuses:
        rags[status.rag] = rags.get(status.rag, 0) + 1
    overdue = sum(status.data == DataState.OVERDUE for status in statuses)
    return StatusCounts(rags, overdue, len(statuses))


def chosen(
    statuses: list[KpiStatus], *, priority: StrategyItem | None, agency: Agency | None
) -> list[KpiStatus]:
    """The statuses of the KPIs serving `priority` (or one under it) and led by `agency`."""
    if priority is not None:
        under = items_under(priority)
        statuses = [s for s in statuses if under & {p.pk for p in s.kpi.priorities.all()}]
    if agency is not None:
        statuses = [s for s in statuses if s.kpi.lead_agency_id == agency.pk]
    return statuses


def exceptions(statuses: list[KpiStatus]) -> list[KpiStatus]:
    return [status for status in statuses if status.is_exception]


def by_priority(statuses: list[KpiStatus]) -> list[tuple[str, list[KpiStatus]]]:
    """KPIs grouped under the first priority each serves, in the strategy's order."""
    groups: dict[str, list[KpiStatus]] = defaultdict(list)
    order: dict[str, tuple[int, str]] = {}
    for status in statuses:
        priorities = sorted(status.kpi.priorities.all(), key=lambda p: (p.position, p.pk))
        name = str(priorities[0]) if priorities else "Other measures"
        order.setdefault(name, (priorities[0].position if priorities else 10**6, name))
        groups[name].append(status)
    return [(name, groups[name]) for name in sorted(groups, key=lambda n: order[n])]


def _comparator_value(rule: Target, status: KpiStatus) -> Decimal | None:
    """The average a comparator target is measured against: England's, the region's or the
    statistical neighbours', as the target says. None (the rating waits) when not published."""
    if rule.kind != TargetKind.COMPARATOR:
        return None
    figure: ComparatorValue | NeighbourAverage | None = None
    if rule.comparator == Comparator.ENGLAND:
        figure = status.comparator
    elif rule.comparator == Comparator.REGION:
        figure = status.region
    elif rule.comparator == Comparator.STATISTICAL_NEIGHBOURS:
        figure = status.neighbours
    return figure.value if figure is not None else None


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
PERIOD_WORDS = {
    "monthly": ("month", "months"),
    "bimonthly": ("two months", "two-month periods"),
    "quarterly": ("quarter", "quarters"),
    "annual": ("year", "years"),
}
RAG_ENDINGS = {
    Rag.GREEN: "is now within target",
    Rag.AMBER: "is now close to target",
    Rag.RED: "is off target",
    Rag.AWAITED: "is waiting for the comparison it is measured against",
    Rag.NO_TARGET: "has no target",
}


def summary_sentence(status: KpiStatus) -> str:
    """One sentence a board member can read aloud: "Placement stability has improved for
    three quarters and is now within target"."""
    name = status.kpi.name[0].upper() + status.kpi.name[1:]
    if status.latest is None:
        return f"{name} has no figures yet: the figure to {status.due:%-d %B %Y} is " + (
            "overdue." if status.data == DataState.OVERDUE else "awaited."
        )
    one, many = PERIOD_WORDS[status.kpi.frequency]
    run = _run_length(status)
    if status.direction in {Direction.IMPROVING, Direction.WORSENING}:
        verb = "improved" if status.direction == Direction.IMPROVING else "worsened"
        span = f"since the last {one}" if run == 1 else f"for {_count(run)} {many}"
        moved = f"has {verb} {span}"
    elif status.direction in {Direction.UP, Direction.DOWN}:
        moved = f"has gone {status.direction.value} since the last {one}"
    elif status.direction == Direction.NO_CHANGE:
        moved = f"has not changed since the last {one}"
    else:
        moved = "has one figure so far"
    sentence = f"{name} {moved} and {RAG_ENDINGS[status.rag]}"
    if status.data == DataState.OVERDUE:
        sentence += f"; the figure to {status.due:%-d %B %Y} is overdue"
    return sentence + "."


def _run_length(status: KpiStatus) -> int:
    """How many periods in a row the latest direction has held."""
    polarity = Polarity(status.kpi.polarity)
    values = [r.value for r in status.readings if r.value is not None]
    run = 0
    for earlier, later in reversed(list(itertools.pairwise(values))):
        if direction(earlier, later, polarity) != status.direction:
            break
        run += 1
    return run


def _count(number: int) -> str:
    return NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)


def target_line(rule: Target | None) -> Decimal | None:
    """The number a chart draws the target at: the bound that matters, or the trajectory's end."""
    if rule is None:
        return None
    if rule.kind in {TargetKind.LESS_THAN, TargetKind.AT_MOST}:
        return rule.high
    if rule.kind == TargetKind.TRAJECTORY:
        return rule.end
    return rule.low


RAG_ORDER = (DeliveryRag.RED, DeliveryRag.AMBER, DeliveryRag.GREEN)  # worst first


@dataclass
class FrameworkRow:
    """A KPI as seed 003's framework shows it: its actions and both RAGs."""

    status: KpiStatus
    actions: list[Action]

    @property
    def progress_rag(self) -> str:
        """The RAG on progress: the worst delivery RAG of its live actions, a completed action
        counting as green; "" when none is rated."""
        rated = {a.rag for a in self.actions if a.rag and a.status in LIVE_STATUSES} | {
            DeliveryRag.GREEN for a in self.actions if a.status == ActionStatus.COMPLETE
        }
        return next((rag for rag in RAG_ORDER if rag in rated), "")


def framework_rows(statuses: list[KpiStatus]) -> list[tuple[str, list[FrameworkRow]]]:
    """The KPIs by priority, each with the actions that serve it (one query for them all)."""
    actions = _actions_serving([s.kpi.pk for s in statuses])
    return [
        (priority, [FrameworkRow(s, actions[s.kpi.pk]) for s in group])
        for priority, group in by_priority(statuses)
    ]


def framework_row(status: KpiStatus) -> FrameworkRow:
    return FrameworkRow(status, _actions_serving([status.kpi.pk])[status.kpi.pk])


def _actions_serving(kpi_ids: list[int]) -> dict[int, list[Action]]:
    links = Kpi.actions.through.objects.filter(
        kpi_id__in=kpi_ids, action__archived_at__isnull=True
    ).select_related("action")
    actions: dict[int, list[Action]] = defaultdict(list)
    for link in links.order_by("action__position", "action__pk"):
        actions[link.kpi_id].append(link.action)
    return actions


def headline_from_files(authority: Authority) -> QuerySet[Kpi]:
    """The KPIs on the headline data whose figures come from files, not the 903: the rows of the
    spreadsheet template (`ready_made.figures_template`)."""
    return (
        Kpi.objects.live()
        .filter(authority=authority)
        .exclude(headline_section="")
        .exclude(source=Source.ENGINE)
    )
