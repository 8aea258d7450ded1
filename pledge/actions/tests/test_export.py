"""Export a plan to CSV, XLSX and DOCX; importing the export gives back the same plan."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from config.env import BASE_DIR
from pledge.actions.exporting import EXPORTERS
from pledge.actions.importing.plan import parse_plan
from pledge.actions.importing.tables import read_tables
from pledge.actions.models import ActionPlan
from pledge.actions.services import plan_import
from pledge.core.models import Person
from pledge.demo import load_demo
from pledge.strategy.models import Strategy
from pledge.strategy.selectors import strategy_current

PLANS = BASE_DIR.parent / "shared" / "data" / "plans"
SOURCES = [
    "derby_cic_care_leavers_eet_action_plan_2016-17.docx",
    "sandwell_corporate_parenting_action_plan_2020-21.xlsx",
    "lancashire_eet_kpi_framework.docx",
    "cheshire_east_action_plan_2015-17.csv",
]


@pytest.fixture
def strategy(db: None) -> Strategy:
    load_demo(log=lambda _: None)
    found = strategy_current()
    assert found is not None
    return found


def _import(name: str, data: bytes, strategy: Strategy) -> ActionPlan:
    parsed = parse_plan(
        read_tables(name, data),
        plan_start=datetime.date(2016, 4, 1),
        known_agencies=[a.name for a in strategy.authority.agencies.all()],
    )
    return plan_import(
        actor=None,
        strategy=strategy,
        title=name,
        parsed=parsed,
        starts_on=datetime.date(2016, 4, 1),
        ends_on=datetime.date(2017, 3, 31),
    )


def _shape(plan: ActionPlan) -> list[tuple[object, ...]]:
    return [
        (
            a.reference,
            a.text,
            a.is_kpi,
            a.parent.reference if a.parent else None,
            a.priority_id,
            a.all_partners,
            sorted(x.name for x in a.agencies.all()),
            sorted(x.name for x in a.leads.all()),
            a.due_text,
            a.due_kind,
            a.due_date,
            a.due_start,
            a.due_months,
            a.success,
            a.measure,
        )
        for a in plan.actions.order_by("position")
    ]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("extension", ["csv", "xlsx", "docx"])
def test_importing_an_export_gives_back_the_same_plan(
    strategy: Strategy, source: str, extension: str
) -> None:
    original = _import(source, (PLANS / source).read_bytes(), strategy)
    exported = EXPORTERS[extension](original)
    again = _import(f"export.{extension}", exported, strategy)
    assert _shape(again) == _shape(original)


def test_plan_downloads_as_each_format(
    strategy: Strategy, client_for: Callable[[Person], Client]
) -> None:
    plan = _import(SOURCES[0], (PLANS / SOURCES[0]).read_bytes(), strategy)
    client = client_for(Person.objects.get(email="member@northfield.example"))
    for extension in ("csv", "xlsx", "docx"):
        response = client.get(
            reverse("actions:export", kwargs={"pk": plan.pk, "extension": extension})
        )
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'.{extension}"')
    missing = reverse("actions:export", kwargs={"pk": plan.pk, "extension": "pdf"})
    assert client.get(missing).status_code == 404
