"""Suppression and rounding before any figure is made public (INDICATORS.md 6.1).

The engine's readings (4.1) are unrounded and unsuppressed. `publish` turns each one into what may
be shown and leaves the reading as it is. The rules, with `Policy`'s defaults:

- Symbols are the GSS ones EES accepts, never a 0: `x` not available (status not "ok", or no
  figure), `z` not applicable (a base of 0), `c` confidential (suppressed), `k` not zero but
  rounds to zero. So a shown 0 is a true zero.
- Counts of 1 to 5 are suppressed as `c`. This applies at every level: at national and regional
  level a count of 1 to 4 would otherwise round to a false 0. Local authority counts are
  unrounded. National and regional counts are rounded to the nearest 10.
- Percentages are whole numbers. They're suppressed when the count or the base is 1 to 5. A
  percentage of fewer than 10 children is shown with its numbers, "86% (6 of 7)", and flagged
  `small_base`. At national and regional level the numbers are left out, because rounding to 10
  would make them meaningless.
- Rates per 10,000 are whole numbers, suppressed when the count is. Their base is the ONS
  population, which is already public, so it is never a reason to suppress.
- Means are whole numbers, suppressed when they are over 1 to 5 children (the denominator).
- Mixes: readings coded "<mix>:<category>" with the same authority and date are the cells of one
  total, their shared denominator. Suppressed cells could be worked out from that total when there
  is only one of them, or when each of them must be one child (they add up to their number). Then
  the next smallest shown non-zero cell is suppressed too, and again until they can't be worked
  out. Only that one total is considered, not the rows and columns of a cross-tabulation. If no
  shown non-zero cell is left (six categories of one child each), the caller must suppress the
  total too. A share outside a mix is judged on its own numbers: its complement (20 of 23
  fostered leaves 3 who are not) is not checked.
- Numbers over 999 are shown with commas (GOV.UK style). `Policy.level` takes EES's spelling of
  `geographic_level`.
- Rounding is half up, as DfE rounds (Python's round() rounds halves to even), done in decimal.

What a reading measures is taken from `units` (by code, or by a mix's name) when given, for example
`{i.code: i.unit for i in catalogue.CORE}`. Otherwise it is inferred: `per` other than 1 is a rate,
a code ending "_mean" a mean, no denominator a count, anything else a share.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from analytics.indicators.reading import Reading

Level = Literal["Local authority", "Regional", "National"]  # EES `geographic_level`
Unit = Literal["count", "share", "rate", "mean"]
Symbol = Literal["c", "x", "z", "k"]

SECONDARY = (
    "Suppressed so the children in a suppressed cell cannot be worked out from the total (c)"
)


@dataclass(frozen=True)
class Policy:
    """6.1's configurable choices: which counts are suppressed, the small base, the level."""

    minimum: int = 1  # counts from minimum to maximum are suppressed
    maximum: int = 5
    small_base: int = 10  # a percentage of fewer children than this is flagged
    level: Level = "Local authority"
    nearest: int = 10  # national and regional counts are rounded to the nearest this

    def __post_init__(self) -> None:
        # A minimum of 0 would hide true zeros, and secondary suppression relies on each hidden
        # cell being at least one child.
        if not 1 <= self.minimum <= self.maximum or self.nearest < 1:
            raise ValueError("A policy needs 1 <= minimum <= maximum and nearest >= 1")

    def hides(self, children: Decimal) -> bool:
        """Whether this many children (rounded to whole children) is too few to show."""
        return self.minimum <= _round(children) <= self.maximum


@dataclass(frozen=True)
class Published:
    """One reading as it may be shown.

    `value` is in the unit shown (a percentage for a share: 67.0 for "67%") and is None whenever
    there is a `symbol`. `small_base` marks a shown percentage of fewer than `Policy.small_base`
    children. `reason` says in plain English why a figure is a symbol or flagged.
    """

    code: str
    la: str
    as_at: datetime.date
    shown: str
    value: float | None
    symbol: Symbol | None = None
    small_base: bool = False
    reason: str = ""


def publish(
    readings: Sequence[Reading],
    policy: Policy = Policy(),
    units: Mapping[str, Unit] | None = None,
) -> list[Published]:
    """Each reading as it may be made public, in the same order (INDICATORS.md 6.1)."""
    unit_of = [_unit(reading, units or {}) for reading in readings]
    published = [_primary(r, unit, policy) for r, unit in zip(readings, unit_of, strict=True)]
    mixes: dict[tuple[str, str, datetime.date], list[int]] = defaultdict(list)
    for i, reading in enumerate(readings):
        mix, colon, _category = reading.code.partition(":")
        if colon and unit_of[i] == "share" and published[i].symbol not in {"x", "z"}:
            mixes[mix, reading.la, reading.as_at].append(i)
    for cells in mixes.values():
        _protect(cells, readings, published)
    return published


def _protect(cells: list[int], readings: Sequence[Reading], published: list[Published]) -> None:
    """Suppress more cells of one mix until no suppressed one can be worked out from the total.

    Everyone knows the total and the shown cells, so the hidden cells' sum is known. It gives a
    cell away when only one is hidden, or when the sum equals the number hidden (each hidden cell is
    at least one child, so each is exactly one).
    """
    children = {i: _round(_decimal(readings[i].numerator) or Decimal(0)) for i in cells}
    while True:
        hidden = [i for i in cells if published[i].symbol == "c"]
        if not hidden or (len(hidden) > 1 and sum(children[i] for i in hidden) > len(hidden)):
            return
        shown = [i for i in cells if published[i].symbol != "c" and children[i] != 0]
        if not shown:  # every child is already hidden: only suppressing the total would help
            return
        smallest = min(shown, key=lambda i: (children[i], i))
        published[smallest] = _symbol(readings[smallest], "c", SECONDARY)


def _unit(reading: Reading, units: Mapping[str, Unit]) -> Unit:
    named = units.get(reading.code) or units.get(reading.code.partition(":")[0])
    if named:
        return named
    if reading.per != 1:
        return "rate"
    if reading.code.endswith("_mean"):
        return "mean"
    return "count" if reading.denominator is None else "share"


def _primary(reading: Reading, unit: Unit, policy: Policy) -> Published:
    n, d = _decimal(reading.numerator), _decimal(reading.denominator)
    if unit != "count" and d == 0:
        return _symbol(reading, "z", "Not applicable: there is no one to count from (z)")
    if (
        reading.status != "ok"
        or n is None
        or not n.is_finite()
        or (unit != "count" and (d is None or not d.is_finite()))
    ):
        note = f": {reading.note}" if reading.note else ""
        return _symbol(reading, "x", f"Not available (x){note}")
    d = d or Decimal(1)  # a count's denominator is never used
    suppressed = _suppressed(unit, n, d, policy)
    if suppressed:
        return _symbol(reading, "c", suppressed)
    if unit == "count":
        rounded = _round(n, 1 if policy.level == "Local authority" else policy.nearest)
    else:
        rounded = _round(n * {"share": 100, "rate": reading.per}.get(unit, 1) / d)
    if rounded == 0 and n != 0:
        return _symbol(reading, "k", "More than zero, but rounds to zero (k)")
    shown = f"{int(rounded):,}%" if unit == "share" else f"{int(rounded):,}"
    small_base = unit == "share" and _round(d) < policy.small_base
    if not small_base:
        return Published(reading.code, reading.la, reading.as_at, shown, float(rounded))
    if policy.level == "Local authority":
        shown += f" ({int(_round(n)):,} of {int(_round(d)):,})"
    reason = f"Small base: a percentage of fewer than {policy.small_base} children"
    return Published(
        reading.code, reading.la, reading.as_at, shown, float(rounded), None, small_base, reason
    )


def _suppressed(unit: Unit, n: Decimal, d: Decimal, policy: Policy) -> str:
    """Why a figure is suppressed as c, or "" when it is not (its own numbers, not its group)."""
    children = f"{policy.minimum} to {policy.maximum} children: suppressed (c)"
    if unit == "count":
        return f"A count of {children}" if policy.hides(n) else ""
    if unit == "mean":  # a sum of scores or days over a number of children
        return f"A mean over {children}" if policy.hides(d) else ""
    if policy.hides(n):
        return f"Built from a count of {children}"
    if unit == "share" and policy.hides(d):  # a rate's base is the public ONS population
        return f"Out of {children}"
    return ""


def _symbol(reading: Reading, symbol: Symbol, reason: str) -> Published:
    return Published(reading.code, reading.la, reading.as_at, symbol, None, symbol, False, reason)


def _decimal(number: float | None) -> Decimal | None:
    # repr gives a float's shortest form (2.675, not 2.67499999...), so halves stay halves.
    if number is None:
        return None
    return Decimal(number) if isinstance(number, int) else Decimal(repr(number))


def _round(number: Decimal, nearest: int = 1) -> Decimal:
    """Half up to the nearest `nearest`, as DfE rounds: 2.5 to 3, 25 to 30."""
    return (number / nearest).to_integral_value(rounding=ROUND_HALF_UP) * nearest
