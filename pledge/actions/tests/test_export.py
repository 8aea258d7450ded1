"""Export a plan to CSV, XLSX and DOCX; importing the export gives back the same plan, and a
cell that would be a formula in a spreadsheet stays words."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from boardfiles.plans import parse_plan
from boardfiles.tables import read_tables
from pledge.actions.exporting import EXPORTERS, to_csv, to_xlsx
from pledge.actions.models import Action, ActionPlan
from pledge.actions.tests.seeds import import_seed
from pledge.core.models import Agency, Person
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


def test_exports_never_hold_live_formulas_and_still_round_trip(
    plan: ActionPlan, agency: Agency
) -> None:
    action = Action.objects.create(
        plan=plan, reference="1", text='=HYPERLINK("x")', due_kind="ongoing", due_text="ongoing"
    )
    action.agencies.set([agency])
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(plan)))
    cell = book.active["D5"]
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"
    csv_text = to_csv(plan).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    parsed = parse_plan(read_tables("export.csv", to_csv(plan)))
    assert parsed.actions[0].action == '=HYPERLINK("x")'
