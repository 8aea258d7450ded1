"""The signed-in home page shows each person what is theirs to do: updates asked of them, their
overdue actions, the figures they enter that are due, and the exceptions for the board."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledge.actions.models import Action, ActionPlan
from pledge.core.models import Agency, AgencyKind, Authority, Person, Role
from pledge.meetings.models import Meeting, MeetingStatus
from pledge.scorecard.tests.factories import KpiFactory
from pledge.strategy.tests.factories import StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(authority: Authority) -> Agency:
    return Agency.objects.create(authority=authority, name="NHS Eastshire", kind=AgencyKind.NHS)


@pytest.fixture
def plan(authority: Authority) -> ActionPlan:
    strategy = StrategyFactory.create(authority=authority)
    return ActionPlan.objects.create(
        strategy=strategy, title="Plan", starts_on=strategy.starts_on, ends_on=strategy.ends_on
    )


def _action(
    plan: ActionPlan, agency: Agency, text: str, days: int, *, asked: bool = False
) -> Action:
    action = Action.objects.create(
        plan=plan,
        text=text,
        due_kind="date",
        due_date=timezone.localdate() + datetime.timedelta(days=days),
        update_requested_at=timezone.now() if asked else None,
    )
    action.agencies.add(agency)
    return action


def _home(client: Client) -> str:
    return client.get(reverse("reports:dashboard")).content.decode()


def test_an_agency_lead_sees_updates_asked_of_them_and_their_overdue_actions(
    plan: ActionPlan,
    agency: Agency,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    lead = make_person(Role.AGENCY_LEAD, lead_agencies=[agency])
    _action(plan, agency, "Run the health drop-in", -10)
    _action(plan, agency, "Send the passports", 20, asked=True)
    _action(plan, agency, "Plan next year", 90)
    other = Agency.objects.create(authority=agency.authority, name="Other", kind=AgencyKind.NHS)
    _action(plan, other, "Not theirs", -10)
    page = _home(client_for(lead))
    assert "Updates asked of you (1)" in page
    assert "Your actions past their deadline (1)" in page
    assert "Run the health drop-in" in page
    assert "Send the passports" in page
    assert "Plan next year" not in page
    assert "Not theirs" not in page
    assert "For the board" not in page  # exceptions are for those who answer for the board


def test_figures_due_are_shown_to_whoever_enters_them(
    authority: Authority,
    agency: Agency,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    long_ago = timezone.now() - datetime.timedelta(days=400)
    theirs = KpiFactory.create(authority=authority, name="Dental checks", lead_agency=agency)
    KpiFactory.create(authority=authority, name="Attainment 8")
    type(theirs).objects.update(created_at=long_ago)  # set up before the period now due
    lead = make_person(Role.AGENCY_LEAD, lead_agencies=[agency])
    page = _home(client_for(lead))
    assert "Figures for you to enter (1)" in page
    assert "Dental checks" in page
    assert "Attainment 8" not in page
    analyst_page = _home(client_for(make_person(Role.PERFORMANCE_ANALYST)))
    assert "Figures for you to enter (2)" in analyst_page


def test_board_members_see_the_exceptions_and_overdue_actions(
    plan: ActionPlan,
    agency: Agency,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    _action(plan, agency, "Run the health drop-in", -10)
    page = _home(client_for(make_person(Role.BOARD_MEMBER)))
    assert "For the board" in page
    assert "1 overdue action" in page


def test_words_for_young_people_waiting_are_shown_to_those_who_approve_them(
    plan: ActionPlan,
    agency: Agency,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    action = _action(plan, agency, "Run the health drop-in", 30)
    action.plain_text = "You can see a nurse without booking."
    action.save()
    for role in (Role.BOARD_OFFICER, Role.PARTICIPATION_WORKER):
        page = _home(client_for(make_person(role)))
        assert "1 text waiting for you to approve" in page, role
    assert "waiting for you to approve" not in _home(client_for(make_person(Role.AGENCY_LEAD)))


def test_nothing_to_do_is_said_plainly(
    make_person: Callable[..., Person], client_for: Callable[[Person], Client]
) -> None:
    assert "Nothing is waiting for you today" in _home(client_for(make_person(Role.ADMINISTRATOR)))


def test_the_next_meeting_is_on_everyones_home_page(
    authority: Authority, make_person: Callable[..., Person], client_for: Callable[[Person], Client]
) -> None:
    soon = timezone.localdate() + datetime.timedelta(days=7)
    Meeting.objects.create(authority=authority, held_on=soon, place="Council House")
    Meeting.objects.create(authority=authority, held_on=soon - datetime.timedelta(days=1),
                           status=MeetingStatus.CANCELLED)  # fmt: skip
    page = _home(client_for(make_person(Role.AGENCY_LEAD)))
    assert "Next board meeting: " in page
    assert f"{soon:%A %-d %B %Y}</a>, Council House" in page
