"""KPI RAG: rate a reading against its target, and say which way it is moving.

`rate` gives green when the target is met, amber when it is not met but is within the KPI's
tolerance of it (in the target's own units: percentage points for a percentage), and red
otherwise. Every status has words and a shape as well as a colour, so it is never shown by
colour alone (WCAG 2.2 success criterion 1.4.1).

How each kind is rated:

- Bounds (`less_than`, `at_most`, `more_than`, `at_least`) by the bound, whatever the polarity:
  the words say which way the board wants the number to go. A reading exactly on a strict bound
  ("less than 10%", reading 10%) is not met, but it is within any tolerance above zero.
- Bands (`between`, `maintain`, and point targets with low == high) by the KPI's polarity:
  higher is better means the floor counts and going over the ceiling is still on target;
  lower is better means the ceiling counts; polarity "neither" means both bounds count.
  Without that, a better reading could get a worse RAG.
- `trajectory` against the value expected on the day: a straight line from the start value on
  the day the target applies from (`trajectory_start_date`) to the end value on `by`, and the
  end value from `by` on. With no start date, or no `by`, the end value applies throughout:
  the target as written, never a guess at when it was set. A rising trajectory is met at or
  above the line, a falling one at or below it; a flat one is read in the KPI's polarity.
- `comparator` against `comparator_value`, the published average. "In line with" means within
  the tolerance of it (so amber is up to twice the tolerance away), read in the KPI's polarity:
  better than the average is in line too. "Better than" with polarity "neither" has no meaning,
  so it is `no_target`.
- `none` is `no_target`.

One more status than green, amber, red and no target: `awaited`, when there is a target but the
figure it is measured against is not in yet (a comparator average not yet published, or the
baseline figure of a relative target like "10% less than 2013/14"). A board should see "we are
waiting for the comparison", not "there is no target" and not a guess.

A tolerance of zero means there is no amber: met or not. Pure Python: no Django, no wall clock.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import StrEnum

from boardfiles.targets import Comparison, Target, TargetKind
from boardfiles.units import Polarity

# A change smaller than this is no change: it is noise from rounding, not movement.
NO_CHANGE_BELOW = Decimal("0.001")


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_TARGET = "no_target"
    AWAITED = "awaited"  # a target, but the figure it is measured against is not in yet

    @property
    def label(self) -> str:
        """The words shown with the status: "On target"."""
        return _RAG_LABELS[self]

    @property
    def shape(self) -> str:
        """The shape drawn with the status, so it never rests on colour alone."""
        return _RAG_SHAPES[self]


_RAG_LABELS = {
    Rag.GREEN: "On target",
    Rag.AMBER: "Close to target",
    Rag.RED: "Off target",
    Rag.NO_TARGET: "No target",
    Rag.AWAITED: "Comparison awaited",
}
_RAG_SHAPES = {
    Rag.GREEN: "circle",
    Rag.AMBER: "triangle",
    Rag.RED: "square",
    Rag.NO_TARGET: "dash",
    Rag.AWAITED: "diamond",
}


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    UP = "up"  # polarity neither: moved, but neither way is better
    DOWN = "down"
    NOT_APPLICABLE = "not_applicable"  # no earlier reading to compare with

    @property
    def words(self) -> str:
        return _DIRECTION_WORDS[self]


_DIRECTION_WORDS = {
    Direction.IMPROVING: "Improving",
    Direction.WORSENING: "Worsening",
    Direction.NO_CHANGE: "No change",
    Direction.UP: "Up",
    Direction.DOWN: "Down",
    Direction.NOT_APPLICABLE: "No earlier figure",
}


def rate(
    target: Target,
    value: Decimal,
    *,
    polarity: Polarity,
    tolerance: Decimal,
    on: datetime.date,
    comparator_value: Decimal | None = None,
    trajectory_start_date: datetime.date | None = None,
) -> Rag:
    """The KPI RAG of a reading `value` on the date `on`. See the module docstring for how each
    kind of target is read."""
    polarity = Polarity(polarity)
    tolerance = max(tolerance, Decimal(0))
    if target.kind == TargetKind.NONE:
        return Rag.NO_TARGET
    if target.kind == TargetKind.COMPARATOR:
        return _against_comparator(target, value, polarity, tolerance, comparator_value)
    if target.kind == TargetKind.TRAJECTORY:
        expected = expected_value(target, on=on, start_date=trajectory_start_date)
        return _against_trajectory(target, value, expected, polarity, tolerance)
    return _against_bounds(target, value, polarity, tolerance)


def expected_value(
    target: Target, *, on: datetime.date, start_date: datetime.date | None
) -> Decimal | None:
    """Where a trajectory expects the reading to be on `on`: on the straight line from its start
    value on `start_date` to its end value on `by`. None for any other kind."""
    if target.kind != TargetKind.TRAJECTORY or target.start is None or target.end is None:
        return None
    by = target.by
    if by is None or start_date is None or on >= by or start_date >= by:
        return target.end
    if on <= start_date:
        return target.start
    elapsed = Decimal((on - start_date).days) / Decimal((by - start_date).days)
    return target.start + (target.end - target.start) * elapsed


def direction(
    previous: Decimal | None,
    latest: Decimal,
    polarity: Polarity,
    *,
    no_change_below: Decimal = NO_CHANGE_BELOW,
) -> Direction:
    """The direction of travel from the previous reading to the latest, in the KPI's polarity:
    improving or worsening; up or down when neither way is better."""
    if previous is None:
        return Direction.NOT_APPLICABLE
    change = latest - previous
    if abs(change) < no_change_below:
        return Direction.NO_CHANGE
    polarity = Polarity(polarity)
    if polarity == Polarity.NEITHER:
        return Direction.UP if change > 0 else Direction.DOWN
    better = change > 0 if polarity == Polarity.HIGHER else change < 0
    return Direction.IMPROVING if better else Direction.WORSENING


def _judge(met: bool, shortfall: Decimal, tolerance: Decimal) -> Rag:
    """Green when met; amber when short by no more than the tolerance; red otherwise."""
    if met:
        return Rag.GREEN
    if tolerance > 0 and shortfall <= tolerance:
        return Rag.AMBER
    return Rag.RED


def _floor(value: Decimal, low: Decimal, tolerance: Decimal, *, strict: bool) -> Rag:
    met = value > low if strict else value >= low
    return _judge(met, low - value, tolerance)


def _ceiling(value: Decimal, high: Decimal, tolerance: Decimal, *, strict: bool) -> Rag:
    met = value < high if strict else value <= high
    return _judge(met, value - high, tolerance)


def _band(
    value: Decimal, low: Decimal, high: Decimal, polarity: Polarity, tolerance: Decimal
) -> Rag:
    low, high = min(low, high), max(low, high)
    if polarity == Polarity.HIGHER:
        return _floor(value, low, tolerance, strict=False)
    if polarity == Polarity.LOWER:
        return _ceiling(value, high, tolerance, strict=False)
    return _judge(low <= value <= high, max(low - value, value - high), tolerance)


def _against_bounds(target: Target, value: Decimal, polarity: Polarity, tolerance: Decimal) -> Rag:
    kind = target.kind
    if kind in (TargetKind.LESS_THAN, TargetKind.AT_MOST):
        if target.high is None:
            return Rag.AWAITED
        return _ceiling(value, target.high, tolerance, strict=kind == TargetKind.LESS_THAN)
    if kind in (TargetKind.MORE_THAN, TargetKind.AT_LEAST):
        if target.low is None:
            return Rag.AWAITED
        return _floor(value, target.low, tolerance, strict=kind == TargetKind.MORE_THAN)
    # between and maintain
    low = target.low if target.low is not None else target.high
    high = target.high if target.high is not None else target.low
    if low is None or high is None:
        return Rag.AWAITED
    return _band(value, low, high, polarity, tolerance)


def _against_trajectory(
    target: Target,
    value: Decimal,
    expected: Decimal | None,
    polarity: Polarity,
    tolerance: Decimal,
) -> Rag:
    if expected is None or target.start is None or target.end is None:
        return Rag.AWAITED
    if target.end > target.start:
        return _floor(value, expected, tolerance, strict=False)
    if target.end < target.start:
        return _ceiling(value, expected, tolerance, strict=False)
    return _band(value, expected, expected, polarity, tolerance)


def _against_comparator(
    target: Target,
    value: Decimal,
    polarity: Polarity,
    tolerance: Decimal,
    comparator_value: Decimal | None,
) -> Rag:
    if comparator_value is None:
        return Rag.AWAITED
    comparison = target.comparison or Comparison.IN_LINE
    if comparison == Comparison.BETTER_THAN:
        if polarity == Polarity.NEITHER:
            return Rag.NO_TARGET
        better = Comparison.MORE_THAN if polarity == Polarity.HIGHER else Comparison.LESS_THAN
        comparison = better
    elif comparison == Comparison.NO_WORSE_THAN:
        comparison = {
            Polarity.HIGHER: Comparison.AT_LEAST,
            Polarity.LOWER: Comparison.AT_MOST,
            Polarity.NEITHER: Comparison.IN_LINE,
        }[polarity]
    if comparison in (Comparison.LESS_THAN, Comparison.AT_MOST):
        strict = comparison == Comparison.LESS_THAN
        return _ceiling(value, comparator_value, tolerance, strict=strict)
    if comparison in (Comparison.MORE_THAN, Comparison.AT_LEAST):
        strict = comparison == Comparison.MORE_THAN
        return _floor(value, comparator_value, tolerance, strict=strict)
    band = (comparator_value - tolerance, comparator_value + tolerance)
    return _band(value, *band, polarity, tolerance)
