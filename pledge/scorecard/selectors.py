"""Reads for the scorecard: each KPI's latest reading, target, RAG, direction and data state.

A KPI's status is worked out when it is read, from its audited parts (target, tolerance,
readings), never stored: change a target and every rating follows, with the change in the
history. The pure rules are in `targets.py`, `rag.py` and `periods.py`.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol, TypeVar

import polars as pl
from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from boardfiles.periods import latest_period_end
from boardfiles.rag import Direction, Rag, direction, rate
from boardfiles.targets import Comparator, Target, TargetKind
from boardfiles.units import Polarity
from pledge.actions.models import LIVE_STATUSES, Action, ActionStatus, DeliveryRag
from pledge.core.models import Authority
from pledge.scorecard.models import (
    ComparatorValue,
    IndicatorValue,
    Kpi,
    KpiTarget,
    Reading,
)

ENGLAND = "E92000001"
HISTORY = 20  # readings a sparkline shows
# England's nine regions by their ONS codes (ONS Register of Geographic Codes, RGN): the codes
# DfE's files give regional figures under, and the names its statistical neighbour list uses.
REGIONS: Mapping[str, str] = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}


class DataState(StrEnum):
    IN = "in"
    AWAITED = "awaited"
    OVERDUE = "overdue"

    @property
    def words(self) -> str:
        return {"in": "Up to date", "awaited": "Data awaited", "overdue": "Data overdue"}[self]


@dataclass(frozen=True)
class NeighbourAverage:
    """The statistical neighbours' average of one published measure for one period.

    As DfE's Local Authority Interactive Tool works it out: the simple mean of the neighbours that
    have a figure (`mean(values_num, na.rm = TRUE)` by year, in LAIT's mod_stat_n_table.R), not
    weighted by their size. A neighbour DfE published a symbol for (c, x, z...) or has no figure
    for is left out; `count` says how many of the board's `of` neighbours had one.
    """

    measure: str
    period: str
    year_ending: datetime.date | None
    value: Decimal | None
    count: int
    of: int

    area_name = "Statistical neighbours"

    @property
    def symbol(self) -> str:
        """As a published figure reads: x (not available) when no neighbour had a figure."""
        return "" if self.value is not None else "x"


@dataclass
class Comparators:
    """One measure's published figures for England, the board's region and its statistical
    neighbours (their average), each oldest first."""

    england: list[ComparatorValue] = field(default_factory=list)
    region: list[ComparatorValue] = field(default_factory=list)
    neighbours: list[NeighbourAverage] = field(default_factory=list)


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
    readings: list[Reading] = getattr(kpi, "current_readings", None) or list(
        kpi.readings.filter(is_current=True).order_by("period_end")
    )
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
    return indicator_values_by_code(authority, [code]).get(code, [])


def indicator_values_by_code(
    authority: Authority, codes: Iterable[str]
) -> dict[str, list[IndicatorValue]]:
    """`indicator_values` for many indicators in one query, by code, each oldest first."""
    values = IndicatorValue.objects.filter(la=authority.code, code__in=set(codes)).order_by(
        "code", "as_at", "-load__started_at"
    )
    chosen: dict[str, dict[datetime.date, IndicatorValue]] = defaultdict(dict)
    for value in values:  # newest first at each date
        held = chosen[value.code].get(value.as_at)
        if held is None or (held.value is None and value.value is not None):
            chosen[value.code][value.as_at] = value
    return {code: list(by_date.values()) for code, by_date in chosen.items()}


def comparators_for(authority: Authority, measures: Iterable[str]) -> dict[str, Comparators]:
    """The published figures each measure is compared with: England's, the region's (the
    authority's `region_code`) and the average of its statistical neighbours (matched by old LA
    number), in one query whatever the number of measures."""
    found: dict[str, Comparators] = defaultdict(Comparators)
    wanted = {measure for measure in measures if measure}
    if not wanted:
        return found
    neighbours = [str(code) for code in authority.statistical_neighbours or []]
    areas = Q(area_code=ENGLAND)
    if authority.region_code:
        areas |= Q(area_code=authority.region_code)
    if neighbours:
        areas |= Q(geography_level="local_authority", old_la_code__in=neighbours)
    values = (
        ComparatorValue.objects.filter(areas, measure__in=wanted)
        .select_related("source")
        .order_by("year_ending", "period")
    )
    by_period: dict[tuple[str, str], dict[str, ComparatorValue]] = defaultdict(dict)
    for value in values:
        if value.area_code == ENGLAND:
            found[value.measure].england.append(value)
        elif value.area_code == authority.region_code:
            found[value.measure].region.append(value)
        else:
            by_period[value.measure, value.period][value.old_la_code] = value
    for (measure, period), by_la in by_period.items():
        found[measure].neighbours.append(_average(measure, period, by_la, len(neighbours)))
    for comparators in found.values():
        comparators.neighbours.sort(key=lambda a: (a.year_ending or datetime.date.min, a.period))
    return found


def _average(
    measure: str, period: str, by_la: Mapping[str, ComparatorValue], of: int
) -> NeighbourAverage:
    figures = [value.value for value in by_la.values() if value.value is not None]
    return NeighbourAverage(
        measure=measure,
        period=period,
        year_ending=next(iter(by_la.values())).year_ending,
        value=sum(figures, Decimal(0)) / len(figures) if figures else None,
        count=len(figures),
        of=of,
    )


def neighbour_names(authority: Authority) -> list[tuple[str, str]]:
    """The board's statistical neighbours, closest first, as (old LA number, name): the name
    DfE's imported figures give the council, or "" when none are held for it."""
    codes = [str(code) for code in authority.statistical_neighbours or []]
    names = dict(
        ComparatorValue.objects.filter(geography_level="local_authority", old_la_code__in=codes)
        .values_list("old_la_code", "area_name")
        .order_by()
        .distinct()
    )
    return [(code, names.get(code, "")) for code in codes]


class _Dated(Protocol):
    @property
    def year_ending(self) -> datetime.date | None: ...


Dated = TypeVar("Dated", bound=_Dated)


def comparator_for(values: list[Dated], day: datetime.date) -> Dated | None:
    """The latest published figure for a period ending on or before `day` (or, when all are
    later, the earliest): the one a figure for `day` is compared with."""
    earlier = [v for v in values if v.year_ending is None or v.year_ending <= day]
    return earlier[-1] if earlier else (values[0] if values else None)


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


# The under-18 population as DfE's population files name it (the plain file and the EES one):
# the year is the ONS mid-year (30 June) estimate's, as the engine expects.
POPULATION_MEASURES = ("population_0_17", "Children aged 0 to 17 years: population_estimate")


def population_of(authority: Authority) -> pl.DataFrame | None:
    """The authority's imported under-18 population estimates, for the engine's rates per
    10,000; None when none has been imported (the rates are then "not computable")."""
    values = ComparatorValue.objects.filter(
        area_code=authority.code, measure__in=POPULATION_MEASURES, value__isnull=False
    )
    by_year = {
        int(v.period[:4]): int(v.value) for v in values if v.period[:4].isdigit() and v.value
    }
    if not by_year:
        return None
    return pl.DataFrame(
        {
            "LA": [authority.code] * len(by_year),
            "YEAR": list(by_year),
            "POPULATION": list(by_year.values()),
        },
        schema={"LA": pl.String, "YEAR": pl.Int32, "POPULATION": pl.Int64},
    )


INDICATOR_DOCS = settings.BASE_DIR / "docs" / "indicators"


@functools.cache
def indicator_definition(code: str) -> str:
    """A 903 indicator's definition and its numerator and denominator, in the words of its page
    in docs/indicators/ (the one place they are written), without the Markdown."""
    path = INDICATOR_DOCS / f"{code}.md"
    if not code or not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8")
    if see := re.search(r"^See \[[^]]+\]\(([a-z0-9_]+)\.md\): (.*)$", text, re.MULTILINE):
        # A page that points to another, as placement_residential_share's does
        return f"{indicator_definition(see.group(1))} For this measure: {see.group(2)}"
    bullets = re.split(r"\n- ", text)
    labels = ("Definition", "Cohort", "Numerator", "Denominator", "What")
    wanted = [b for b in bullets if b.startswith(tuple(f"**{label}" for label in labels))]
    text = " ".join(" ".join(b.split()) for b in wanted)
    return re.sub(r"\*\*|`", "", text)
