"""Writes for the scorecard. Each is an audited `@service` given the acting person."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone

from boardfiles import periods
from boardfiles.kpis import ParsedKpis
from boardfiles.periods import ends_period
from boardfiles.tables import read_tables
from boardfiles.targets import parse_target
from boardfiles.units import Unit
from boardfiles.words import counted
from pledge.actions.models import ActionPlan
from pledge.core.audit import (
    as_audit_value,
    audit_record,
    audit_update,
    record_unchanged,
    service,
    snapshot,
)
from pledge.core.concurrency import lock_for_edit
from pledge.core.errors import FileProblemsError, UserError
from pledge.core.models import Authority, Person
from pledge.core.staging import staged_confirm, staged_keep
from pledge.returns.selectors import indicator_values
from pledge.scorecard.models import FiguresUpload, Kpi, KpiTarget, KpiUpload, Reading, Source
from pledge.scorecard.preview import figures_parsed, kpi_rows, upload_parsed
from pledge.scorecard.ready_made import READY_MADE

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
    "headline_section",
)
KPI_CHOICES = ("unit", "polarity", "frequency", "source")
KPI_LINKS = ("principles", "priorities", "actions")
SIX_PLACES = Decimal("0.000001")
READING_FIELDS = ("value", "numerator", "denominator", "not_available", "commentary")


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
def kpis_add_ready_made(
    *, actor: Person | None, authority: Authority, references: Iterable[str]
) -> list[Kpi]:
    """Add the chosen ready-made headline KPIs (`ready_made.READY_MADE`, by reference), each
    once: one the board already has (by reference) is not added again."""
    chosen = set(references)
    held = set(Kpi.objects.live().filter(authority=authority).values_list("reference", flat=True))
    last = Kpi.objects.filter(authority=authority).aggregate(last=Max("position"))["last"] or 0
    added = [
        kpi_create(actor=actor, authority=authority, position=last + number, **ready.fields())
        for number, ready in enumerate(READY_MADE, start=1)
        if ready.reference in chosen and ready.reference not in held
    ]
    if not added:
        raise UserError("Choose at least one measure the scorecard does not have yet")
    return added


@service
def kpi_update(
    *,
    actor: Person | None,
    kpi: Kpi,
    reason: str = "",
    version: int | None = None,
    **fields: Any,
) -> Kpi:
    """Change a KPI's details, from the `version` the person opened (ADR 0014)."""
    lock_for_edit(kpi, version=version)
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
    version: int | None = None,
) -> KpiTarget:
    """Set the KPI's target from a date, in the board's words ("less than 10% (currently 12%)").
    A target already set from that date is replaced; earlier ones stay for earlier periods.
    The KPI is held from the `version` the person opened, so a target set meanwhile is shown
    to them, never silently replaced (ADR 0014)."""
    lock_for_edit(kpi, version=version)
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
    version: int | None = None,
) -> Reading:
    """Record the KPI's value for a period. If the period has a value already, this corrects
    it: the new reading replaces the old one, which is kept (with who entered it and when).
    The KPI is held from the `version` the person opened: a figure entered meanwhile is shown
    to them, never silently replaced (ADR 0014)."""
    lock_for_edit(kpi, version=version)
    if period_end < period_start:
        raise UserError("The period must end on or after it starts", field="period_end")
    if kpi.source == Source.ENGINE and source != Source.ENGINE:
        raise UserError(
            f"{kpi}'s figures are worked out from the 903 return: correct the return and load it "
            "again to change them",
            field="value",
        )
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
    before = _reading_snapshot(current or Reading())  # a first figure: from blank
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
    """The KPI's audit form; choices as the board reads them ("Lower is better", not "lower")."""
    links = {name: as_audit_value(list(getattr(kpi, name).all())) for name in KPI_LINKS}
    labels = {name: getattr(kpi, f"get_{name}_display")() for name in KPI_CHOICES}
    return snapshot(kpi, KPI_FIELDS) | labels | links


@service
def engine_readings_sync(*, actor: Person | None, authority: Authority) -> int:
    """Give every KPI worked out from the 903 its readings from the engine's stored values, at
    the period ends of its frequency. A value that changed (a newer return revised it) corrects
    the reading; the rest are left as they are. One audit record per KPI says which periods
    were recorded or corrected. Returns how many readings were saved."""
    saved = 0
    engine_kpis = (
        Kpi.objects.live().filter(authority=authority, source=Source.ENGINE).exclude(indicator="")
    )
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


@service
def kpi_import(
    *,
    actor: Person | None,
    authority: Authority,
    parsed: ParsedKpis,
    targets_from: datetime.date,
    plan: ActionPlan | None = None,
    source_file: str = "",
) -> list[Kpi]:
    """Save the KPIs read from a file, all or none: each with its target from `targets_from`
    and the file's figures that have a period. KPIs the scorecard has already are left as
    they are. Lead agencies, priorities and actions are matched as the preview showed them."""
    if parsed.has_errors:
        raise UserError("The file has problems to fix before it can be imported", field="file")
    rows = [row for row in kpi_rows(authority, parsed, plan) if row.existing is None]
    if not rows:
        raise UserError("Every KPI in the file is on the scorecard already", field="file")
    label = f"Imported from {source_file}" if source_file else "Imported from a file"
    position = max((k.position for k in Kpi.objects.filter(authority=authority)), default=0)
    saved = []
    for offset, row in enumerate(rows, start=1):
        read = row.kpi
        kpi = kpi_create(
            actor=actor,
            authority=authority,
            reference=read.reference[:30],
            name=read.name,
            lead_agency=row.agency,
            unit=read.unit,
            polarity=read.polarity,
            frequency=read.frequency,
            source=Source.MANUAL,
            position=position + offset,
            priorities=[row.priority] if row.priority else [],
            actions=row.actions,
        )
        if read.target.words:
            target_set(actor=actor, kpi=kpi, applies_from=targets_from, words=read.target.words)
        for figure in (read.previous, read.latest):
            if figure is not None and figure.value is not None and figure.period_end:
                reading_record(
                    actor=actor,
                    kpi=kpi,
                    period_start=periods.period_start(kpi.frequency, figure.period_end),
                    period_end=figure.period_end,
                    value=figure.value,
                    commentary=read.commentary if figure is read.latest else "",
                    source_label=f"{label}, {figure.period}",
                )
        saved.append(kpi)
    audit_record(
        actor=actor,
        verb="kpis.imported",
        target=authority,
        changes={"KPIs": [None, len(saved)], "file": [None, source_file]},
    )
    return saved


@service
def kpi_upload_create(
    *,
    actor: Person,
    authority: Authority,
    filename: str,
    data: bytes,
    targets_from: datetime.date,
    plan: ActionPlan | None,
) -> KpiUpload:
    """Keep a readable KPI file for its preview; no KPI is saved yet."""
    read_tables(filename, data)  # an unreadable file is refused now, not at its preview
    return staged_keep(
        KpiUpload,
        actor=actor,
        filename=filename,
        data=data,
        authority=authority,
        targets_from=targets_from,
        plan=plan,
    )


@service
def kpi_upload_confirm(*, actor: Person, upload: KpiUpload) -> list[Kpi]:
    """Import the KPIs the preview showed, once, then let the file go."""
    return staged_confirm(
        upload,
        actor=actor,
        apply=lambda upload: kpi_import(
            actor=actor,
            authority=upload.authority,
            parsed=upload_parsed(upload),
            targets_from=upload.targets_from,
            plan=upload.plan,
            source_file=upload.filename,
        ),
        done=lambda saved: {"KPIs": [None, len(saved)]},
        already="These KPIs have already been imported",
    )


@service
def figures_upload_create(
    *, actor: Person, authority: Authority, filename: str, data: bytes
) -> FiguresUpload:
    """Keep a readable figures file for its preview; no figure is saved yet."""
    read_tables(filename, data)  # an unreadable file is refused now, not at its preview
    return staged_keep(
        FiguresUpload, actor=actor, filename=filename, data=data, authority=authority
    )


@service
def figures_upload_confirm(*, actor: Person, upload: FiguresUpload) -> list[Reading]:
    """Load the figures the preview showed, once, then let the file go."""
    return staged_confirm(
        upload,
        actor=actor,
        apply=lambda upload: figures_import(
            actor=actor,
            authority=upload.authority,
            filename=upload.filename,
            data=bytes(upload.data),
        ),
        done=lambda saved: {"figures": [None, len(saved)]},
        already="These figures have already been loaded",
    )


@service
def figures_import(
    *, actor: Person | None, authority: Authority, filename: str, data: bytes
) -> list[Reading]:
    """Load KPI figures from a CSV or XLSX file (KPI, Period, Value, and optionally Numerator,
    Denominator, Commentary): every row, or none if any row has a problem. A figure for a period
    that has one already corrects it, keeping the old one."""
    figures = figures_parsed(authority, filename, bytes(data))
    if figures.problems:
        raise FileProblemsError(
            f"{counted(len(figures.problems), 'row')} of the file cannot be loaded: fix them and "
            "load the file again. Nothing was saved",
            figures.problems,
        )
    if not figures.rows:
        raise UserError("The file has no figures under its header row", field="file")
    by_pk = figures.kpis
    return [
        reading_record(
            actor=actor,
            kpi=by_pk[row.kpi],
            period_start=periods.period_start(by_pk[row.kpi].frequency, row.period_end),
            period_end=row.period_end,
            value=row.value,
            numerator=row.numerator,
            denominator=row.denominator,
            not_available="" if row.value is not None else row.commentary,
            commentary=row.commentary if row.value is not None else "",
            source=Source.CSV,
            source_label=f"{filename}, {row.where}",
        )
        for row in figures.rows
    ]
