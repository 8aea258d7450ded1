"""Saving an imported plan: everything or nothing, matched to the board, audited."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from boardfiles.plans import parse_plan
from boardfiles.tables import read_tables
from pledge.actions.models import Action, ActionPlan, NamedLead
from pledge.actions.services import plan_import, plan_upload_confirm, plan_upload_create
from pledge.actions.tests.seeds import SEED_PLANS, import_seed
from pledge.core.errors import UserError
from pledge.core.models import Agency, AgencyKind, AuditEvent, Person
from pledge.strategy.models import Strategy

DERBY = "derby_cic_care_leavers_eet_action_plan_2016-17.docx"
SANDWELL = "sandwell_corporate_parenting_action_plan_2020-21.xlsx"
LANCASHIRE = "lancashire_eet_kpi_framework.csv"
DERBY_PATH = str(SEED_PLANS / DERBY)


@pytest.mark.shared
def test_derby_saves_its_actions_leads_and_due_rules(demo_strategy: Strategy) -> None:
    plan = import_seed(DERBY, demo_strategy)
    assert plan.actions.count() == 14
    five = plan.actions.get(reference="5")
    assert five.due.months == (6, 11)
    assert sorted(str(lead) for lead in five.leads.all()) == [
        "C Morley",
        "J Centro",
        "N Turner",
        "Residential Children's Homes Managers",
    ]
    typo = plan.actions.get(reference="12")
    assert typo.due_needs_confirmation
    assert typo.original_due_date == datetime.date(2016, 3, 31)
    assert NamedLead.objects.filter(name="A Kaiser").count() == 1  # shared, not repeated


@pytest.mark.shared
def test_agencies_match_the_boards_by_name_or_short_name(demo_strategy: Strategy) -> None:
    nhs = Agency.objects.create(
        authority=demo_strategy.authority,
        name="Sandwell NHS",
        short_name="NHS",
        kind=AgencyKind.NHS,
    )
    plan = import_seed(SANDWELL, demo_strategy)
    first = plan.actions.first()
    assert first is not None
    assert list(first.agencies.all()) == [nhs]
    added = AuditEvent.objects.filter(verb="agency.created", target_label="SMBC Public Health")
    assert added.count() == 1


@pytest.mark.shared
def test_priorities_match_the_strategy_by_title(demo_strategy: Strategy) -> None:
    plan = import_seed(SANDWELL, demo_strategy)
    health = plan.actions.filter(priority_text="Health and Wellbeing")
    assert {a.priority.title for a in health if a.priority} == {"Health and wellbeing"}


@pytest.mark.shared
def test_kpis_keep_their_actions_under_them(demo_strategy: Strategy) -> None:
    plan = import_seed(LANCASHIRE, demo_strategy)
    kpi = plan.actions.get(is_kpi=True, reference="1.1")
    assert list(kpi.children.values_list("reference", flat=True)) == [
        "1.1.1",
        "1.1.2",
        "1.1.3",
        "1.1.4",
    ]


@pytest.mark.shared
def test_every_imported_action_is_audited(demo_strategy: Strategy) -> None:
    plan = import_seed(DERBY, demo_strategy)
    assert AuditEvent.objects.filter(verb="action.imported").count() == plan.actions.count()
    assert AuditEvent.objects.filter(verb="plan.imported").count() == 1


def test_a_plan_with_errors_saves_nothing(demo_strategy: Strategy) -> None:
    parsed = parse_plan(read_tables("plan.csv", b"Ref,Action,Mystery\n1,Do it,x\n"))
    before = (ActionPlan.objects.count(), Action.objects.count(), AuditEvent.objects.count())
    with pytest.raises(UserError):
        plan_import(
            actor=None,
            strategy=demo_strategy,
            title="Bad",
            parsed=parsed,
            starts_on=datetime.date(2026, 4, 1),
            ends_on=datetime.date(2027, 3, 31),
        )
    assert (
        ActionPlan.objects.count(),
        Action.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_a_plan_cannot_be_confirmed_twice(plan: ActionPlan, officer: Person) -> None:
    upload = plan_upload_create(
        actor=officer,
        filename="plan.csv",
        data=b"Ref,Action\n1,Do it\n",
        strategy=plan.strategy,
        title="Twice",
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )
    plan_upload_confirm(actor=officer, upload=upload)
    with pytest.raises(UserError, match="already been imported"):
        plan_upload_confirm(actor=officer, upload=upload)
    assert ActionPlan.objects.filter(title="Twice").count() == 1


@pytest.mark.shared
def test_command_dry_run_prints_json_and_saves_nothing(demo_strategy: Strategy) -> None:
    out = StringIO()
    call_command("plan_import", DERBY_PATH, "--dry-run", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    first = report["actions"][0]
    assert set(first) >= {
        "reference",
        "action",
        "parent_reference",
        "agencies",
        "leads",
        "due",
        "success",
        "measure",
    }
    assert first["due"]["text"] == "April 2016"
    assert first["due"]["due"] == "2016-04-30"
    assert any("216" in problem["message"] for problem in report["problems"])
    assert report["saved_plan"] is None
    assert not ActionPlan.objects.exists()


@pytest.mark.shared
def test_command_saves_with_dates(demo_strategy: Strategy) -> None:
    out = StringIO()
    call_command(
        "plan_import",
        DERBY_PATH,
        "--starts",
        "2016-04-01",
        "--ends",
        "2017-03-31",
        stdout=out,
    )
    assert "Saved as plan" in out.getvalue()
    assert ActionPlan.objects.get().actions.count() == 14


def test_command_explains_a_bad_file(demo_strategy: Strategy, tmp_path: Path) -> None:
    empty = tmp_path / "plan.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="is empty"):
        call_command("plan_import", str(empty), "--dry-run")
    with pytest.raises(CommandError, match="no file"):
        call_command("plan_import", str(tmp_path / "missing.csv"), "--dry-run")
    assert Person.objects.exists()  # the demo is untouched
