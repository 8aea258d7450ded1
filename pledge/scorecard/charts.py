"""Trend charts and sparklines drawn as SVG on the server: no JavaScript, and every chart is
shown beside the table of its figures (the table is what a screen reader reads)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from html import escape

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


# Standalone SVG documents, for a board pack: shown as an <img> with alternative text in the page
# and the PDF, and as a PNG in Word. Series are told apart by line and marker as well as colour.
FONT = 'font-family="Arial, Helvetica, sans-serif" font-size="12" fill="#0b0c0c"'
STYLES = (  # (colour, dash pattern, marker) for each series in turn
    ("#1d70b8", "", "circle"),
    ("#505a5f", "6 4", "square"),
)


def lines_svg(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    ceiling: float | None = None,
) -> str:
    """A line chart of up to two named series over `labels`, with a legend; a missing value
    breaks its line."""
    values = [Decimal(str(v)) for _name, points in series for v in points if v is not None]
    low, high, step = _scale(values, Decimal(str(ceiling)) if ceiling is not None else None)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM - 20

    def x_of(index: int) -> float:
        return LEFT + (inner_w * index / (len(labels) - 1) if len(labels) > 1 else inner_w / 2)

    def y_of(value: float) -> float:
        return TOP + inner_h * float((high - Decimal(str(value))) / (high - low))

    bottom = TOP + inner_h
    parts = [
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#0b0c0c"/>'
    ]
    tick = low
    while tick <= high:
        y = y_of(float(tick))
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#b1b4b6" '
            f'stroke-width="0.5"/><text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f"{FONT}>{tick.normalize():,f}</text>"
        )
        tick += step
    for index, label in enumerate(labels):
        parts.append(
            f'<text x="{x_of(index):.1f}" y="{bottom + 16}" text-anchor="middle" {FONT}>'
            f"{escape(label)}</text>"
        )
    for number, (name, points) in enumerate(series):
        colour, dash, marker = STYLES[number % len(STYLES)]
        runs: list[list[str]] = [[]]
        for index, value in enumerate(points):
            if value is None:
                runs.append([])
                continue
            x, y = x_of(index), y_of(value)
            runs[-1].append(f"{x:.1f},{y:.1f}")
            parts.append(_marker(marker, x, y, colour))
        parts.extend(
            f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2.5"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
            for run in runs
            if len(run) > 1
        )
        key_x = LEFT + number * 200
        parts.append(
            f'<line x1="{key_x}" y1="{HEIGHT - 8}" x2="{key_x + 28}" y2="{HEIGHT - 8}" '
            f'stroke="{colour}" stroke-width="2.5"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + f"/>{_marker(marker, key_x + 14, HEIGHT - 8, colour)}"
            f'<text x="{key_x + 36}" y="{HEIGHT - 4}" {FONT}>{escape(name)}</text>'
        )
    return _svg(WIDTH, HEIGHT, "".join(parts))


def bars_svg(rows: list[tuple[str, float | None]], unit: str = "%") -> str:
    """A horizontal bar for each (label, value): a breakdown's shares. A missing value (a
    suppressed figure) has no bar and says so."""
    label_w, bar_h, gap = 220, 16, 8
    height = TOP + len(rows) * (bar_h + gap) + 8
    most = max((value for _label, value in rows if value is not None), default=0) or 1
    inner = WIDTH - label_w - RIGHT - 56
    parts = []
    for index, (label, value) in enumerate(rows):
        y = TOP + index * (bar_h + gap)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 12}" text-anchor="end" {FONT}>'
            f"{escape(label[:34])}</text>"
        )
        if value is None:
            parts.append(f'<text x="{label_w}" y="{y + 12}" {FONT}>not shown</text>')
            continue
        width = inner * value / most
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="{bar_h}" fill="#1d70b8"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 12}" {FONT}>{value:,.0f}{unit}</text>'
        )
    return _svg(WIDTH, height, "".join(parts))


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _svg(width: int, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{body}</svg>'
    )
