"""Writes for action plans. Each is an audited `@service` given the acting person."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone

from boardfiles.due import DueKind, DueRule, parse_due
from boardfiles.plans import ParsedAction, ParsedPlan
from boardfiles.tables import read_tables
from pledge.actions.models import (
    LIVE_STATUSES,
    Action,
    ActionPlan,
    ActionStatus,
    DeliveryRag,
    Evidence,
    NamedLead,
    PlanUpload,
    ProgressUpdate,
)
from pledge.actions.selectors import PriorityMatcher, parse_upload
from pledge.core.audit import (
    audit_record,
    audit_record_many,
    audit_update,
    changes_between,
    record_unchanged,
    service,
    snapshot,
)
from pledge.core.concurrency import lock_for_edit
from pledge.core.errors import UserError
from pledge.core.models import Agency, AgencyKind, Person
from pledge.core.periods import check_period
from pledge.core.selectors import AgencyMatcher
from pledge.core.services import agency_create
from pledge.core.staging import staged_confirm, staged_keep
from pledge.strategy.models import Principle, Strategy, StrategyItem


@service
def plan_import(
    *,
    actor: Person | None,
    strategy: Strategy,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    parsed: ParsedPlan,
    source_file: str = "",
    agency_choices: dict[str, int] | None = None,
) -> ActionPlan:
    """Save a plan read from a file, all or nothing.

    Agencies and leads are matched to the board's by name (or short name); the rest are added,
    and each addition is audited. Priorities are matched to the strategy's items by reference
    ("Outcome 1 - Involve me" is item 1) or by title.
    """
    if parsed.has_errors:
        raise UserError("The file has problems to fix before it can be imported")
    if not parsed.actions:
        raise UserError("The file has no actions to import")
    check_period(starts_on, ends_on)
    plan = ActionPlan.objects.create(
        strategy=strategy,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        source_file=source_file,
    )
    audit_record(
        actor=actor,
        verb="plan.imported",
        target=plan,
        changes={
            "title": [None, title],
            "actions": [None, len(parsed.actions)],
            "source_file": [None, source_file],
        },
    )
    agencies = _AgencyMatcher(actor, strategy, agency_choices or {})
    leads = _LeadMatcher(actor, strategy)
    priorities = PriorityMatcher(strategy)
    actions = [
        _unsaved_action(plan, position, parsed_action, priorities)
        for position, parsed_action in enumerate(parsed.actions)
    ]
    # In bulk: a 500-row plan is a handful of inserts, not thousands of round trips.
    Action.objects.bulk_create(actions)
    by_key = {p.key: a for p, a in zip(parsed.actions, actions, strict=True)}
    for parsed_action, action in zip(parsed.actions, actions, strict=True):
        action.parent = by_key.get(parsed_action.parent_key)
    Action.objects.bulk_update([a for a in actions if a.parent], ["parent"])
    Action.agencies.through.objects.bulk_create(
        Action.agencies.through(action_id=action.pk, agency_id=agencies.match(name).pk)
        for parsed_action, action in zip(parsed.actions, actions, strict=True)
        for name in dict.fromkeys(parsed_action.agencies)
    )
    Action.leads.through.objects.bulk_create(
        Action.leads.through(action_id=action.pk, namedlead_id=leads.match(name).pk)
        for parsed_action, action in zip(parsed.actions, actions, strict=True)
        for name in dict.fromkeys(parsed_action.leads)
    )
    audit_record_many(
        actor=actor,
        verb="action.imported",
        changes_by_target=[
            (action, _imported_changes(parsed_action))
            for parsed_action, action in zip(parsed.actions, actions, strict=True)
        ],
    )
    return plan


@service
def action_create(
    *,
    actor: Person | None,
    plan: ActionPlan,
    text: str,
    due_text: str,
    agencies: Sequence[Agency] = (),
    priority: StrategyItem | None = None,
    reference: str = "",
    reason: str = "",
) -> Action:
    """Add an action to a plan, at its end: by hand, or as a board decision (`reason` says which
    meeting agreed it). Its "By when" is read as a plan file's is."""
    if plan.is_archived:
        raise UserError(f"{plan} is archived. Restore it before adding actions to it.")
    if not text.strip():
        raise UserError("Enter the action", field="text")
    due = parse_due(due_text, plan_start=plan.starts_on)
    last = plan.actions.aggregate(last=models.Max("position"))["last"]
    action = Action(
        plan=plan,
        reference=reference,
        position=0 if last is None else last + 1,
        text=text.strip(),
        priority=priority,
        status=ActionStatus.NOT_STARTED,
    )
    action.set_due(due)
    action.original_due_date = action.due_date
    action.full_clean()
    action.save()
    action.agencies.set(agencies)
    audit_record(
        actor=actor,
        verb="action.created",
        target=action,
        changes={
            name: [None, value]
            for name, value in {
                "action": action.text,
                "by_when": due.text,
                "agencies": sorted(agency.name for agency in agencies),
                "priority": str(priority) if priority else None,
            }.items()
            if value  # what the new action has, not what it lacks
        },
        reason=reason,
    )
    return action


UPDATE_FIELDS = ("status", "rag", "rag_commentary", "rag_as_at", "due_text", "update_requested_at")


def _unsaved_action(
    plan: ActionPlan, position: int, parsed: ParsedAction, priorities: PriorityMatcher
) -> Action:
    action = Action(
        plan=plan,
        is_kpi=parsed.is_kpi,
        reference=parsed.reference,
        position=position,
        text=parsed.action,
        priority=priorities.match(parsed.priority),
        priority_text=parsed.priority,
        all_partners=parsed.all_partners,
        responsible_text=parsed.responsible,
        success=parsed.success,
        measure=parsed.measure,
        status=ActionStatus.NOT_STARTED,
    )
    action.set_due(parsed.due)
    action.original_due_date = action.due_date
    return action


def _imported_changes(parsed: ParsedAction) -> dict[str, list[object]]:
    values = {
        "reference": parsed.reference,
        "action": parsed.action,
        "priority": parsed.priority,
        "agencies": sorted(parsed.agencies),
        "leads": sorted(parsed.leads),
        "by_when": parsed.due.text,
        "row": parsed.where,
    }
    return {name: [None, value] for name, value in values.items() if value}


class _AgencyMatcher:
    """The board's agency for each name in the file: by name or short name, or as the officer
    chose in the preview; otherwise a new agency, audited. A name that is only an archived
    agency's is refused: the officer restores it or says which agency it is."""

    def __init__(self, actor: Person | None, strategy: Strategy, chosen: dict[str, int]) -> None:
        self.actor, self.authority = actor, strategy.authority
        self.agencies = AgencyMatcher(self.authority, chosen)

    def match(self, name: str) -> Agency:
        found = self.agencies.get(name)
        if found is None:
            if archived := self.agencies.archived(name):
                raise UserError(
                    f'The file names "{name}", and {archived} is archived. Restore it under '
                    "Partner agencies, or say which agency it is under Agencies new to the "
                    "board. Nothing was imported"
                )
            found = agency_create(
                actor=self.actor,
                authority=self.authority,
                name=name[:200],
                kind=AgencyKind.OTHER,
            )
            self.agencies.add(found)
        return found


class _LeadMatcher:
    def __init__(self, actor: Person | None, strategy: Strategy) -> None:
        self.actor, self.authority = actor, strategy.authority
        self.known = {lead.name.lower(): lead for lead in self.authority.leads.all()}

    def match(self, name: str) -> NamedLead:
        found = self.known.get(name.lower())
        if found is None:
            # Not linked to an account by name: a link gives update rights, so a person makes it.
            found = NamedLead.objects.create(authority=self.authority, name=name[:200])
            audit_record(
                actor=self.actor,
                verb="named_lead.created",
                target=found,
                changes={"name": [None, found.name]},
            )
            self.known[name.lower()] = found
        return found


@service
def plan_upload_create(
    *,
    actor: Person,
    filename: str,
    data: bytes,
    strategy: Strategy,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> PlanUpload:
    """Keep a readable plan file for its preview; nothing of the plan is saved yet."""
    check_period(starts_on, ends_on)
    read_tables(filename, data)  # an unreadable file is refused now, not at its preview
    return staged_keep(
        PlanUpload,
        actor=actor,
        filename=filename,
        data=data,
        strategy=strategy,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
    )


@service
def plan_upload_map_columns(
    *, actor: Person, upload: PlanUpload, choices: dict[str, str]
) -> PlanUpload:
    """Record what the officer says unrecognised columns hold, for the preview to use."""
    before = dict(upload.column_choices)
    upload.column_choices = before | choices
    upload.save(update_fields=["column_choices"])
    audit_record(
        actor=actor,
        verb="plan_upload.columns_mapped",
        target=upload,
        changes={"columns": [before, upload.column_choices]},
    )
    return upload


@service
def plan_upload_map_agencies(
    *, actor: Person, upload: PlanUpload, choices: dict[str, int]
) -> PlanUpload:
    """Record which of the board's agencies each new name in the file is (absent: add it)."""
    before = dict(upload.agency_choices)
    upload.agency_choices = choices
    upload.save(update_fields=["agency_choices"])
    audit_update(
        actor=actor,
        verb="plan_upload.agencies_mapped",
        target=upload,
        before={"agencies": before},
        after={"agencies": choices},
    )
    return upload


@service
def plan_upload_confirm(*, actor: Person, upload: PlanUpload) -> ActionPlan:
    """Import the plan the preview showed, once, then let the uploaded file go."""
    return staged_confirm(
        upload,
        actor=actor,
        apply=lambda upload: plan_import(
            actor=actor,
            strategy=upload.strategy,
            title=upload.title,
            starts_on=upload.starts_on,
            ends_on=upload.ends_on,
            parsed=parse_upload(upload),
            source_file=upload.filename,
            agency_choices=upload.agency_choices,
        ),
        done=lambda plan: {"plan": [None, str(plan)]},
        already="This plan has already been imported",
    )


@service
def action_update_progress(
    *,
    actor: Person,
    action: Action,
    status: str,
    rag: str,
    commentary: str,
    as_at: datetime.date,
    links: list[str] | None = None,
    files: list[UploadedFile] | None = None,
    new_due: str = "",
    version: int | None = None,
) -> ProgressUpdate:
    """Post a progress update: append-only, and the action takes its status and RAG from it.

    A delivery RAG is a judgement: it always carries a commentary and an "as at" date, and only
    live actions are rated (a complete or cancelled action has none). Rescheduling with
    approval may give a new "By when"; the original date is kept.

    The action's row is held while the update is written, so its status is always its latest
    update's; `version` is the one the person's form started from (ADR 0014).
    """
    lock_for_edit(action, version=version)
    status, rag, commentary = _progress_checked(
        action=action, status=status, rag=rag, commentary=commentary, new_due=new_due
    )
    rule = _new_due_read(action, new_due)
    before = snapshot(action, UPDATE_FIELDS)
    if rule is not None:
        action.set_due(rule)
    action.status, action.rag = status, rag
    action.rag_commentary = commentary if rag else ""
    action.rag_as_at = as_at if rag else None
    action.last_update_on = as_at
    action.update_requested_at = None
    action.save()
    update = ProgressUpdate.objects.create(
        action=action,
        author=actor,
        posted_at=timezone.now(),
        as_at=as_at,
        status=status,
        rag=rag,
        commentary=commentary,
    )
    _evidence_add(update, links=links or [], files=files or [])
    # Always recorded, even when only the commentary is new: the update itself is the change.
    audit_record(
        actor=actor,
        verb="action.progress_updated",
        target=action,
        changes=changes_between(before, snapshot(action, UPDATE_FIELDS))
        | {"update": [None, f"{update.get_status_display()}, as at {as_at:%-d %B %Y}"]},
        reason=commentary,
    )
    return update


def _progress_checked(
    *, action: Action, status: str, rag: str, commentary: str, new_due: str
) -> tuple[ActionStatus, str, str]:
    """An update's status, RAG and commentary as they are saved, or the UserError saying what
    to change: only live actions take updates and are rated, and a RAG carries a commentary."""
    if action.is_archived or action.is_kpi:
        raise UserError("Updates are posted on live actions, not on archived ones or KPIs")
    checked = ActionStatus(status)
    if new_due and checked != ActionStatus.RESCHEDULED:
        raise UserError(
            'A new "By when" needs the status "Rescheduled with approval"', field="new_due"
        )
    rag = _rag_for(checked, rag)
    commentary = commentary.strip()
    if rag and not commentary:
        raise UserError("Say why the action is rated " + DeliveryRag(rag).label, field="commentary")
    if not commentary and checked == action.status and rag == action.rag:
        raise UserError("Enter what has happened since the last update", field="commentary")
    return checked, rag, commentary


def _rag_for(status: ActionStatus, rag: str) -> str:
    """The RAG an update gives: none for an action that is no longer live (complete or
    cancelled)."""
    if status not in LIVE_STATUSES:
        return ""
    return DeliveryRag(rag) if rag else rag


def _new_due_read(action: Action, new_due: str) -> DueRule | None:
    """The rescheduled "By when", read against the plan's start; None when none was given."""
    if not new_due:
        return None
    rule = parse_due(new_due, plan_start=action.plan.starts_on)
    if rule.kind == DueKind.UNKNOWN:
        raise UserError(rule.note, field="new_due")
    return rule


def _evidence_add(update: ProgressUpdate, *, links: list[str], files: list[UploadedFile]) -> None:
    """The update's links (blanks left out) and files, as its evidence."""
    Evidence.objects.bulk_create(
        [Evidence(update=update, link=link) for link in links if link]
        + [Evidence(update=update, file=file, description=file.name or "") for file in files]
    )


@service
def action_request_update(*, actor: Person, action: Action) -> Action:
    """Chase an action's leads for an update before the next board."""
    lock_for_edit(action, version=None)
    if action.update_requested_at is not None:
        record_unchanged()
        return action
    action.update_requested_at = timezone.now()
    action.save(update_fields=["update_requested_at"])
    audit_record(
        actor=actor,
        verb="action.update_requested",
        target=action,
        changes={"update_requested": [False, True]},
    )
    return action


ACTION_FIELDS = (
    "reference",
    "text",
    "plain_text",
    "priority",
    "all_partners",
    "success",
    "measure",
    "due_text",
    "due_needs_confirmation",
)


@service
def action_edit(
    *,
    actor: Person,
    action: Action,
    reference: str,
    text: str,
    plain_text: str,
    priority: StrategyItem | None,
    principles: list[Principle],
    agencies: list[Agency],
    all_partners: bool,
    leads: list[NamedLead],
    new_leads: list[str],
    success: str,
    measure: str,
    due_text: str,
    due_confirmed: bool = False,
    reason: str = "",
    version: int | None = None,
) -> Action:
    """Change what an action says, who leads it and when it is due.

    A new "By when" is read again (ADR 0007); confirming the reading clears its flag. The
    action's row is held and its `version` checked first (ADR 0014), so an edit never writes
    back a status or words from before a progress update or another edit.
    """
    lock_for_edit(action, version=version)
    if action.is_archived:
        raise UserError("This action is archived. Restore it before changing it.")
    rule = parse_due(due_text or "ongoing", plan_start=action.plan.starts_on)
    if rule.kind == DueKind.UNKNOWN:
        raise UserError(rule.note, field="due_text")
    before = snapshot(action, ACTION_FIELDS) | _links_snapshot(action)
    action.reference, action.text, action.priority = reference.strip(), text, priority
    action.plain_text = plain_text
    action.all_partners, action.success, action.measure = all_partners, success, measure
    if rule.text != action.due_text or rule.due != action.due_date:
        action.set_due(rule)
    if due_confirmed:
        action.due_needs_confirmation, action.due_note = False, ""
    action.save()
    lead_matcher = _LeadMatcher(actor, action.plan.strategy)
    action.principles.set(principles)
    action.agencies.set(agencies)
    action.leads.set([*leads, *(lead_matcher.match(name) for name in new_leads)])
    audit_update(
        actor=actor,
        verb="action.edited",
        target=action,
        before=before,
        after=snapshot(action, ACTION_FIELDS) | _links_snapshot(action),
        reason=reason,
    )
    return action


def _links_snapshot(action: Action) -> dict[str, object]:
    return {
        "principles": sorted(str(p) for p in action.principles.all()),
        "agencies": sorted(a.name for a in action.agencies.all()),
        "leads": sorted(lead.name for lead in action.leads.all()),
    }


@service
def named_lead_link(*, actor: Person, lead: NamedLead, person: Person | None) -> NamedLead:
    """Say which account a name in the plans belongs to: that person can then update the
    actions they are named on. None unlinks."""
    if lead.person_id == (person.pk if person else None):
        record_unchanged()
        return lead
    before = str(lead.person) if lead.person else None
    lead.person = person
    lead.save(update_fields=["person"])
    audit_record(
        actor=actor,
        verb="named_lead.linked",
        target=lead,
        changes={"person": [before, str(person) if person else None]},
    )
    return lead
