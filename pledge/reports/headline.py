"""The public "Headline data" page: the board's figures from its 903 return, section by section,
beside England's, the region's and the statistical neighbours' published figures, as seed 000's
"Headline Data" and seed 001's comparator tables set them out.

Every figure of ours passes through `analytics.publication.publish` (DfE's rounding and
small-number suppression, INDICATORS.md 6.1) before it reaches the page, because the page is
public: a count of 1 to 5 children reads "c", with the reason in a note. The comparators are
DfE's own published figures, shown as DfE published them (a symbol with its meaning).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from django.db.models import Prefetch, QuerySet

from analytics.indicators.catalogue import CATALOGUE, Indicator
from analytics.indicators.reading import Reading as EngineReading
from analytics.indicators.reading import Status
from analytics.publication import Policy, publish
from boardfiles.comparators import SYMBOL_MEANINGS
from boardfiles.periods import month_end
from boardfiles.units import Unit
from pledge.comparators.models import ComparatorValue
from pledge.comparators.selectors import (
    REGIONS,
    Comparators,
    NeighbourAverage,
    comparator_for,
    comparators_for,
)
from pledge.core.models import Authority
from pledge.returns.models import IndicatorValue, ReturnLoad
from pledge.returns.selectors import indicator_values_by_code
from pledge.scorecard.figures import figure
from pledge.scorecard.models import HeadlineSection, Kpi, Reading

# The page's sections and the engine indicators in each (codes from analytics/indicators/
# catalogue.py), in the order seed 000's "Headline Data" reads. KPIs kept from the council's
# own records join the section their `headline_section` names, after the 903's figures.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        HeadlineSection.CHILDREN_IN_CARE.label,
        ("cla_count", "cla_rate_per_10k", "starts_in_year", "ceases_in_year", "uasc_count"),
    ),
    (
        HeadlineSection.PLACEMENTS.label,
        (
            "placement_foster_share",
            "placement_residential_share",
            "placement_outside_la_share",
            "placement_20plus_miles_share",
        ),
    ),
    (
        HeadlineSection.STABILITY.label,
        ("placement_stability_3plus", "placement_stability_long_term"),
    ),
    (
        HeadlineSection.REVIEWS.label,
        ("reviews_on_time", "missing_share_of_cla_during_year"),
    ),
    (
        HeadlineSection.HEALTH.label,
        (
            "oc2_health_assessment",
            "oc2_teeth_check",
            "oc2_immunisations",
            "oc2_development_checks_under5",
            "oc2_sdq_completed_share",
            "oc2_sdq_mean",
        ),
    ),
    (HeadlineSection.EDUCATION.label, ()),
    (
        HeadlineSection.CARE_LEAVERS.label,
        (
            "care_leavers_in_touch_19_21",
            "care_leavers_eet_19_21",
            "care_leavers_suitable_accom_19_21",
            "care_leavers_eet_17_18",
            "care_leavers_suitable_accom_17_18",
        ),
    ),
    (
        HeadlineSection.ADOPTION.label,
        (
            "adoption_share_of_ceases",
            "sgo_share_of_ceases",
            "adoption_within_14_months_share",
            "adoption_a1_days",
        ),
    ),
)

# The one place an engine indicator is paired with DfE's published measure it is compared with.
# Measures are named as the columns of DfE's wide EES file of children looked after indicators
# (shared/data/comparators/ees_cla_la_indicators_sample.csv; its README gives the EES file and
# filter values each comes from), which is how `boardfiles.comparators` names them. Only pairs that
# count the same children over the same period are listed: an indicator without a measure here is
# shown without comparators rather than beside a figure that measures something else.
EES_MEASURES: Mapping[str, str] = {
    "cla_count": "cla_31_march_count",
    "cla_rate_per_10k": "cla_31_march_rate_per_10000",
    "starts_in_year": "cla_started_count",
    "ceases_in_year": "cla_ceased_count",
    "placement_stability_3plus": "three_or_more_placements_percent",
    "placement_stability_long_term": "same_carer_2_years_percent",
    "care_leavers_eet_19_21": "care_leavers_19_to_21_eet_percent",
    "care_leavers_suitable_accom_19_21": "care_leavers_19_to_21_suitable_accommodation_percent",
}

INDICATORS: Mapping[str, Indicator] = {indicator.code: indicator for indicator in CATALOGUE}
UNITS = {indicator.code: indicator.unit for indicator in CATALOGUE}
# The engine's notes name the pledge-903 option that would supply what is missing
# ("(--population)"): words for an analyst, left out on a public page.
_COMMAND_OPTION = re.compile(r"\s*\(--[^)]*\)")
# DfE's short names for the adoption measures ("(A1)"): jargon on a public page.
_DFE_CODE = re.compile(r"\s*\(A\d+\)$")
# Dates that do not break across lines in a narrow table cell.
DAY, MONTH = "%-d\u00a0%b\u00a0%Y", "%b\u00a0%Y"


@dataclass(frozen=True)
class Figure:
    """One cell: a figure as it may be shown, when it is for, and the note that explains a
    symbol or a flag (numbered on the page), if any."""

    shown: str
    when: str
    note: int | None = None
    detail: str = ""  # for the neighbours' average: how many had a figure
    value: float | None = None  # the number shown, for a chart; None for a symbol


@dataclass(frozen=True)
class Row:
    code: str
    title: str
    measure: str  # DfE's published measure, or ""
    latest: Figure | None
    year_before: Figure | None
    england: Figure | None
    region: Figure | None
    neighbours: Figure | None
    # Ours and England's at the latest figure's month end in each year held, oldest first.
    trend: tuple[tuple[datetime.date, Figure | None, Figure | None], ...] = ()
    share: bool = False  # a percentage, whose chart stops at 100
    source: str = ""  # where ours come from, when not the 903 return


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Headline:
    loaded: bool  # a 903 return has been stored for the authority
    sections: tuple[Section, ...]
    region_name: str  # "" when the board's region is not set
    neighbours: int  # how many statistical neighbours the board has
    compared: bool  # any published comparator is held
    notes: tuple[str, ...]  # note 1 is notes[0]


@dataclass
class _Notes:
    """The page's notes: each distinct reason once, numbered from 1 as first met."""

    public: bool = True  # our figures through DfE's suppression
    texts: list[str] = field(default_factory=list)

    def number(self, text: str) -> int | None:
        if not text:
            return None
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text) + 1


def headline_figures(
    authority: Authority, *, on: datetime.date | None = None, public: bool = True
) -> Headline:
    """The headline figures for the board's authority, from its stored 903 indicators (the
    newest load's at each date, `indicator_values_by_code`) and DfE's published figures
    (`comparators_for`): three queries whatever the number of rows.

    `on` leaves out our figures for later dates (a board pack's period end). `public` passes our
    figures through DfE's suppression; the board's own pack shows them as they are."""
    codes = [code for _title, section in SECTIONS for code in section]
    values = indicator_values_by_code(authority, codes)
    if on is not None:
        values = {code: [v for v in held if v.as_at <= on] for code, held in values.items()}
    kpis = list(_headline_kpis(authority))
    measures = [*EES_MEASURES.values(), *(kpi.comparator_measure for kpi in kpis)]
    comparators = comparators_for(authority, measures)
    notes = _Notes(public=public)
    from_records: dict[str, list[Row]] = defaultdict(list)
    for kpi in kpis:
        found = comparators.get(kpi.comparator_measure, Comparators())
        row = _kpi_row(kpi, on, found, notes)
        from_records[HeadlineSection(kpi.headline_section).label].append(row)
    sections = tuple(
        Section(
            title,
            tuple(
                _row(
                    code,
                    values.get(code, []),
                    comparators.get(EES_MEASURES.get(code, ""), Comparators()),
                    notes,
                )
                for code in section
            )
            + tuple(from_records[title]),
        )
        for title, section in SECTIONS
        if section or from_records[title]
    )
    return Headline(
        loaded=ReturnLoad.objects.filter(
            authority=authority, state=ReturnLoad.State.STORED
        ).exists(),
        sections=sections,
        region_name=REGIONS.get(authority.region_code, authority.region_code),
        neighbours=len(authority.statistical_neighbours or []),
        compared=any(c.england or c.region or c.neighbours for c in comparators.values()),
        notes=tuple(notes.texts),
    )


def _row(code: str, values: list[IndicatorValue], comparators: Comparators, notes: _Notes) -> Row:
    indicator = INDICATORS[code]
    latest = next((v for v in reversed(values) if v.value is not None), None) or (
        values[-1] if values else None
    )
    earlier = None
    yearly = [latest] if latest is not None else []
    while yearly and (
        before := next((v for v in values if v.as_at == _year_before(yearly[0].as_at)), None)
    ):
        yearly.insert(0, before)
    if len(yearly) > 1:
        earlier = yearly[-2]
    ours = _published(yearly, notes)
    # The published figures for our latest date (or, with none of ours, the latest published).
    day = latest.as_at if latest is not None else datetime.date.max
    stock, share = indicator.kind == "stock", indicator.unit == "share"
    return Row(
        code=code,
        title=_DFE_CODE.sub("", indicator.title),
        measure=EES_MEASURES.get(code, ""),
        latest=ours.get(latest.as_at) if latest is not None else None,
        year_before=ours.get(earlier.as_at) if earlier is not None else None,
        england=_theirs(comparator_for(comparators.england, day), stock, share, notes),
        region=_theirs(comparator_for(comparators.region, day), stock, share, notes),
        neighbours=_average(comparator_for(comparators.neighbours, day), stock, share, notes),
        trend=tuple(
            (
                value.as_at,
                ours[value.as_at],
                _theirs(
                    next((c for c in comparators.england if c.year_ending == value.as_at), None),
                    stock,
                    share,
                    notes,
                ),
            )
            for value in yearly
        ),
        share=share,
    )


def _headline_kpis(authority: Authority) -> QuerySet[Kpi]:
    current = Reading.objects.filter(is_current=True).order_by("period_end")
    return (
        Kpi.objects.live()
        .filter(authority=authority)
        .exclude(headline_section="")
        .prefetch_related(Prefetch("readings", queryset=current, to_attr="current_readings"))
    )


def _kpi_row(kpi: Kpi, on: datetime.date | None, comparators: Comparators, notes: _Notes) -> Row:
    """A KPI from the council's own records, as a headline row: its latest figure at or before
    `on` and the same period in each year before, through DfE's suppression for the public."""
    held = [r for r in kpi.current_readings if on is None or r.period_end <= on]  # type: ignore[attr-defined]
    latest = next((r for r in reversed(held) if r.value is not None), None)
    yearly = [latest] if latest is not None else []
    while yearly and (
        before := next(
            (r for r in held if r.period_end == _year_before(yearly[0].period_end)), None
        )
    ):
        yearly.insert(0, before)
    ours = {reading.period_end: _kpi_figure(kpi, reading, notes) for reading in yearly}
    day = latest.period_end if latest is not None else datetime.date.max
    stock, share = False, kpi.unit == Unit.PERCENTAGE
    return Row(
        code=f"kpi:{kpi.pk}",
        title=kpi.name,
        measure=kpi.comparator_measure,
        latest=ours.get(day),
        year_before=ours.get(yearly[-2].period_end) if len(yearly) > 1 else None,
        england=_theirs(comparator_for(comparators.england, day), stock, share, notes),
        region=_theirs(comparator_for(comparators.region, day), stock, share, notes),
        neighbours=_average(comparator_for(comparators.neighbours, day), stock, share, notes),
        trend=tuple((reading.period_end, ours[reading.period_end], None) for reading in yearly),
        share=share,
        source="The council's own records",
    )


def _kpi_figure(kpi: Kpi, reading: Reading, notes: _Notes) -> Figure:
    start, end = reading.period_start, reading.period_end
    when = f"{start:{MONTH}} to {end:{MONTH}}"
    if (start.year, start.month) == (end.year, end.month):
        when = f"at {end:{DAY}}" if start == end else f"{end:{MONTH}}"
    shown = kpi_figure(reading, kpi.unit, public=notes.public)
    if reading.value is None or shown == "c":
        reason = "c: Not shown to protect confidentiality (1 to 5 children)" if shown == "c" else ""
        return Figure(shown, when, notes.number(reason))
    return Figure(shown, when, value=float(reading.value))


def kpi_figure(reading: Reading, unit: str, *, public: bool) -> str:
    """A KPI's figure as it may be shown: for the public, a count or a percentage of 1 to 5
    children is suppressed and the rest rounded as the 903's figures are (a percentage only
    when its numerator and denominator are held)."""
    if reading.value is None:
        return reading.not_available or "Not available"
    if public and unit in {Unit.COUNT, Unit.PERCENTAGE}:
        counted = unit == Unit.COUNT
        numerator = reading.value if counted else reading.numerator
        if numerator is not None and (counted or reading.denominator is not None):
            (published,) = publish(
                [
                    EngineReading(
                        code="kpi",
                        la="",
                        as_at=reading.period_end,
                        period_start=reading.period_start,
                        period_end=reading.period_end,
                        numerator=float(numerator),
                        denominator=None if counted else float(reading.denominator or 0),
                        status="ok",
                    )
                ],
                Policy(),
                {"kpi": "count" if counted else "share"},
            )
            # As the 903's figures read for the public: a symbol, or DfE's rounding.
            return published.symbol or published.shown
    return figure(reading.value, unit)


def _published(values: list[IndicatorValue], notes: _Notes) -> dict[datetime.date, Figure]:
    """Our figures by date: as DfE's rules let them be made public (analytics.publication), or
    for the board, as they are."""
    readings = [engine_reading(value) for value in values]
    if not notes.public:
        return {
            value.as_at: _as_they_are(value, reading, notes)
            for value, reading in zip(values, readings, strict=True)
        }
    shown = publish(readings, Policy(), UNITS)
    return {
        value.as_at: Figure(
            published.shown,
            _our_when(value),
            notes.number(published.reason),
            value=published.value,
        )
        for value, published in zip(values, shown, strict=True)
    }


def _as_they_are(value: IndicatorValue, reading: EngineReading, notes: _Notes) -> Figure:
    """One of our figures unrounded and unsuppressed, for the board's own eyes."""
    when = _our_when(value)
    if reading.value is None:
        return Figure("x", when, notes.number(f"x: {_public_note(value) or 'Not available'}"))
    unit = UNITS.get(value.code)
    number = reading.value * 100 if unit == "share" else reading.value
    shown = {"share": f"{number:.1f}%", "count": f"{number:,.0f}", "rate": f"{number:,.0f}"}
    return Figure(shown.get(unit or "", f"{number:,.1f}"), when, value=number)


def engine_reading(value: IndicatorValue) -> EngineReading:
    """A stored value as the engine's reading it came from."""
    return EngineReading(
        code=value.code,
        la=value.la,
        as_at=value.as_at,
        period_start=value.period_start,
        period_end=value.period_end,
        numerator=_number(value.numerator),
        denominator=_number(value.denominator),
        status=cast("Status", value.status),
        note=_public_note(value),
        per=10_000 if UNITS.get(value.code) == "rate" else 1,
    )


def _public_note(value: IndicatorValue) -> str:
    """Why a value is missing, in words for the public."""
    if value.status == "incomplete_window" and not value.note:
        return "the return loaded does not cover the whole period"
    if value.note.startswith("Needs a postcode lookup"):
        return "distances from home need a postcode lookup the council has not loaded yet"
    return _COMMAND_OPTION.sub("", value.note)


def _number(number: Decimal | None) -> int | float | None:
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _year_before(day: datetime.date) -> datetime.date:
    """The same month end a year earlier (values are stored at month ends)."""
    if day == month_end(day.year, day.month):
        return month_end(day.year - 1, day.month)
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def _our_when(value: IndicatorValue) -> str:
    if value.period_start == value.period_end:
        return f"at {value.as_at:{DAY}}"
    return f"{value.period_start:{MONTH}} to {value.period_end:{MONTH}}"


def _theirs(
    published: ComparatorValue | None, stock: bool, share: bool, notes: _Notes
) -> Figure | None:
    if published is None:
        return None
    when = _their_when(published.period, published.year_ending, stock)
    if published.value is None:
        symbol = published.symbol or "x"
        meaning = SYMBOL_MEANINGS.get(symbol, "not available")
        return Figure(symbol, when, notes.number(f"{symbol}: {meaning[:1].upper()}{meaning[1:]}"))
    return Figure(_shown(published.value, share), when, value=float(published.value))


def _average(
    average: NeighbourAverage | None, stock: bool, share: bool, notes: _Notes
) -> Figure | None:
    if average is None:
        return None
    when = _their_when(average.period, average.year_ending, stock)
    if average.value is None:
        reason = f"x: None of the {average.of} statistical neighbours has a published figure"
        return Figure("x", when, notes.number(reason))
    detail = f"{average.count} of {average.of} neighbours"
    return Figure(_shown(average.value, share), when, detail=detail, value=float(average.value))


def _their_when(period: str, year_ending: datetime.date | None, stock: bool) -> str:
    if year_ending is None:
        return period if len(period) == 4 else f"{period[:4]}-{period[4:]}"
    if stock:
        return f"at {year_ending:{DAY}}"
    return f"year to {year_ending:{DAY}}"


def _shown(value: Decimal, share: bool) -> str:
    """A published figure as the page shows ours: whole numbers, a percentage with its sign
    (DfE publishes these measures as whole numbers; an average of them is rounded half up)."""
    whole = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{whole:,}%" if share else f"{whole:,}"
