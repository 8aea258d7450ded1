"""Keeping a plan current: updates by agency leads, in bulk; chasing; who may update what."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pledge.actions import services
from pledge.actions.models import Action, ActionPlan, ActionStatus, NamedLead, ProgressUpdate
from pledge.actions.selectors import action_rows, my_actions
from pledge.actions.tests.conftest import TODAY
from pledge.core.errors import UserError
from pledge.core.models import Agency, AgencyKind, AuditEvent, Person, Role


def _action(plan: ActionPlan, agency: Agency, reference: str, due: datetime.date | None) -> Action:
    action = Action.objects.create(
        plan=plan,
        reference=reference,
        text=f"Action {reference}",
        position=int(reference),
        due_kind="date" if due else "ongoing",
        due_date=due,
        due_text=str(due or "ongoing"),
    )
    action.agencies.set([agency])
    return action


@pytest.fixture
def other_agency(agency: Agency) -> Agency:
    return Agency.objects.create(authority=agency.authority, name="Other NHS", kind=AgencyKind.NHS)


@pytest.fixture
def lead(make_person: Callable[..., Person]) -> Person:
    return make_person(Role.AGENCY_LEAD, full_name="Lee Lead")


def test_an_update_sets_status_and_rag_and_is_audited(
    plan: ActionPlan, agency: Agency, lead: Person
) -> None:
    action = _action(plan, agency, "1", datetime.date(2026, 12, 31))
    services.action_update_progress(
        actor=lead,
        action=action,
        status="in_progress",
        rag="amber",
        commentary="Waiting on the contract",
        as_at=TODAY,
        links=["https://example.org/report"],
    )
    action.refresh_from_db()
    assert (action.status, action.rag, action.rag_as_at) == ("in_progress", "amber", TODAY)
    update = ProgressUpdate.objects.get()
    assert update.evidence.get().link == "https://example.org/report"
    event = AuditEvent.objects.get(verb="action.progress_updated")
    assert event.changes["rag"] == ["", "amber"]
    assert event.reason == "Waiting on the contract"


def test_a_rag_needs_a_commentary(plan: ActionPlan, agency: Agency, lead: Person) -> None:
    action = _action(plan, agency, "1", None)
    with pytest.raises(UserError, match="Say why"):
        services.action_update_progress(
            actor=lead, action=action, status="in_progress", rag="red", commentary=" ", as_at=TODAY
        )
    assert not ProgressUpdate.objects.exists()


def test_finished_actions_are_not_rag_rated(plan: ActionPlan, agency: Agency, lead: Person) -> None:
    action = _action(plan, agency, "1", None)
    services.action_update_progress(
        actor=lead, action=action, status="complete", rag="green", commentary="Done", as_at=TODAY
    )
    action.refresh_from_db()
    assert action.rag == ""


def test_rescheduling_keeps_the_original_date(
    plan: ActionPlan, agency: Agency, lead: Person
) -> None:
    action = _action(plan, agency, "1", datetime.date(2026, 6, 30))
    action.original_due_date = action.due_date
    action.save()
    services.action_update_progress(
        actor=lead,
        action=action,
        status="rescheduled",
        rag="",
        commentary="Board agreed",
        as_at=TODAY,
        new_due="March 2027",
    )
    action.refresh_from_db()
    assert action.due_date == datetime.date(2027, 3, 31)
    assert action.original_due_date == datetime.date(2026, 6, 30)


def test_a_commentary_only_update_is_audited(
    plan: ActionPlan, agency: Agency, officer: Person
) -> None:
    action = _action(plan, agency, "1", None)
    services.action_update_progress(
        actor=officer,
        action=action,
        status=action.status,
        rag="",
        commentary="Met the provider",
        as_at=TODAY,
    )
    assert AuditEvent.objects.filter(verb="action.progress_updated").count() == 1


def test_updates_are_refused_for_archived_actions_and_kpis(
    plan: ActionPlan, agency: Agency, officer: Person
) -> None:
    action = _action(plan, agency, "1", None)
    action.is_kpi = True
    action.save()
    with pytest.raises(UserError, match="live actions"):
        services.action_update_progress(
            actor=officer, action=action, status="in_progress", rag="", commentary="x", as_at=TODAY
        )


def test_a_new_deadline_needs_the_rescheduled_status(
    plan: ActionPlan, agency: Agency, officer: Person
) -> None:
    action = _action(plan, agency, "1", None)
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


def test_my_actions_are_my_agencies_most_overdue_first(
    plan: ActionPlan, agency: Agency, other_agency: Agency, lead: Person
) -> None:
    later = _action(plan, agency, "1", datetime.date(2027, 1, 31))
    very_late = _action(plan, agency, "2", datetime.date(2026, 5, 31))
    late = _action(plan, agency, "3", datetime.date(2026, 10, 31))
    _action(plan, other_agency, "4", datetime.date(2026, 4, 30))  # not theirs
    rows = action_rows(my_actions(lead), on=TODAY)
    assert [r.action for r in rows] == [very_late, late, later]
    assert rows[0].days_overdue == 176


def test_a_lead_cannot_update_another_agencys_action(
    plan: ActionPlan, other_agency: Agency, lead: Person, client_for: Callable[[Person], Client]
) -> None:
    theirs = _action(plan, other_agency, "1", None)
    client = client_for(lead)
    url = reverse("actions:action-update", kwargs={"pk": theirs.pk})
    assert client.get(url).status_code == 403
    response = client.post(url, {"status": "complete", "commentary": "x", "as_at": "1/11/2026"})
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_a_board_member_reads_but_cannot_update(
    plan: ActionPlan,
    agency: Agency,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    action = _action(plan, agency, "1", None)
    member = client_for(make_person(Role.BOARD_MEMBER))
    assert member.get(reverse("actions:action", kwargs={"pk": action.pk})).status_code == 200
    url = reverse("actions:action-update", kwargs={"pk": action.pk})
    assert member.get(url).status_code == 403


def test_update_form_refuses_a_future_date_and_odd_files(
    plan: ActionPlan, agency: Agency, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    action = _action(plan, agency, "1", None)
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
    plan: ActionPlan, agency: Agency, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    action = _action(plan, agency, "1", None)
    html = (
        client_for(officer)
        .get(reverse("actions:action-update", kwargs={"pk": action.pk}))
        .content.decode()
    )
    assert "Not rated" in html


def test_bulk_update_posts_only_changed_rows(
    plan: ActionPlan, agency: Agency, lead: Person, client_for: Callable[[Person], Client]
) -> None:
    first = _action(plan, agency, "1", None)
    second = _action(plan, agency, "2", None)
    response = client_for(lead).post(
        reverse("actions:mine"),
        {
            f"status_{first.pk}": "in_progress",
            f"rag_{first.pk}": "green",
            f"commentary_{first.pk}": "On track",
            f"status_{second.pk}": "not_started",
            f"rag_{second.pk}": "",
        },
    )
    assert response.status_code == 302
    assert list(ProgressUpdate.objects.values_list("action_id", flat=True)) == [first.pk]


def test_one_refused_row_saves_no_rows(
    plan: ActionPlan, agency: Agency, lead: Person, client_for: Callable[[Person], Client]
) -> None:
    first = _action(plan, agency, "1", None)
    second = _action(plan, agency, "2", None)
    html = (
        client_for(lead)
        .post(
            reverse("actions:mine"),
            {
                f"status_{first.pk}": "in_progress",
                f"rag_{first.pk}": "green",
                f"commentary_{first.pk}": "On track",
                f"status_{second.pk}": "in_progress",
                f"rag_{second.pk}": "red",
                f"commentary_{second.pk}": "",
            },
        )
        .content.decode()
    )
    assert "govuk-error-summary" in html
    assert "Say why the action is rated Red" in html
    assert f'href="#id_commentary_{second.pk}"' in html
    assert not ProgressUpdate.objects.exists()
    first.refresh_from_db()
    assert first.status == ActionStatus.NOT_STARTED


def test_bulk_rows_missing_from_the_post_are_left_alone(
    plan: ActionPlan, agency: Agency, lead: Person, client_for: Callable[[Person], Client]
) -> None:
    action = _action(plan, agency, "1", None)
    newer = Action.objects.create(
        plan=plan, reference="2", text="Assigned just now", due_kind="ongoing"
    )
    newer.agencies.set([agency])
    response = client_for(lead).post(
        reverse("actions:mine"),
        {f"status_{action.pk}": "in_progress", f"commentary_{action.pk}": "Going"},
    )
    assert response.status_code == 302
    assert list(ProgressUpdate.objects.values_list("action_id", flat=True)) == [action.pk]


def test_an_empty_bulk_form_says_what_to_do(
    plan: ActionPlan, agency: Agency, lead: Person, client_for: Callable[[Person], Client]
) -> None:
    action = _action(plan, agency, "1", None)
    html = (
        client_for(lead)
        .post(
            reverse("actions:mine"), {f"status_{action.pk}": "not_started", f"rag_{action.pk}": ""}
        )
        .content.decode()
    )
    assert "Change at least one action" in html


def test_officer_chases_and_the_next_update_clears_it(
    plan: ActionPlan,
    agency: Agency,
    officer: Person,
    lead: Person,
    client_for: Callable[[Person], Client],
) -> None:
    action = _action(plan, agency, "1", None)
    client_for(officer).post(reverse("actions:action-chase", kwargs={"pk": action.pk}))
    action.refresh_from_db()
    assert action.update_requested_at is not None
    services.action_update_progress(
        actor=lead, action=action, status="in_progress", rag="", commentary="Started", as_at=TODAY
    )
    action.refresh_from_db()
    assert action.update_requested_at is None


def test_officer_filters_overdue_actions(
    plan: ActionPlan, agency: Agency, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    _action(plan, agency, "1", datetime.date(2020, 1, 31))
    _action(plan, agency, "2", datetime.date(2099, 1, 31))
    html = client_for(officer).get(reverse("actions:actions") + "?overdue=on").content.decode()
    assert "Action 1" in html
    assert "Action 2" not in html


def test_chasing_never_redirects_to_another_site(
    plan: ActionPlan, agency: Agency, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    action = _action(plan, agency, "1", None)
    response = client_for(officer).post(
        reverse("actions:action-chase", kwargs={"pk": action.pk}),
        {"next": "https://evil.example/phish"},
    )
    assert response["Location"] == reverse("actions:action", kwargs={"pk": action.pk})


def test_a_named_lead_linked_to_an_account_can_update_their_actions(
    plan: ActionPlan,
    other_agency: Agency,
    officer: Person,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    action = _action(plan, other_agency, "1", None)
    kaiser = NamedLead.objects.create(authority=plan.strategy.authority, name="A Kaiser")
    action.leads.add(kaiser)
    person = make_person(Role.BOARD_MEMBER, full_name="Anna Kaiser")
    client = client_for(person)
    update_url = reverse("actions:action-update", kwargs={"pk": action.pk})
    assert client.get(update_url).status_code == 403  # a name is not an account
    client_for(officer).post(reverse("actions:leads"), {"lead": kaiser.pk, "person": person.pk})
    kaiser.refresh_from_db()
    assert kaiser.person == person
    assert AuditEvent.objects.filter(verb="named_lead.linked").exists()
    assert client.get(update_url).status_code == 200
    assert "Action 1" in client.get(reverse("actions:mine")).content.decode()


def test_linking_to_a_person_not_in_the_list_is_refused(
    plan: ActionPlan, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    kaiser = NamedLead.objects.create(authority=plan.strategy.authority, name="A Kaiser")
    response = client_for(officer).post(
        reverse("actions:leads"), {"lead": kaiser.pk, "person": "abc"}, follow=True
    )
    assert "Choose a person from the list" in response.content.decode()
    kaiser.refresh_from_db()
    assert kaiser.person is None


def test_the_actions_a_lead_may_update_are_exactly_their_actions(
    plan: ActionPlan, agency: Agency, other_agency: Agency, lead: Person
) -> None:
    """ "Leads this action" is one filter: the rule and "My actions" never disagree."""
    ours = _action(plan, agency, "1", None)
    theirs = _action(plan, other_agency, "2", None)
    named = _action(plan, other_agency, "3", None)
    named.leads.add(
        NamedLead.objects.create(authority=agency.authority, name="A Lead", person=lead)
    )
    may_update = {a for a in (ours, theirs, named) if lead.has_perm("actions.update_action", a)}
    assert may_update == set(my_actions(lead)) == {ours, named}
