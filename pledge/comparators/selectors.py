"""Reads of DfE's published figures: England's, the board's region's and its statistical
neighbours' average for each measure, and the under-18 population the engine's rates use."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, TypeVar

import polars as pl
from django.db.models import Q

from boardfiles.comparators import ComparatorFile, read_comparators
from boardfiles.problems import Problem, Severity
from boardfiles.words import and_join, counted
from pledge.comparators.models import ComparatorUpload, ComparatorValue
from pledge.core.models import Authority

ENGLAND = "E92000001"


# England's nine regions by their ONS codes (ONS Register of Geographic Codes, RGN): the codes
# DfE's files give regional figures under, and the names its statistical neighbour list uses.
REGIONS: Mapping[str, str] = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}


@dataclass(frozen=True)
class NeighbourAverage:
    """The statistical neighbours' average of one published measure for one period.

    As DfE's Local Authority Interactive Tool works it out: the simple mean of the neighbours that
    have a figure (`mean(values_num, na.rm = TRUE)` by year, in LAIT's mod_stat_n_table.R), not
    weighted by their size. A neighbour DfE published a symbol for (c, x, z...) or has no figure
    for is left out; `count` says how many of the board's `of` neighbours had one.
    """

    measure: str
    period: str
    year_ending: datetime.date | None
    value: Decimal | None
    count: int
    of: int

    area_name = "Statistical neighbours"

    @property
    def symbol(self) -> str:
        """As a published figure reads: x (not available) when no neighbour had a figure."""
        return "" if self.value is not None else "x"


@dataclass
class Comparators:
    """One measure's published figures for England, the board's region and its statistical
    neighbours (their average), each oldest first."""

    england: list[ComparatorValue] = field(default_factory=list)
    region: list[ComparatorValue] = field(default_factory=list)
    neighbours: list[NeighbourAverage] = field(default_factory=list)


def comparators_for(authority: Authority, measures: Iterable[str]) -> dict[str, Comparators]:
    """The published figures each measure is compared with: England's, the region's (the
    authority's `region_code`) and the average of its statistical neighbours (matched by old LA
    number), in one query whatever the number of measures."""
    found: dict[str, Comparators] = defaultdict(Comparators)
    wanted = {measure for measure in measures if measure}
    if not wanted:
        return found
    neighbours = [str(code) for code in authority.statistical_neighbours or []]
    areas = Q(area_code=ENGLAND)
    if authority.region_code:
        areas |= Q(area_code=authority.region_code)
    if neighbours:
        areas |= Q(geography_level="local_authority", old_la_code__in=neighbours)
    values = (
        ComparatorValue.objects.filter(areas, measure__in=wanted)
        .select_related("source")
        .order_by("year_ending", "period")
    )
    by_period: dict[tuple[str, str], dict[str, ComparatorValue]] = defaultdict(dict)
    for value in values:
        if value.area_code == ENGLAND:
            found[value.measure].england.append(value)
        elif value.area_code == authority.region_code:
            found[value.measure].region.append(value)
        else:
            by_period[value.measure, value.period][value.old_la_code] = value
    for (measure, period), by_la in by_period.items():
        found[measure].neighbours.append(_average(measure, period, by_la, len(neighbours)))
    for comparators in found.values():
        comparators.neighbours.sort(key=lambda a: (a.year_ending or datetime.date.min, a.period))
    return found


def _average(
    measure: str, period: str, by_la: Mapping[str, ComparatorValue], of: int
) -> NeighbourAverage:
    figures = [value.value for value in by_la.values() if value.value is not None]
    return NeighbourAverage(
        measure=measure,
        period=period,
        year_ending=next(iter(by_la.values())).year_ending,
        value=sum(figures, Decimal(0)) / len(figures) if figures else None,
        count=len(figures),
        of=of,
    )


def neighbour_names(authority: Authority) -> list[tuple[str, str]]:
    """The board's statistical neighbours, closest first, as (old LA number, name): the name
    DfE's imported figures give the council, or "" when none are held for it."""
    codes = [str(code) for code in authority.statistical_neighbours or []]
    names = dict(
        ComparatorValue.objects.filter(geography_level="local_authority", old_la_code__in=codes)
        .values_list("old_la_code", "area_name")
        .order_by()
        .distinct()
    )
    return [(code, names.get(code, "")) for code in codes]


class _Dated(Protocol):
    @property
    def year_ending(self) -> datetime.date | None: ...


Dated = TypeVar("Dated", bound=_Dated)


def comparator_for(values: list[Dated], day: datetime.date) -> Dated | None:
    """The latest published figure for a period ending on or before `day` (or, when all are
    later, the earliest): the one a figure for `day` is compared with."""
    earlier = [v for v in values if v.year_ending is None or v.year_ending <= day]
    return earlier[-1] if earlier else (values[0] if values else None)


# The under-18 population as DfE's population files name it (the plain file and the EES one):
# the year is the ONS mid-year (30 June) estimate's, as the engine expects.
POPULATION_MEASURES = ("population_0_17", "Children aged 0 to 17 years: population_estimate")


def population_of(authority: Authority) -> pl.DataFrame | None:
    """The authority's imported under-18 population estimates, for the engine's rates per
    10,000; None when none has been imported (the rates are then "not computable")."""
    values = ComparatorValue.objects.filter(
        area_code=authority.code, measure__in=POPULATION_MEASURES, value__isnull=False
    )
    by_year = {
        int(v.period[:4]): int(v.value) for v in values if v.period[:4].isdigit() and v.value
    }
    if not by_year:
        return None
    return pl.DataFrame(
        {
            "LA": [authority.code] * len(by_year),
            "YEAR": list(by_year),
            "POPULATION": list(by_year.values()),
        },
        schema={"LA": pl.String, "YEAR": pl.Int32, "POPULATION": pl.Int64},
    )


LEVEL_NOUNS = (("national", ""), ("regional", "region"), ("local_authority", "council"))


@dataclass
class ComparatorPreview:
    """What importing an uploaded file of published figures would do."""

    file: ComparatorFile
    replaced: int  # figures already held for the same measure, area and period

    @property
    def figures(self) -> str:
        """ "1,234, of which 56 replace figures already held", or "12, all new"."""
        total = len(self.file.values)
        if self.errors:
            stop = "stops" if len(self.errors) == 1 else "stop"
            return f"{total:,} read; {counted(len(self.errors), 'problem')} {stop} the import"
        if not self.replaced:
            return f"{total:,}, all new"
        replace = "replaces a figure" if self.replaced == 1 else "replace figures"
        return f"{total:,}, of which {self.replaced:,} {replace} already held"

    @property
    def button(self) -> str:
        """ "Import 1 figure", "Import 1,234 figures"."""
        return f"Import {counted(len(self.file.values), 'figure')}"

    @property
    def areas(self) -> str:
        """ "England, 9 regions and 153 councils", or "England, West Midlands and 2 councils":
        the areas the file has figures for, a level with only one area named."""
        levels = Counter[str](area.geography_level for area in self.file.areas)
        names: dict[str, str] = {area.geography_level: area.area_name for area in self.file.areas}
        named = [
            "England"
            if level == "national"
            else names[level]
            if levels[level] == 1 and names[level]
            else counted(levels[level], noun)
            for level, noun in LEVEL_NOUNS
            if levels[level]
        ]
        return and_join(named)

    @property
    def periods(self) -> str:
        """ "2025", "2024 and 2025", "2015-16 to 2024-25 (10 years)": the years as people write
        them, not as EES files do (202425); the count shows a gap in a range."""
        years = [self._year(period) for period in self.file.periods]
        if len(years) > 2:  # two years read better named than as a range
            return f"{years[0]} to {years[-1]} ({len(years)} years)"
        return and_join(years)

    @staticmethod
    def _year(period: str) -> str:
        """ "202425" (a financial or academic year) as "2024-25"; "2025" as it is."""
        return f"{period[:4]}-{period[4:]}" if len(period) == 6 else period

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.file.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.file.problems if p.severity != Severity.ERROR]


def comparators_preview(upload: ComparatorUpload) -> ComparatorPreview:
    """The kept file read again: its figures, how many replace ones held, and its problems."""
    file = read_comparators(upload.filename, bytes(upload.data))
    held = set(
        ComparatorValue.objects.filter(
            measure__in=file.measures, period__in=file.periods
        ).values_list("measure", "area_code", "period")
    )
    replaced = sum((v.measure, v.area_code, v.period) in held for v in file.values)
    return ComparatorPreview(file, replaced)
