"""Reads for the scorecard: each KPI's latest reading, target, RAG, direction and data state.

A KPI's status is worked out when it is read, from its audited parts (target, tolerance,
readings), never stored: change a target and every rating follows, with the change in the
history. The pure rules are in `targets.py`, `rag.py` and `periods.py`.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import Prefetch, QuerySet

from pledge.core.models import Authority
from pledge.scorecard.models import (
    ComparatorValue,
    IndicatorValue,
    Kpi,
    KpiTarget,
    Reading,
)
from pledge.scorecard.periods import latest_period_end
from pledge.scorecard.rag import Direction, Polarity, Rag, direction, rate
from pledge.scorecard.targets import Comparator, Target, TargetKind

ENGLAND = "E92000001"
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
    comparator: ComparatorValue | None = None

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
        Kpi.objects.filter(authority=authority, archived_at__isnull=True)
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
    comparators = _england(kpi.comparator_measure for kpi in chosen)
    return [status_of(kpi, on, comparators.get(kpi.comparator_measure, [])) for kpi in chosen]


def status_of(
    kpi: Kpi, on: datetime.date, comparators: list[ComparatorValue] | None = None
) -> KpiStatus:
    readings: list[Reading] = getattr(kpi, "current_readings", None) or list(
        kpi.readings.filter(is_current=True).order_by("period_end")
    )
    due = latest_period_end(kpi.frequency, on)
    latest = readings[-1] if readings else None
    data = DataState.IN
    if latest is None or latest.period_end < due:
        overdue = on > due + datetime.timedelta(days=kpi.overdue_after_days)
        data = DataState.OVERDUE if overdue else DataState.AWAITED
    when = latest.period_end if latest else on
    target = target_on(kpi, when)
    rule = Target.from_dict(target.rule) if target else None
    if comparators is None:
        comparators = _england([kpi.comparator_measure]).get(kpi.comparator_measure, [])
    comparator = _comparator_for(comparators, when)
    status = KpiStatus(
        kpi=kpi,
        readings=readings[-HISTORY:],
        target=target,
        rule=rule,
        rag=Rag.NO_TARGET,
        direction=Direction.NOT_APPLICABLE,
        data=data,
        due=due,
        comparator=comparator,
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
                comparator_value=_comparator_value(rule, comparator),
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


def indicator_values(authority: Authority, code: str) -> list[IndicatorValue]:
    """The engine's values of one indicator for the authority: at each date the newest load's
    value, unless it has none and an older load had one (a load of this year alone cannot work
    out a measure over two years, which an earlier load of three years could)."""
    values = IndicatorValue.objects.filter(la=authority.code, code=code).order_by(
        "as_at", "-load__started_at"
    )
    chosen: dict[datetime.date, IndicatorValue] = {}
    for value in values:  # newest first at each date
        held = chosen.get(value.as_at)
        if held is None or (held.value is None and value.value is not None):
            chosen[value.as_at] = value
    return list(chosen.values())


def _england(measures: Iterable[str]) -> dict[str, list[ComparatorValue]]:
    found: dict[str, list[ComparatorValue]] = defaultdict(list)
    wanted = {measure for measure in measures if measure}
    if wanted:
        values = ComparatorValue.objects.filter(measure__in=wanted, area_code=ENGLAND)
        for value in values.select_related("source").order_by("year_ending"):
            found[value.measure].append(value)
    return found


def _comparator_for(values: list[ComparatorValue], day: datetime.date) -> ComparatorValue | None:
    """England's latest published figure for a period ending on or before `day`."""
    earlier = [v for v in values if v.year_ending is None or v.year_ending <= day]
    return earlier[-1] if earlier else (values[0] if values else None)


def _comparator_value(rule: Target, comparator: ComparatorValue | None) -> Decimal | None:
    """The average a comparator target is measured against: England's, for now. Regional and
    statistical neighbour averages need the board's region and neighbours (not yet held)."""
    if rule.kind != TargetKind.COMPARATOR or comparator is None:
        return None
    return comparator.value if rule.comparator == Comparator.ENGLAND else None


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
