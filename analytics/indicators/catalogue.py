"""The indicators the engine computes, and running them for each authority and as-at date."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from analytics.indicators import (
    adoption,
    away,
    children,
    flows,
    health,
    location,
    missing,
    mixes,
    outcomes,
    periods,
    placement,
    reviews,
    stability,
    stock,
)
from analytics.indicators.reading import Reading, Status, period_for
from analytics.ssda903.dataset import Return903
from analytics.ssda903.episodes import Coverage
from analytics.ssda903.working_days import england_bank_holidays


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

    def months(self, months: int) -> datetime.date:
        """The first day of the `months` months to D (12 months: P's start)."""
        return stability.months_before(self.as_at, months) + datetime.timedelta(days=1)


Compute = Callable[[Return903, Window], pl.DataFrame]
Kind = Literal["stock", "period", "annual"]


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    unit: Literal["count", "share", "mean", "rate"]
    polarity: Literal["higher", "lower", "neutral"]
    # stock: as at D; period: the `months` months to D, which the data must cover; annual:
    # the latest collection year ending on or before D, which must be loaded.
    kind: Kind
    compute: Compute
    months: int = 12
    # A mix: one reading per category, coded `<code>:<category>`, each a share of the total.
    categories: tuple[str, ...] = ()


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
        code="placement_stability_long_term",
        title="Children looked after for 2.5 years or more who have lived with the same carer "
        "for 2 years",
        unit="share",
        polarity="higher",
        kind="stock",
        compute=lambda d, w: stability.placement_stability_long_term(d.episodes, d.header, w.as_at),
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
        code="reviews_on_time",
        title="Children looked after whose reviews were all held on time",
        unit="share",
        polarity="higher",
        kind="period",
        compute=lambda d, w: reviews.reviews_on_time(
            stock.looked_after_at(d.episodes, w.as_at),
            d.reviews,
            w.start,
            w.end,
            d.bank_holidays or (),
        ),
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


def _mix(  # noqa: PLR0917 - the catalogue reads best as rows
    code: str,
    title: str,
    kind: Kind,
    categories: tuple[str, ...],
    compute: Compute,
    polarity: Literal["higher", "lower", "neutral"] = "neutral",
) -> Indicator:
    return Indicator(code, title, "share", polarity, kind, compute, categories=categories)


# The rest of the catalogue (INDICATORS.md 4.3): what boards look at beside the core.
FURTHER: tuple[Indicator, ...] = (
    _mix(
        "cla_age_band_mix",
        "Children looked after by age",
        "stock",
        mixes.CLA_AGE_BANDS,
        lambda d, w: mixes.cla_age_band_mix(d.episodes, d.header, w.as_at),
    ),
    _mix(
        "cla_gender_mix",
        "Children looked after by sex",
        "stock",
        mixes.GENDERS,
        lambda d, w: mixes.cla_gender_mix(d.episodes, d.header, w.as_at),
    ),
    _mix(
        "cla_ethnicity_mix",
        "Children looked after by ethnic group",
        "stock",
        mixes.ETHNICITIES,
        lambda d, w: mixes.cla_ethnicity_mix(d.episodes, d.header, w.as_at),
    ),
    _mix(
        "cla_legal_status_mix",
        "Children looked after by legal status",
        "stock",
        mixes.LEGAL_STATUSES,
        lambda d, w: mixes.cla_legal_status_mix(d.episodes, w.as_at),
    ),
    _mix(
        "cla_need_mix",
        "Children looked after by category of need",
        "stock",
        mixes.NEEDS,
        lambda d, w: mixes.cla_need_mix(d.episodes, w.as_at),
    ),
    _mix(
        "placement_type_mix_by_age",
        "Children looked after by placement and age",
        "stock",
        mixes.PLACEMENT_TYPES_BY_AGE,
        lambda d, w: mixes.placement_type_mix_by_age(d.episodes, d.header, w.as_at),
    ),
    _mix(
        "placement_foster_provider_mix",
        "Fostered children by kind of carer",
        "stock",
        mixes.FOSTER_PROVIDERS,
        lambda d, w: mixes.placement_foster_provider_mix(d.episodes, w.as_at),
    ),
    _mix(
        "cla_duration_band_mix",
        "Children looked after by time in care",
        "stock",
        mixes.DURATION_BANDS,
        lambda d, w: mixes.cla_duration_band_mix(d.episodes, w.as_at),
    ),
    _mix(
        "starts_age_band_mix",
        "Children starting to be looked after by age",
        "period",
        mixes.STARTS_AGE_BANDS,
        lambda d, w: mixes.starts_age_band_mix(d.episodes, d.header, w.start, w.end),
    ),
    _mix(
        "ceases_age_band_mix",
        "Children ceasing to be looked after by age",
        "period",
        mixes.CEASES_AGE_BANDS,
        lambda d, w: mixes.ceases_age_band_mix(d.episodes, d.header, w.start, w.end),
    ),
    _mix(
        "ceases_reason_mix",
        "Children ceasing to be looked after by reason",
        "period",
        mixes.CEASE_REASONS,
        lambda d, w: mixes.ceases_reason_mix(d.episodes, w.start, w.end),
    ),
    Indicator(
        "placement_outside_la_share",
        "Children placed outside the authority",
        "share",
        "lower",
        "stock",
        lambda d, w: location.placement_outside_la_share(d, w.as_at),
    ),
    Indicator(
        "placement_outside_la_20plus_miles_share",
        "Children placed outside the authority and more than 20 miles from home",
        "share",
        "lower",
        "stock",
        lambda d, w: location.placement_outside_la_20plus_miles_share(d, w.as_at),
    ),
    Indicator(
        "placement_20plus_miles_share",
        "Children placed more than 20 miles from home",
        "share",
        "lower",
        "stock",
        lambda d, w: location.placement_20plus_miles_share(d, w.as_at),
    ),
    Indicator(
        "missing_incidents_count",
        "Missing incidents of children looked after",
        "count",
        "lower",
        "period",
        lambda d, w: away.missing_incidents_count(d.episodes, d.missing, w.start, w.end),
    ),
    Indicator(
        "away_children_count",
        "Children looked after away from placement without authorisation",
        "count",
        "lower",
        "period",
        lambda d, w: away.away_children_count(d.episodes, d.missing, w.start, w.end),
    ),
    Indicator(
        "away_incidents_count",
        "Incidents of children looked after away without authorisation",
        "count",
        "lower",
        "period",
        lambda d, w: away.away_incidents_count(d.episodes, d.missing, w.start, w.end),
    ),
    Indicator(
        "missing_share_of_cla_during_year",
        "Children looked after during the year who went missing",
        "share",
        "lower",
        "period",
        lambda d, w: away.missing_share_of_cla_during_year(d.episodes, d.missing, w.start, w.end),
    ),
    Indicator(
        "missing_incidents_per_missing_child",
        "Missing incidents per child who went missing",
        "mean",
        "lower",
        "period",
        lambda d, w: away.missing_incidents_per_missing_child(
            d.episodes, d.missing, w.start, w.end
        ),
    ),
    Indicator(
        "missing_at_date_count",
        "Children looked after who were missing at the date",
        "count",
        "lower",
        "stock",
        lambda d, w: away.missing_at_date_count(d.episodes, d.missing, w.as_at),
    ),
    Indicator(
        "oc2_immunisations",
        "Children looked after for a year whose immunisations were up to date",
        "share",
        "higher",
        "annual",
        lambda d, w: health.oc2_immunisations(d, w.year),
    ),
    Indicator(
        "oc2_development_checks_under5",
        "Children under 5 looked after for a year whose development checks were up to date",
        "share",
        "higher",
        "annual",
        lambda d, w: health.oc2_development_checks_under5(d, w.year),
    ),
    Indicator(
        "oc2_substance_misuse",
        "Children looked after for a year identified with a substance misuse problem",
        "share",
        "neutral",
        "annual",
        lambda d, w: health.oc2_substance_misuse(d, w.year),
    ),
    Indicator(
        "oc2_convicted",
        "Children aged 10 or over looked after for a year who were convicted or given a final "
        "warning or reprimand",
        "share",
        "lower",
        "annual",
        lambda d, w: health.oc2_convicted(d, w.year),
    ),
    Indicator(
        "oc2_sdq_completed_share",
        "Children aged 5 to 16 looked after for a year with a strengths and difficulties score",
        "share",
        "higher",
        "annual",
        lambda d, w: health.oc2_sdq_completed_share(d, w.year),
    ),
    _mix(
        "oc2_sdq_band_mix",
        "Strengths and difficulties scores by band",
        "annual",
        tuple(name for name, _low, _high in health.SDQ_BANDS),
        lambda d, w: health.oc2_sdq_band_mix(d, w.year),
    ),
    Indicator(
        "adoption_a1_days",
        "Average days from entering care to moving in with the adoptive family (A1)",
        "mean",
        "lower",
        "period",
        lambda d, w: adoption.adoption_a1_days(d, w.as_at),
        months=adoption.ADOPTION_MONTHS,
    ),
    Indicator(
        "adoption_a10_days",
        "Average days from entering care to moving in with the adoptive family, adjusted for "
        "foster carer adoptions (A10)",
        "mean",
        "lower",
        "period",
        lambda d, w: adoption.adoption_a10_days(d, w.as_at),
        months=adoption.ADOPTION_MONTHS,
    ),
    Indicator(
        "adoption_a2_days",
        "Average days from the placement order to being matched with the adoptive family (A2)",
        "mean",
        "lower",
        "period",
        lambda d, w: adoption.adoption_a2_days(d, w.as_at),
        months=adoption.ADOPTION_MONTHS,
    ),
    Indicator(
        "adoption_within_14_months_share",
        "Children adopted who moved in with their adoptive family within 14 months of entering "
        "care",
        "share",
        "higher",
        "period",
        lambda d, w: adoption.adoption_within_14_months_share(d, w.as_at),
        months=adoption.ADOPTION_MONTHS,
    ),
    Indicator(
        "sgo_share_of_ceases",
        "Children ceasing to be looked after through a special guardianship order",
        "share",
        "higher",
        "period",
        lambda d, w: adoption.sgo_share_of_ceases(d.episodes, w.start, w.end),
    ),
    Indicator(
        "uasc_count",
        "Unaccompanied asylum-seeking children looked after",
        "count",
        "neutral",
        "stock",
        lambda d, w: children.uasc_count(d, w.as_at),
    ),
    Indicator(
        "uasc_share",
        "Children looked after who are unaccompanied asylum-seeking children",
        "share",
        "neutral",
        "stock",
        lambda d, w: children.uasc_share(d, w.as_at),
    ),
    Indicator(
        "reviews_participation_share",
        "Reviews in which the child took part",
        "share",
        "higher",
        "period",
        lambda d, w: children.reviews_participation_share(d, w.start, w.end),
    ),
    _mix(
        "placement_moves_by_reason",
        "Placement moves by reason",
        "period",
        children.MOVE_REASONS,
        lambda d, w: children.placement_moves_by_reason(d, w.start, w.end),
    ),
    Indicator(
        "placement_stability_3plus_2yr",
        "Children looked after for two years or more with three or more placements in those two "
        "years",
        "share",
        "lower",
        "period",
        lambda d, w: children.placement_stability_3plus_2yr(d, w.as_at),
        months=children.STABILITY_MONTHS,
    ),
    Indicator(
        "care_leavers_in_touch_19_21",
        "Care leavers aged 19 to 21 the authority is in touch with",
        "share",
        "higher",
        "annual",
        lambda d, w: health.care_leavers_in_touch_19_21(d.oc3, w.year),
    ),
    Indicator(
        "care_leavers_eet_17_18",
        "Care leavers aged 17 and 18 in education, employment or training",
        "share",
        "higher",
        "annual",
        lambda d, w: health.care_leavers_eet_17_18(d.oc3, w.year),
    ),
    Indicator(
        "care_leavers_suitable_accom_17_18",
        "Care leavers aged 17 and 18 in suitable accommodation",
        "share",
        "higher",
        "annual",
        lambda d, w: health.care_leavers_suitable_accom_17_18(d.oc3, w.year),
    ),
    Indicator(
        "care_leavers_in_touch_17_18",
        "Care leavers aged 17 and 18 the authority is in touch with",
        "share",
        "higher",
        "annual",
        lambda d, w: health.care_leavers_in_touch_17_18(d.oc3, w.year),
    ),
)

# Every indicator the engine computes: the core ones first, then the rest of the catalogue.
CATALOGUE: tuple[Indicator, ...] = CORE + FURTHER


def compute(
    data: Return903,
    as_at_dates: Iterable[datetime.date],
    indicators: Iterable[Indicator] = CORE,
    *,
    progress: Callable[[str], None] | None = None,
) -> list[Reading]:
    """Every indicator for every authority in `data` at every date."""
    data = _prepared(data)
    chosen, dates = list(indicators), list(as_at_dates)
    readings = []
    # An annual measure is the same at every date in a year: worked out once per year.
    annual: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for number, as_at in enumerate(dates, start=1):
        if progress:
            progress(f"{len(chosen)} indicators at {as_at:%d/%m/%Y} ({number} of {len(dates)})")
        window = Window.at(as_at)
        for indicator in chosen:
            if indicator.kind == "annual":
                key = (indicator.code, window.year)
                if key not in annual:
                    annual[key] = indicator.compute(data, window).to_dicts()
                rows = annual[key]
            else:
                rows = indicator.compute(data, window).to_dicts()
            categories: tuple[str | None, ...] = indicator.categories or (None,)
            found = {(row["LA"], row.get("category")): row for row in rows}
            for la in sorted(data.coverage):
                readings += [
                    _reading(indicator, window, la, data, found.get((la, category), {}), category)
                    for category in categories
                ]
    return readings


def _prepared(data: Return903) -> Return903:
    """What many indicators look at, worked out once per run: each episode's placement context,
    period of care and placement start, and the bank holidays of the years loaded."""
    episodes = stability.with_placement_start(
        periods.period_starts(stability.with_placement_context(data.episodes), carry=("CIN",))
    )
    holidays = data.bank_holidays
    if holidays is None:
        years = [coverage.start.year for coverage in data.coverage.values()] + [
            coverage.end.year for coverage in data.coverage.values()
        ]
        holidays = england_bank_holidays(
            range(min(years, default=2000), max(years, default=2000) + 2)
        )
    return dataclasses.replace(
        data,
        episodes=episodes,
        reviews=data.reviews.sort("LA", "CHILD", "REVIEW"),
        bank_holidays=holidays,
    )


def _reading(  # noqa: PLR0917 - private, one call
    indicator: Indicator,
    window: Window,
    la: str,
    data: Return903,
    row: dict[str, Any],
    category: str | None,
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
    elif status == "ok" and "numerator" in row and row["numerator"] is None:
        status = "not_available"  # the indicator needs an input it was not given; `note` says
    counted = indicator.unit == "count"
    start, end = _period(indicator, window)
    return Reading(
        code=f"{indicator.code}:{category}" if category else indicator.code,
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


def _period(indicator: Indicator, window: Window) -> tuple[datetime.date, datetime.date]:
    if indicator.kind == "stock":
        return window.as_at, window.as_at
    if indicator.kind == "annual":
        return datetime.date(window.year - 1, 4, 1), datetime.date(window.year, 3, 31)
    return window.months(indicator.months), window.as_at


def _status(indicator: Indicator, coverage: Coverage, window: Window) -> Status:
    if window.as_at > coverage.end or window.as_at < coverage.start:
        return "not_available"
    start, end = _period(indicator, window)
    if indicator.kind != "stock" and not coverage.covers_period(start, end):
        return "not_available" if indicator.kind == "annual" else "incomplete_window"
    return "ok"
