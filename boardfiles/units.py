"""What a KPI counts, which way is better and how often it is reported: the values stored and
the words people read for them, kept in one place for the readers and the apps' fields."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Labelled(StrEnum):
    """A stored value with the words a person reads for it (`Unit.RATE.label`)."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:  # label: only where defined
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs, for a Django field's or form's `choices`."""
        return [(member.value, member.label) for member in cls]


class Unit(Labelled):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    RATE = "rate_per_10000", "Rate per 10,000"
    SCORE = "score", "Score"
    MONEY = "money", "Money (£)"
    DAYS = "days", "Days"


class Polarity(Labelled):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEITHER = "neither", "Neither (context)"


class Frequency(Labelled):
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"
