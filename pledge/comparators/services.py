"""Writes for DfE's published figures and the board's place among councils (its LA number,
region and statistical neighbours). Each is an audited `@service` given the acting person."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from boardfiles.comparators import read_comparators, read_statistical_neighbours
from boardfiles.problems import Problem
from boardfiles.words import counted
from pledge.comparators.models import ComparatorImport, ComparatorUpload, ComparatorValue
from pledge.comparators.selectors import REGIONS
from pledge.core.audit import audit_record, audit_update, service, snapshot
from pledge.core.errors import FileProblemsError, UserError
from pledge.core.models import Authority, Person
from pledge.core.staging import staged_confirm, staged_keep

COMPARATOR_FIELDS = ("old_la_code", "region_code", "statistical_neighbours")


# A region by the name DfE's statistical neighbour list gives it (its GOReg column). London's
# councils are grouped as Inner and Outer London in some of DfE's files; their region is London.
REGION_CODES = {name.lower(): code for code, name in REGIONS.items()} | {
    "inner london": "E12000007",
    "outer london": "E12000007",
}


@service
def comparators_import(
    *, actor: Person | None, filename: str, data: bytes
) -> tuple[int, list[Problem]]:
    """Import DfE's published figures (an EES CSV). A value for a measure, area and period
    already held is replaced: DfE re-issues the whole series with each release. A file with
    errors saves nothing; its warnings are returned with the count saved."""
    read = read_comparators(filename, data)  # FileError: the file as a whole
    errors = [problem for problem in read.problems if problem.severity == "error"]
    if errors:
        raise FileProblemsError(
            f"{counted(len(errors), 'figure')} in the file could not be read: fix them and "
            "import the file again. Nothing was imported",
            errors,
        )
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
def authority_comparators_set(
    *,
    actor: Person | None,
    authority: Authority,
    old_la_code: str,
    region_code: str,
    statistical_neighbours: list[str],
    reason: str = "",
) -> Authority:
    """Say where the board's council sits among others, for DfE's comparators: its old LA
    number, its region (an ONS code) and its statistical neighbours (old LA numbers, closest
    first). The scorecard's comparators and the headline page follow at once."""
    _comparators_save(
        actor=actor,
        authority=authority,
        old_la_code=old_la_code,
        region_code=region_code,
        statistical_neighbours=statistical_neighbours,
        reason=reason,
    )
    return authority


def _comparators_save(
    *,
    actor: Person | None,
    authority: Authority,
    old_la_code: str,
    region_code: str,
    statistical_neighbours: list[str],
    reason: str,
) -> None:
    """Save and audit the authority's place among others (or note that nothing changed): the
    body of both services, so each records its own audit event or says it changed nothing."""
    before = _comparators_snapshot(authority)
    authority.old_la_code = old_la_code
    authority.region_code = region_code
    authority.statistical_neighbours = list(statistical_neighbours)
    authority.full_clean()
    authority.save(update_fields=list(COMPARATOR_FIELDS))
    audit_update(
        actor=actor,
        verb="authority.comparators_set",
        target=authority,
        before=before,
        after=_comparators_snapshot(authority),
        reason=reason,
    )


def _comparators_snapshot(authority: Authority) -> dict[str, Any]:
    # Neighbours in their order, closest first (as_audit_value would sort a list).
    return snapshot(authority, COMPARATOR_FIELDS[:2]) | {
        "statistical_neighbours": ", ".join(authority.statistical_neighbours or [])
    }


@service
def statistical_neighbours_import(
    *,
    actor: Person | None,
    authority: Authority,
    filename: str,
    data: bytes,
    old_la_code: str = "",
) -> list[tuple[str, str]]:
    """Save the board's statistical neighbours from DfE's list (the LAIT workbook or the CSV),
    finding the council by its old LA number: `old_la_code` when given (and then kept), else
    the one held. The region is taken from the list's GOReg column when none is held. Returns
    the neighbours saved, closest first, as (LA number, name where the list names it).

    Raises FileError for a file that is not the list, UserError when the council is
    not in it; nothing is saved then."""
    number = old_la_code.strip() or authority.old_la_code
    if not number:
        raise UserError(
            f"Enter {authority.name}'s LA number: DfE's three-digit number for the council, "
            "like 333 for Sandwell. Pledge finds the council in DfE's list by it",
            field="old_la_code",
        )
    groups = read_statistical_neighbours(filename, data)  # FileError: not the list
    ours = groups.get(number)
    if ours is None:
        raise UserError(
            f"LA number {number} is not in {filename}, which lists {len(groups)} councils. "
            f"Check that {number} is {authority.name}'s LA number, or upload DfE's full, latest "
            "list. Nothing was saved",
            field="file",
        )
    region = authority.region_code or REGION_CODES.get(ours.region.lower(), "")
    _comparators_save(
        actor=actor,
        authority=authority,
        old_la_code=number,
        region_code=region,
        statistical_neighbours=list(ours.neighbours),
        reason=f"Statistical neighbours from {filename}",
    )
    return [(code, groups[code].la_name if code in groups else "") for code in ours.neighbours]


@service
def comparator_upload_create(
    *, actor: Person, authority: Authority, filename: str, data: bytes
) -> ComparatorUpload:
    """Keep a file of published figures for its preview; no figure is saved yet. A file that is
    not one at all is refused now (FileError), not at its preview."""
    read_comparators(filename, data)
    return staged_keep(
        ComparatorUpload, actor=actor, filename=filename, data=data, authority=authority
    )


@service
def comparator_upload_confirm(
    *, actor: Person, upload: ComparatorUpload
) -> tuple[int, list[Problem]]:
    """Import the figures the preview showed, once, then let the file go."""
    return staged_confirm(
        upload,
        actor=actor,
        apply=lambda upload: comparators_import(
            actor=actor, filename=upload.filename, data=bytes(upload.data)
        ),
        done=lambda saved: {"figures": [None, saved[0]]},
        already="These figures have already been imported",
    )
