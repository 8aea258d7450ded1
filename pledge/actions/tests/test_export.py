"""Export a plan to CSV, XLSX and DOCX; importing the export gives back the same plan."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from pledge.actions.exporting import EXPORTERS
from pledge.actions.models import ActionPlan
from pledge.actions.tests.seeds import import_seed
from pledge.core.models import Person
from pledge.strategy.models import Strategy

SOURCES = [
    "derby_cic_care_leavers_eet_action_plan_2016-17.docx",
    "sandwell_corporate_parenting_action_plan_2020-21.xlsx",
    "lancashire_eet_kpi_framework.docx",
    "cheshire_east_action_plan_2015-17.csv",
]


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


@pytest.mark.shared
@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("extension", ["csv", "xlsx", "docx"])
def test_importing_an_export_gives_back_the_same_plan(
    demo_strategy: Strategy, source: str, extension: str
) -> None:
    original = import_seed(source, demo_strategy)
    exported = EXPORTERS[extension](original)
    again = import_seed(f"export.{extension}", demo_strategy, data=exported)
    assert _shape(again) == _shape(original)


@pytest.mark.shared
def test_plan_downloads_as_each_format(
    demo_strategy: Strategy, client_for: Callable[[Person], Client]
) -> None:
    plan = import_seed(SOURCES[0], demo_strategy)
    client = client_for(Person.objects.get(email="member@northfield.example"))
    for extension in ("csv", "xlsx", "docx"):
        response = client.get(
            reverse("actions:export", kwargs={"pk": plan.pk, "extension": extension})
        )
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'.{extension}"')
    missing = reverse("actions:export", kwargs={"pk": plan.pk, "extension": "pdf"})
    assert client.get(missing).status_code == 404
