"""Importing a plan through the pages a board officer uses: upload, preview, map, confirm."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from markupsafe import escape

from pledge.actions import views
from pledge.actions.models import Action, ActionPlan, PlanUpload
from pledge.actions.tests.pages import upload_plan
from pledge.actions.tests.seeds import SEED_PLANS as PLANS
from pledge.core import services as core_services
from pledge.core.models import Agency, Person, Role


@pytest.mark.shared
def test_upload_preview_then_confirm_imports_the_plan(demo_officer: Client) -> None:
    response = upload_plan(
        demo_officer,
        "derby.docx",
        (PLANS / "derby_cic_care_leavers_eet_action_plan_2016-17.docx").read_bytes(),
    )
    upload = PlanUpload.objects.get()
    assert response["Location"] == reverse("actions:import-preview", kwargs={"pk": upload.pk})
    preview = demo_officer.get(response["Location"]).content.decode()
    assert "Check the plan before importing" in preview
    assert escape('"216" read as 2016') in preview
    assert "Import 14 actions" in preview
    assert not ActionPlan.objects.exists()  # nothing saved before confirming
    done = demo_officer.post(response["Location"], {"step": "confirm"})
    plan = ActionPlan.objects.get()
    assert done["Location"] == reverse("actions:plan", kwargs={"pk": plan.pk})
    assert plan.actions.count() == 14
    assert not PlanUpload.objects.exists()
    page = demo_officer.get(done["Location"]).content.decode()
    assert "Every June and November from June 2016" in page


def test_an_unknown_column_is_mapped_in_the_preview(demo_officer: Client) -> None:
    data = b"Ref,Action,Lead person,Target\n1,Do it,A Smith,April 2026\n"
    preview_url = upload_plan(demo_officer, "plan.csv", data)["Location"]
    page = demo_officer.get(preview_url).content.decode()
    assert "Some columns need you" in page
    assert "<title>Error:" in page
    assert "Import 1 actions" not in page
    upload = PlanUpload.objects.get()
    demo_officer.post(preview_url, {"step": "map", "column_0": "responsible", "column_1": "due"})
    upload.refresh_from_db()
    assert upload.column_choices == {"Lead person": "responsible", "Target": "due"}
    page = demo_officer.get(preview_url).content.decode()
    assert "Import 1 actions" in page
    demo_officer.post(preview_url, {"step": "confirm"})
    action = Action.objects.get()
    assert [str(lead) for lead in action.leads.all()] == ["A Smith"]


def test_mapping_without_a_choice_is_explained(demo_officer: Client) -> None:
    preview_url = upload_plan(demo_officer, "plan.csv", b"Ref,Action,Mystery\n1,Do it,x\n")[
        "Location"
    ]
    page = demo_officer.post(preview_url, {"step": "map"}).content.decode()
    assert "Choose what the column \u201cMystery\u201d holds" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.csv", b"", "The chosen file is empty"),
        ("plan.pdf", b"%PDF-1.4", "not a CSV, XLSX or DOCX"),
        ("plan.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "password-protected"),
    ],
)
def test_a_bad_file_is_explained_and_nothing_kept(
    demo_officer: Client, name: str, data: bytes, message: str
) -> None:
    page = upload_plan(demo_officer, name, data).content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert not PlanUpload.objects.exists()


def test_only_a_board_officer_may_import(
    db: None, make_person: Callable[..., Person], client_for: Callable[[Person], Client]
) -> None:
    lead = client_for(make_person(Role.AGENCY_LEAD))
    assert lead.get(reverse("actions:import")).status_code == 403


def test_a_new_agency_name_is_matched_to_the_boards_own_before_import(demo_officer: Client) -> None:
    data = b"Ref,Action,Lead agency,By when\n1,Do it,NFCT,April 2026\n2,And this,Trust,May 2026\n"
    preview_url = upload_plan(demo_officer, "plan.csv", data)["Location"]
    page = demo_officer.get(preview_url).content.decode()
    assert "Agencies new to the board" in page
    trust = Agency.objects.get(name="Northfield Children's Trust")
    demo_officer.post(preview_url, {"step": "agencies", "agency_0": str(trust.pk), "agency_1": ""})
    page = demo_officer.get(preview_url).content.decode()
    assert "New agency" in page  # "Trust" is still to be added
    demo_officer.post(preview_url, {"step": "confirm"})
    first, second = Action.objects.order_by("position")
    assert list(first.agencies.all()) == [trust]
    assert [a.name for a in second.agencies.all()] == ["Trust"]


def test_confirming_twice_at_once_says_the_plan_is_imported_not_an_error(
    demo_officer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload_plan(demo_officer, "plan.csv", b"Ref,Action,Who,By when\n1,Do it,A Smith,April 2017\n")
    upload = PlanUpload.objects.get()
    url = reverse("actions:import-preview", kwargs={"pk": upload.pk})
    real_parse = views.parse_upload

    def the_other_click_lands_first(held: PlanUpload) -> Any:
        parsed = real_parse(held)
        PlanUpload.objects.filter(pk=held.pk).delete()  # as the first click's confirmation does
        return parsed

    monkeypatch.setattr(views, "parse_upload", the_other_click_lands_first)
    response = demo_officer.post(url, {"step": "confirm"}, follow=True)
    assert response.status_code == 200
    assert "This plan has already been imported" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("actions:plans")


def test_plan_files_left_unconfirmed_expire_after_the_boards_days(demo_officer: Client) -> None:
    upload_plan(demo_officer, "plan.csv", b"Ref,Action,Who,By when\n1,Do it,A Smith,April 2017\n")
    upload = PlanUpload.objects.select_related("strategy__authority").get()
    days = upload.strategy.authority.uploads_kept_days
    assert core_services.uploads_expire(now=upload.uploaded_at + datetime.timedelta(days=days)) == 0
    later = upload.uploaded_at + datetime.timedelta(days=days, minutes=1)
    assert core_services.uploads_expire(now=later) == 1
    assert not PlanUpload.objects.exists()
