"""Writes for the scorecard. Each is an audited `@service` given the acting person."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pledge.core.audit import (
    as_audit_value,
    audit_record,
    audit_update,
    record_unchanged,
    service,
    snapshot,
)
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.scorecard.comparators_reader import Problem, read_comparators
from pledge.scorecard.models import (
    ComparatorImport,
    ComparatorValue,
    Kpi,
    KpiTarget,
    Reading,
    Source,
    Unit,
)
from pledge.scorecard.periods import ends_period
from pledge.scorecard.selectors import indicator_values
from pledge.scorecard.targets import parse_target

KPI_FIELDS = (
    "reference",
    "name",
    "description",
    "lead_agency",
    "unit",
    "polarity",
    "frequency",
    "source",
    "indicator",
    "tolerance",
    "overdue_after_days",
    "comparator_measure",
)
KPI_LINKS = ("principles", "priorities", "actions")
SIX_PLACES = Decimal("0.000001")
READING_FIELDS = ("value", "numerator", "denominator", "not_available", "commentary")


class ComparatorProblemsError(UserError):
    """A comparator file with cells that could not be read: nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            f"{len(problems)} figure(s) in the file could not be read: fix them and import the "
            "file again. Nothing was imported",
            field="file",
        )
        self.problems = problems


@service
def kpi_create(*, actor: Person | None, authority: Authority, **fields: Any) -> Kpi:
    """A new KPI. `fields` are Kpi's fields, and its principles, priorities and actions."""
    links = {name: fields.pop(name) for name in KPI_LINKS if name in fields}
    kpi = Kpi(authority=authority, **fields)
    _check_source(kpi)
    kpi.save()
    for name, chosen in links.items():
        getattr(kpi, name).set(chosen)
    audit_record(
        actor=actor,
        verb="kpi.created",
        target=kpi,
        changes={
            name: [None, value]
            for name, value in _snapshot(kpi).items()
            if value not in (None, "", [])
        },
    )
    return kpi


@service
def kpi_update(*, actor: Person | None, kpi: Kpi, reason: str = "", **fields: Any) -> Kpi:
    before = _snapshot(kpi)
    for name, value in fields.items():
        if name in KPI_LINKS:
            getattr(kpi, name).set(value)
        else:
            setattr(kpi, name, value)
    _check_source(kpi)
    kpi.save()
    audit_update(
        actor=actor,
        verb="kpi.updated",
        target=kpi,
        before=before,
        after=_snapshot(kpi),
        reason=reason,
    )
    return kpi


@service
def target_set(
    *,
    actor: Person | None,
    kpi: Kpi,
    applies_from: datetime.date,
    words: str,
    reason: str = "",
) -> KpiTarget:
    """Set the KPI's target from a date, in the board's words ("less than 10% (currently 12%)").
    A target already set from that date is replaced; earlier ones stay for earlier periods."""
    rule = parse_target(words)
    existing = KpiTarget.objects.filter(kpi=kpi, applies_from=applies_from).first()
    before = existing.words if existing else None
    if existing and existing.words == rule.words:
        record_unchanged()
        return existing
    target, _created = KpiTarget.objects.update_or_create(
        kpi=kpi,
        applies_from=applies_from,
        defaults={
            "words": rule.words,
            "rule": rule.as_dict(),
            "set_by": actor,
            "set_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        verb="kpi.target_set",
        target=kpi,
        changes={f"target from {applies_from:%-d %B %Y}": [before, rule.words or "No target"]},
        reason=reason,
    )
    return target


@service
def reading_record(
    *,
    actor: Person | None,
    kpi: Kpi,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal | None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    not_available: str = "",
    commentary: str = "",
    source: str = Source.MANUAL,
    source_label: str = "",
    reason: str = "",
) -> Reading:
    """Record the KPI's value for a period. If the period has a value already, this corrects
    it: the new reading replaces the old one, which is kept (with who entered it and when)."""
    if period_end < period_start:
        raise UserError("The period must end on or after it starts", field="period_end")
    if value is None and not not_available.strip():
        raise UserError("Enter a value, or say why there is none", field="value")
    if kpi.unit == Unit.PERCENTAGE and value is not None and not 0 <= value <= 100:
        raise UserError("A percentage is from 0 to 100: for 12.5%, enter 12.5", field="value")
    new = Reading(
        kpi=kpi,
        period_start=period_start,
        period_end=period_end,
        value=_stored(value),
        numerator=_stored(numerator),
        denominator=_stored(denominator),
        not_available=not_available.strip(),
        commentary=commentary.strip(),
        source=source,
        source_label=source_label,
        entered_by=actor,
        entered_at=timezone.now(),
    )
    saved = _save_reading(new)
    if saved is None:
        record_unchanged()
        return Reading.objects.get(kpi=kpi, period_end=period_end, is_current=True)
    corrected, changes = saved
    audit_record(
        actor=actor,
        verb="kpi.reading_corrected" if corrected else "kpi.reading_recorded",
        target=kpi,
        changes={f"{name} to {period_end:%-d %B %Y}": change for name, change in changes.items()},
        reason=reason,
    )
    return new


def _save_reading(new: Reading) -> tuple[bool, dict[str, list[Any]]] | None:
    """Save `new` as its period's current reading, keeping any it replaces. None when the
    period already has the same figures; else whether it corrected one, and what changed."""
    current = Reading.objects.filter(
        kpi=new.kpi, period_end=new.period_end, is_current=True
    ).first()
    after = _reading_snapshot(new)
    before = _reading_snapshot(current) if current else dict.fromkeys(READING_FIELDS)
    changes = {
        name: [before[name], after[name]] for name in READING_FIELDS if before[name] != after[name]
    }
    if not changes:
        return None
    if current is not None:
        # The old reading gives way first: one current reading per period.
        Reading.objects.filter(pk=current.pk).update(is_current=False)
    new.save()
    if current is not None:
        Reading.objects.filter(pk=current.pk).update(replaced_by=new)
    return current is not None, changes


def _stored(number: Decimal | None) -> Decimal | None:
    """A figure as the database keeps it (six decimal places), so a figure given again with
    more places is the same figure."""
    return None if number is None else number.quantize(SIX_PLACES)


def _reading_snapshot(reading: Reading) -> dict[str, Any]:
    """The audit form of a reading's figures: 12.000000 as stored and 12 as typed are one."""
    return {
        name: format(value.normalize(), "f") if isinstance(value, Decimal) else value
        for name in READING_FIELDS
        for value in [getattr(reading, name)]
    }


def _check_source(kpi: Kpi) -> None:
    if kpi.source == Source.ENGINE and not kpi.indicator:
        raise UserError("Choose the 903 indicator this KPI is worked out from", field="indicator")
    if kpi.source != Source.ENGINE:
        kpi.indicator = ""


def _snapshot(kpi: Kpi) -> dict[str, Any]:
    links = {name: as_audit_value(list(getattr(kpi, name).all())) for name in KPI_LINKS}
    return snapshot(kpi, KPI_FIELDS) | links


@service
def comparators_import(
    *, actor: Person | None, filename: str, data: bytes
) -> tuple[int, list[Problem]]:
    """Import DfE's published figures (an EES CSV). A value for a measure, area and period
    already held is replaced: DfE re-issues the whole series with each release. A file with
    errors saves nothing; its warnings are returned with the count saved."""
    read = read_comparators(filename, data)  # ComparatorFileError: the file as a whole
    errors = [problem for problem in read.problems if problem.severity == "error"]
    if errors:
        raise ComparatorProblemsError(errors)
    if not read.values:
        raise UserError("The file has no figures to import", field="file")
    source = ComparatorImport.objects.create(
        filename=filename, imported_by=actor, imported_at=timezone.now(), values=len(read.values)
    )
    ComparatorValue.objects.bulk_create(
        [
            ComparatorValue(
                measure=value.measure,
                geography_level=value.geography_level,
                area_code=value.area_code,
                area_name=value.area_name,
                old_la_code=value.old_la_code or "",
                period=value.period,
                year_ending=value.year_ending,
                value=value.value,
                symbol=value.symbol or "",
                source=source,
            )
            for value in read.values
        ],
        update_conflicts=True,
        unique_fields=["measure", "area_code", "period"],
        update_fields=[
            "geography_level",
            "area_name",
            "old_la_code",
            "year_ending",
            "value",
            "symbol",
            "source",
        ],
    )
    audit_record(
        actor=actor,
        verb="comparators.imported",
        target=source,
        changes={"file": [None, filename], "values": [None, len(read.values)]},
    )
    return len(read.values), read.problems


@service
def engine_readings_sync(*, actor: Person | None, authority: Authority) -> int:
    """Give every KPI worked out from the 903 its readings from the engine's stored values, at
    the period ends of its frequency. A value that changed (a newer return revised it) corrects
    the reading; the rest are left as they are. One audit record per KPI says which periods
    were recorded or corrected. Returns how many readings were saved."""
    saved = 0
    engine_kpis = Kpi.objects.filter(
        authority=authority, source=Source.ENGINE, archived_at__isnull=True
    ).exclude(indicator="")
    for kpi in engine_kpis:
        recorded: list[str] = []
        corrected: list[str] = []
        for value in indicator_values(authority, kpi.indicator):
            if not ends_period(kpi.frequency, value.as_at):
                continue
            reading = Reading(
                kpi=kpi,
                period_start=value.period_start,
                period_end=value.as_at,
                value=_stored(_in_unit(value.value, kpi.unit, value.denominator)),
                numerator=_stored(value.numerator),
                denominator=_stored(value.denominator),
                not_available=(value.note or "Not available") if value.value is None else "",
                source=Source.ENGINE,
                source_label=f"SSDA903 return, load {value.load_id}",
                entered_by=actor,
                entered_at=timezone.now(),
            )
            done = _save_reading(reading)
            if done is not None:
                (corrected if done[0] else recorded).append(f"{value.as_at:%-d %B %Y}")
        if recorded or corrected:
            saved += len(recorded) + len(corrected)
            audit_record(
                actor=actor,
                verb="kpi.readings_from_903",
                target=kpi,
                changes={
                    name: [None, ", ".join(days)]
                    for name, days in (("recorded", recorded), ("corrected", corrected))
                    if days
                },
            )
    if not saved:
        record_unchanged()
    return saved


def _in_unit(value: Decimal | None, unit: str, denominator: Decimal | None) -> Decimal | None:
    """The engine gives shares as fractions (INDICATORS.md 4.1); a percentage KPI shows 0-100."""
    if value is None:
        return None
    if unit == Unit.PERCENTAGE and denominator is not None:
        return value * 100
    return value
