"""What every indicator returns: numerator, denominator and value, per authority (4.1)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

Status = Literal["ok", "not_available", "incomplete_window"]


@dataclass(frozen=True)
class Reading:
    code: str
    la: str
    as_at: datetime.date
    period_start: datetime.date
    period_end: datetime.date
    numerator: int | float | None
    denominator: int | float | None
    status: Status = "ok"
    note: str = ""
    per: int = 1  # 10,000 for a rate per 10,000

    @property
    def value(self) -> float | None:
        """Counts are their numerator; shares a fraction from 0 to 1; rates per `per`; none on a
        zero base."""
        if self.status != "ok" or self.numerator is None:
            return None
        if self.denominator is None:
            return float(self.numerator)
        return None if self.denominator == 0 else self.numerator / self.denominator * self.per


def period_for(as_at: datetime.date) -> tuple[datetime.date, datetime.date]:
    """P: the 12 months ending on D, from D minus a year plus a day (section 0)."""
    try:
        year_before = as_at.replace(year=as_at.year - 1)
    except ValueError:  # 29 February
        year_before = as_at.replace(year=as_at.year - 1, day=28)
    return year_before + datetime.timedelta(days=1), as_at
