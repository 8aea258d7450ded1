"""Trend charts and sparklines drawn as SVG on the server: no JavaScript, and every chart is
shown beside the table of its figures (the table is what a screen reader reads)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 240, 56, 16, 16, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: datetime.date
    value: Decimal


@dataclass(frozen=True)
class Chart:
    points: list[Point]
    line: str  # the polyline's points attribute
    ticks: list[tuple[float, Decimal]]  # (y, value) for the left axis
    target_y: float | None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: float = HEIGHT - BOTTOM


def trend(
    series: list[tuple[datetime.date, Decimal]],
    target: Decimal | None = None,
    ceiling: Decimal | None = None,
) -> Chart:
    """A line chart of `series` (oldest first), with the target as a line when it is a number.
    `ceiling` is the most the measure can be (100 for a percentage): the axis stops there."""
    values = [value for _day, value in series] + ([target] if target is not None else [])
    low, high, step = _scale(values, ceiling)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: Decimal) -> float:
        return TOP + inner_h * float((high - value) / (high - low))

    def x_of(index: int) -> float:
        if len(series) == 1:
            return LEFT + inner_w / 2
        return LEFT + inner_w * index / (len(series) - 1)

    points = [Point(x_of(i), y_of(value), day, value) for i, (day, value) in enumerate(series)]
    ticks, tick = [], low
    while tick <= high:
        ticks.append((y_of(tick), tick))
        tick += step
    return Chart(
        points=points,
        line=" ".join(f"{p.x:.1f},{p.y:.1f}" for p in points),
        ticks=ticks,
        target_y=y_of(target) if target is not None else None,
    )


def sparkline(values: list[Decimal], width: int = 96, height: int = 24) -> str:
    """The points of a small line with no axes, for a table cell beside the latest value."""
    if len(values) < 2:
        return ""
    low, high = _range(values)
    step = width / (len(values) - 1)
    return " ".join(
        f"{index * step:.1f},{2 + (height - 4) * float((high - value) / (high - low)):.1f}"
        for index, value in enumerate(values)
    )


def _scale(
    values: list[Decimal], ceiling: Decimal | None = None
) -> tuple[Decimal, Decimal, Decimal]:
    """An axis from a round number to a round number in steps of 1, 2, 2.5 or 5 times a power
    of ten, about four of them, starting at 0 for positive values, and not above `ceiling`."""
    low, high = _range(values)
    if ceiling is not None and max(values, default=low) <= ceiling:
        high = min(high, ceiling)
    rough = (high - low) / 4
    power = Decimal(10) ** (rough.adjusted() if rough > 0 else 0)
    step = next(power * m for m in (1, 2, Decimal("2.5"), 5, 10) if power * m >= rough)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    return low, max(high, low + step), step


def _range(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    """A range that holds every value with a little room, starting at 0 for positive values."""
    if not values:
        return Decimal(0), Decimal(1)
    low, high = min(values), max(values)
    low = min(low, Decimal(0)) if low >= 0 and high > 0 else low
    if high == low:
        high = low + 1
    return low, high + (high - low) / 10
