"""Writes for action plans. Each is an audited `@service` given the acting person."""

from __future__ import annotations

import datetime

from pledge.actions.importing.plan import ParsedAction, ParsedPlan
from pledge.actions.models import Action, ActionPlan, ActionStatus, NamedLead, PlanUpload
from pledge.actions.selectors import PriorityMatcher, parse_upload
from pledge.core.audit import audit_record, audit_record_many, service
from pledge.core.errors import UserError
from pledge.core.models import Agency, AgencyKind, Person
from pledge.core.services import agency_create
from pledge.strategy.models import Strategy


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
    if ends_on <= starts_on:
        raise UserError("The end date must be after the start date", field="ends_on")
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
    agencies = _AgencyMatcher(actor, strategy)
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
    def __init__(self, actor: Person | None, strategy: Strategy) -> None:
        self.actor, self.authority = actor, strategy.authority
        self.known: dict[str, Agency] = {}
        for agency in Agency.objects.filter(authority=self.authority):
            self.known.setdefault(agency.name.lower(), agency)
            if agency.short_name:
                self.known.setdefault(agency.short_name.lower(), agency)

    def match(self, name: str) -> Agency:
        found = self.known.get(name.lower())
        if found is None:
            found = agency_create(
                actor=self.actor,
                authority=self.authority,
                name=name[:200],
                kind=AgencyKind.OTHER,
            )
            self.known[name.lower()] = found
        return found


class _LeadMatcher:
    def __init__(self, actor: Person | None, strategy: Strategy) -> None:
        self.actor, self.authority = actor, strategy.authority
        self.known = {lead.name.lower(): lead for lead in self.authority.leads.all()}
        self.people = {p.full_name.lower(): p for p in Person.objects.filter(is_active=True)}

    def match(self, name: str) -> NamedLead:
        found = self.known.get(name.lower())
        if found is None:
            found = NamedLead.objects.create(
                authority=self.authority, name=name[:200], person=self.people.get(name.lower())
            )
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
    """Keep an uploaded plan file for its preview; nothing of the plan is saved yet."""
    if ends_on <= starts_on:
        raise UserError("The end date must be after the start date", field="ends_on")
    upload = PlanUpload.objects.create(
        uploaded_by=actor,
        filename=filename,
        data=data,
        strategy=strategy,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_record(
        actor=actor,
        verb="plan_upload.created",
        target=upload,
        changes={"filename": [None, filename], "bytes": [None, len(data)]},
    )
    return upload


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
def plan_upload_confirm(*, actor: Person, upload: PlanUpload) -> ActionPlan:
    """Import the plan the preview showed, then let the uploaded file go."""
    plan = plan_import(
        actor=actor,
        strategy=upload.strategy,
        title=upload.title,
        starts_on=upload.starts_on,
        ends_on=upload.ends_on,
        parsed=parse_upload(upload),
        source_file=upload.filename,
    )
    audit_record(
        actor=actor,
        verb="plan_upload.confirmed",
        target=upload,
        changes={"plan": [None, str(plan)]},
    )
    upload.delete()
    return plan
