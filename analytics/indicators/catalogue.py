"""The indicators the engine computes, and running them for each authority and as-at date."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from analytics.indicators import flows, stability, stock
from analytics.indicators.reading import Reading, period_for
from analytics.ssda903.episodes import Coverage, coverage_by_la

Compute = Callable[[pl.DataFrame, datetime.date, datetime.date], pl.DataFrame]


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    unit: Literal["count", "share"]
    polarity: Literal["higher", "lower", "neutral"]
    # "stock" is as at D; "period" covers P, the 12 months to D, and needs data for all of it.
    window: Literal["stock", "period"]
    compute: Compute


CORE: tuple[Indicator, ...] = (
    Indicator(
        "cla_count",
        "Children looked after",
        "count",
        "neutral",
        "stock",
        lambda episodes, start, end: stock.cla_count(episodes, end),
    ),
    Indicator(
        "starts_in_year",
        "Children who started to be looked after",
        "count",
        "neutral",
        "period",
        flows.starts_in_year,
    ),
    Indicator(
        "ceases_in_year",
        "Children who ceased to be looked after",
        "count",
        "neutral",
        "period",
        flows.ceases_in_year,
    ),
    Indicator(
        "placement_stability_3plus",
        "Children looked after with 3 or more placements in the year",
        "share",
        "lower",
        "period",
        lambda episodes, start, end: stability.placement_stability_3plus(episodes, end, start),
    ),
    Indicator(
        "adoption_share_of_ceases",
        "Children ceasing to be looked after who were adopted",
        "share",
        "higher",
        "period",
        flows.adoption_share_of_ceases,
    ),
)


def compute(
    episodes: pl.DataFrame,
    as_at_dates: Iterable[datetime.date],
    indicators: Iterable[Indicator] = CORE,
) -> list[Reading]:
    """Every indicator for every authority in `episodes` at every date, in one pass per date."""
    coverage = coverage_by_la(episodes)
    episodes = stability.with_placement_context(episodes)
    readings = []
    for as_at in as_at_dates:
        start, end = period_for(as_at)
        for indicator in indicators:
            found = {row["LA"]: row for row in indicator.compute(episodes, start, end).to_dicts()}
            for la in sorted(coverage):
                status = _status(indicator, coverage[la], start, end)
                row = found.get(la, {})
                share = indicator.unit == "share"
                readings.append(
                    Reading(
                        code=indicator.code,
                        la=la,
                        as_at=as_at,
                        period_start=start if indicator.window == "period" else end,
                        period_end=end,
                        numerator=row.get("numerator", 0) if status == "ok" else None,
                        denominator=row.get("denominator", 0) if share and status == "ok" else None,
                        status=status,
                    )
                )
    return readings


def _status(
    indicator: Indicator, coverage: Coverage, start: datetime.date, end: datetime.date
) -> Literal["ok", "not_available", "incomplete_window"]:
    if end > coverage.end or end < coverage.start:
        return "not_available"
    if indicator.window == "period" and not coverage.covers_period(start, end):
        return "incomplete_window"
    return "ok"
