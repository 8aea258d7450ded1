"""The indicators the engine computes, and running them for each authority and as-at date."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from analytics.indicators import flows, missing, outcomes, placement, stability, stock
from analytics.indicators.reading import Reading, Status, period_for
from analytics.ssda903.dataset import Return903
from analytics.ssda903.episodes import Coverage


@dataclass(frozen=True)
class Window:
    """The dates an indicator can look at for one as-at date D."""

    as_at: datetime.date
    start: datetime.date  # P: the 12 months to D
    end: datetime.date
    year: int  # the latest collection year ending on or before D, for annual measures

    @classmethod
    def at(cls, as_at: datetime.date) -> Window:
        start, end = period_for(as_at)
        return cls(as_at, start, end, outcomes.collection_year(as_at))


Compute = Callable[[Return903, Window], pl.DataFrame]
Kind = Literal["stock", "period", "annual"]


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    unit: Literal["count", "share", "mean", "rate"]
    polarity: Literal["higher", "lower", "neutral"]
    # stock: as at D; period: the 12 months to D, which the data must cover; annual: the
    # latest collection year ending on or before D, which must be loaded.
    kind: Kind
    compute: Compute


CORE: tuple[Indicator, ...] = (
    Indicator(
        code="cla_count",
        title="Children looked after",
        unit="count",
        polarity="neutral",
        kind="stock",
        compute=lambda d, w: stock.cla_count(d.episodes, w.as_at),
    ),
    Indicator(
        code="cla_rate_per_10k",
        title="Children looked after per 10,000 children",
        unit="rate",
        polarity="neutral",
        kind="stock",
        compute=lambda d, w: stock.cla_rate_per_10k(d.episodes, _population(d), w.as_at),
    ),
    Indicator(
        code="starts_in_year",
        title="Children who started to be looked after",
        unit="count",
        polarity="neutral",
        kind="period",
        compute=lambda d, w: flows.starts_in_year(d.episodes, w.start, w.end),
    ),
    Indicator(
        code="ceases_in_year",
        title="Children who ceased to be looked after",
        unit="count",
        polarity="neutral",
        kind="period",
        compute=lambda d, w: flows.ceases_in_year(d.episodes, w.start, w.end),
    ),
    Indicator(
        code="placement_stability_3plus",
        title="Children looked after with 3 or more placements in the year",
        unit="share",
        polarity="lower",
        kind="period",
        compute=lambda d, w: stability.placement_stability_3plus(d.episodes, w.as_at, w.start),
    ),
    Indicator(
        code="placement_foster_share",
        title="Children looked after who are fostered",
        unit="share",
        polarity="neutral",
        kind="stock",
        compute=lambda d, w: placement.share_placed_in(d.episodes, w.as_at, placement.FOSTER),
    ),
    Indicator(
        code="placement_residential_share",
        title="Children looked after in secure units, children's homes or semi-independent living",
        unit="share",
        polarity="lower",
        kind="stock",
        compute=lambda d, w: placement.share_placed_in(d.episodes, w.as_at, placement.RESIDENTIAL),
    ),
    Indicator(
        code="placement_childrens_home_share",
        title="Children looked after in children's homes",
        unit="share",
        polarity="lower",
        kind="stock",
        compute=lambda d, w: placement.share_placed_in(
            d.episodes, w.as_at, placement.CHILDRENS_HOMES
        ),
    ),
    Indicator(
        code="adoption_share_of_ceases",
        title="Children ceasing to be looked after who were adopted",
        unit="share",
        polarity="higher",
        kind="period",
        compute=lambda d, w: flows.adoption_share_of_ceases(d.episodes, w.start, w.end),
    ),
    Indicator(
        code="oc2_health_assessment",
        title="Children looked after for a year who had their health assessment",
        unit="share",
        polarity="higher",
        kind="annual",
        compute=lambda d, w: outcomes.oc2_share(d, w.year, "HEALTH_ASSESSMENT"),
    ),
    Indicator(
        code="oc2_teeth_check",
        title="Children looked after for a year who had their teeth checked",
        unit="share",
        polarity="higher",
        kind="annual",
        compute=lambda d, w: outcomes.oc2_share(d, w.year, "TEETH_CHECK"),
    ),
    Indicator(
        code="oc2_sdq_mean",
        title="Average strengths and difficulties score",
        unit="mean",
        polarity="lower",
        kind="annual",
        compute=lambda d, w: outcomes.oc2_sdq_mean(d, w.year),
    ),
    Indicator(
        code="care_leavers_eet_19_21",
        title="Care leavers aged 19 to 21 in education, employment or training",
        unit="share",
        polarity="higher",
        kind="annual",
        compute=lambda d, w: outcomes.care_leavers_eet_19_21(d.oc3, w.year),
    ),
    Indicator(
        code="care_leavers_suitable_accom_19_21",
        title="Care leavers aged 19 to 21 in suitable accommodation",
        unit="share",
        polarity="higher",
        kind="annual",
        compute=lambda d, w: outcomes.care_leavers_suitable_accom_19_21(d.oc3, w.year),
    ),
    Indicator(
        code="missing_children_count",
        title="Children looked after who went missing",
        unit="count",
        polarity="lower",
        kind="period",
        compute=lambda d, w: missing.missing_children_count(d.episodes, d.missing, w.start, w.end),
    ),
)


# Every indicator the engine computes: the core ones first, then the rest of the catalogue.
CATALOGUE: tuple[Indicator, ...] = CORE


def compute(
    data: Return903,
    as_at_dates: Iterable[datetime.date],
    indicators: Iterable[Indicator] = CORE,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Reading]:
    """Every indicator for every authority in `data` at every date."""
    data = dataclasses.replace(data, episodes=stability.with_placement_context(data.episodes))
    chosen, dates = list(indicators), list(as_at_dates)
    readings = []
    for number, as_at in enumerate(dates, start=1):
        if progress:
            progress(
                f"Computing {len(chosen)} indicators at {as_at:%d/%m/%Y} ({number} of {len(dates)})"
            )
        window = Window.at(as_at)
        for indicator in chosen:
            found = {row["LA"]: row for row in indicator.compute(data, window).to_dicts()}
            for la in sorted(data.coverage):
                readings.append(_reading(indicator, window, la, data, found.get(la, {})))
    return readings


def _reading(
    indicator: Indicator,
    window: Window,
    la: str,
    data: Return903,
    row: dict[str, Any],
) -> Reading:
    status = _status(indicator, data.coverage[la], window)
    note = "; ".join(text for text in (row.get("note") or "", _left_out_note(data, la)) if text)
    if indicator.unit == "rate" and status == "ok" and "denominator" not in row:
        status = "not_available"
        note = (
            f"No population estimate for {la} on or before {window.as_at:%d/%m/%Y}"
            if data.population is not None
            else "Needs the population of 0 to 17 year olds (--population)"
        )
    counted = indicator.unit == "count"
    start, end = _period(indicator.kind, window)
    return Reading(
        code=indicator.code,
        la=la,
        as_at=window.as_at,
        period_start=start,
        period_end=end,
        numerator=row.get("numerator", 0) if status == "ok" else None,
        denominator=None if counted or status != "ok" else row.get("denominator", 0),
        status=status,
        note=note,
        per=10_000 if indicator.unit == "rate" else 1,
    )


def _left_out_note(data: Return903, la: str) -> str:
    """What validation left out of the authority's return, said on every reading of it."""
    if la not in data.left_out:
        return ""
    counts = ", ".join(f"{table} {count:,}" for table, count in sorted(data.left_out[la].items()))
    return f"Rows with errors left out of the return ({counts}): run pledge-903 validate"


def _population(data: Return903) -> pl.DataFrame:
    if data.population is None:
        return pl.DataFrame(schema={"LA": pl.String, "YEAR": pl.Int32, "POPULATION": pl.Int64})
    return data.population


def _period(kind: Kind, window: Window) -> tuple[datetime.date, datetime.date]:
    if kind == "stock":
        return window.as_at, window.as_at
    if kind == "annual":
        return datetime.date(window.year - 1, 4, 1), datetime.date(window.year, 3, 31)
    return window.start, window.end


def _status(indicator: Indicator, coverage: Coverage, window: Window) -> Status:
    if window.as_at > coverage.end or window.as_at < coverage.start:
        return "not_available"
    start, end = _period(indicator.kind, window)
    if indicator.kind != "stock" and not coverage.covers_period(start, end):
        return "not_available" if indicator.kind == "annual" else "incomplete_window"
    return "ok"
