"""Edge cases found in review of the action plans: odd dates, stale pages, formulas, limits."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from boardfiles.due import DueKind, parse_due
from boardfiles.plans import parse_plan
from boardfiles.problems import FileError
from boardfiles.tables import read_tables
from pledge.actions import services
from pledge.actions.exporting import to_csv, to_xlsx
from pledge.actions.models import Action, ActionPlan, ProgressUpdate
from pledge.actions.tests.conftest import TODAY
from pledge.core.errors import UserError
from pledge.core.models import Agency, AuditEvent, Person, Role


@pytest.fixture
def action(plan: ActionPlan, agency: Agency) -> Action:
    action = Action.objects.create(
        plan=plan, reference="1", text='=HYPERLINK("x")', due_kind="ongoing", due_text="ongoing"
    )
    action.agencies.set([agency])
    return action


@pytest.mark.parametrize(
    "text",
    [
        "March 0000",
        "Winter 9999",
        "9999/00",
        "from March 0000",
        "Every June from June 9999",
        "29/02/2027",
    ],
)
def test_impossible_years_and_dates_are_unknown_not_errors(text: str) -> None:
    rule = parse_due(text)
    assert rule.kind == DueKind.UNKNOWN
    assert rule.needs_confirmation


def test_editing_an_action_whose_date_is_not_flagged(
    action: Action, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    response = client_for(officer).post(
        reverse("actions:action-edit", kwargs={"pk": action.pk}),
        {"text": "A clearer action", "due_text": "April 2027"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_date == datetime.date(2027, 4, 30)


def test_a_commentary_only_update_is_audited(action: Action, officer: Person) -> None:
    services.action_update_progress(
        actor=officer,
        action=action,
        status=action.status,
        rag="",
        commentary="Met the provider",
        as_at=TODAY,
    )
    assert AuditEvent.objects.filter(verb="action.progress_updated").count() == 1


def test_updates_are_refused_for_archived_actions_and_kpis(action: Action, officer: Person) -> None:
    action.is_kpi = True
    action.save()
    with pytest.raises(UserError, match="live actions"):
        services.action_update_progress(
            actor=officer, action=action, status="in_progress", rag="", commentary="x", as_at=TODAY
        )


def test_a_new_deadline_needs_the_rescheduled_status(action: Action, officer: Person) -> None:
    with pytest.raises(UserError, match="Rescheduled with approval"):
        services.action_update_progress(
            actor=officer,
            action=action,
            status="in_progress",
            rag="",
            commentary="Later",
            as_at=TODAY,
            new_due="March 2027",
        )


def test_update_form_refuses_a_future_date_and_odd_files(
    action: Action, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    html = (
        client_for(officer)
        .post(
            reverse("actions:action-update", kwargs={"pk": action.pk}),
            {
                "status": "in_progress",
                "commentary": "x",
                "as_at": "1/1/2099",
                "file": SimpleUploadedFile("run.exe", b"MZ"),
            },
        )
        .content.decode()
    )
    assert "must be today or in the past" in html
    assert "must be a PDF, Word, Excel" in html
    assert not ProgressUpdate.objects.exists()


def test_the_update_form_can_clear_a_rag(
    action: Action, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    html = (
        client_for(officer)
        .get(reverse("actions:action-update", kwargs={"pk": action.pk}))
        .content.decode()
    )
    assert "Not rated" in html


def test_bulk_rows_missing_from_the_post_are_left_alone(
    action: Action,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
    agency: Agency,
) -> None:
    lead = make_person(Role.AGENCY_LEAD)
    newer = Action.objects.create(
        plan=action.plan, reference="2", text="Assigned just now", due_kind="ongoing"
    )
    newer.agencies.set([agency])
    response = client_for(lead).post(
        reverse("actions:mine"),
        {f"status_{action.pk}": "in_progress", f"commentary_{action.pk}": "Going"},
    )
    assert response.status_code == 302
    assert list(ProgressUpdate.objects.values_list("action_id", flat=True)) == [action.pk]


def test_exports_never_hold_live_formulas_and_still_round_trip(action: Action) -> None:
    book = openpyxl.load_workbook(__import__("io").BytesIO(to_xlsx(action.plan)))
    cell = book.active["D5"]
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"
    csv_text = to_csv(action.plan).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    parsed = parse_plan(read_tables("export.csv", to_csv(action.plan)))
    assert parsed.actions[0].action == '=HYPERLINK("x")'


def test_a_plan_cannot_be_confirmed_twice(plan: ActionPlan, officer: Person) -> None:
    upload = services.plan_upload_create(
        actor=officer,
        filename="plan.csv",
        data=b"Ref,Action\n1,Do it\n",
        strategy=plan.strategy,
        title="Twice",
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )
    services.plan_upload_confirm(actor=officer, upload=upload)
    with pytest.raises(UserError, match="already been imported"):
        services.plan_upload_confirm(actor=officer, upload=upload)
    assert ActionPlan.objects.filter(title="Twice").count() == 1


def test_a_huge_csv_field_is_explained() -> None:
    with pytest.raises(FileError, match=r"line 2 is longer than 100,000 characters"):
        read_tables("plan.csv", b'Ref,Action\n1,"' + b"x" * 200_000 + b'"\n')
