"""Changing an action: its words, priority, principles, agencies, leads and "By when"."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pledge.actions.models import Action, ActionPlan, NamedLead
from pledge.core.models import Agency, AuditEvent, Person
from pledge.strategy.models import Principle
from pledge.strategy.tests.factories import StrategyFactory, StrategyItemFactory


@pytest.fixture
def action(agency: Agency) -> Action:
    strategy = StrategyFactory.create(authority=agency.authority)
    plan = ActionPlan.objects.create(
        strategy=strategy,
        title="Plan",
        starts_on=datetime.date(2016, 4, 1),
        ends_on=datetime.date(2017, 3, 31),
    )
    return Action.objects.create(
        plan=plan,
        reference="12",
        text="Report to providers",
        due_kind="date",
        due_text="March 216",
        due_date=datetime.date(2016, 3, 31),
        due_needs_confirmation=True,
        due_note='Check this date: "216" read as 2016.',
    )


@pytest.fixture
def client(officer: Person, client_for: Callable[[Person], Client]) -> Client:
    return client_for(officer)


def _post(client: Client, action: Action, **data: object) -> Any:
    values = {"text": action.text, "reference": action.reference, "due_text": action.due_text}
    return client.post(reverse("actions:action-edit", kwargs={"pk": action.pk}), values | data)


def test_officer_confirms_a_flagged_date(client: Client, action: Action) -> None:
    page = client.get(reverse("actions:action-edit", kwargs={"pk": action.pk})).content.decode()
    assert "read as 2016" in page
    _post(client, action, due_confirmed="on", reason="Checked with Derby")
    action.refresh_from_db()
    assert not action.due_needs_confirmation
    assert action.due_date == datetime.date(2016, 3, 31)
    event = AuditEvent.objects.get(verb="action.edited")
    assert event.changes["due_needs_confirmation"] == [True, False]
    assert event.reason == "Checked with Derby"


def test_officer_maps_principles_agencies_and_leads(
    client: Client, action: Action, agency: Agency
) -> None:
    item = StrategyItemFactory.create(strategy=action.plan.strategy)
    principle = Principle.objects.get(number=7)
    _post(
        client,
        action,
        priority=item.pk,
        principles=[principle.pk],
        agencies=[agency.pk],
        new_leads="A Kaiser / CiC Team Managers",
    )
    action.refresh_from_db()
    assert action.priority == item
    assert list(action.principles.all()) == [principle]
    assert list(action.agencies.all()) == [agency]
    assert sorted(str(lead) for lead in action.leads.all()) == ["A Kaiser", "CiC Team Managers"]
    assert NamedLead.objects.count() == 2


def test_a_new_by_when_is_read_again(client: Client, action: Action) -> None:
    _post(client, action, due_text="Every June and November from June 2016")
    action.refresh_from_db()
    assert action.due.months == (6, 11)


def test_a_by_when_that_cannot_be_read_is_explained(client: Client, action: Action) -> None:
    html = _post(client, action, due_text="when we can").content.decode()
    assert "We could not read" in html
    action.refresh_from_db()
    assert action.due_text == "March 216"


def test_editing_an_action_whose_date_is_not_flagged(
    client: Client, plan: ActionPlan, agency: Agency
) -> None:
    action = Action.objects.create(
        plan=plan, reference="1", text="Report to providers", due_kind="ongoing", due_text="ongoing"
    )
    action.agencies.set([agency])
    response = client.post(
        reverse("actions:action-edit", kwargs={"pk": action.pk}),
        {"text": "A clearer action", "due_text": "April 2027"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_date == datetime.date(2027, 4, 30)


def test_officer_writes_an_action_in_plain_words_and_sees_its_reading_age(
    client: Client, action: Action
) -> None:
    words = "We will tell the people who look after you what they need to know."
    _post(client, action, plain_text=words, due_confirmed="on")
    action.refresh_from_db()
    assert action.plain_text == words
    assert action.plain_approved == ""  # written, not yet approved for young people
    event = AuditEvent.objects.get(verb="action.edited")
    assert event.changes["plain_text"] == ["", words]
    page = client.get(reverse("actions:action-edit", kwargs={"pk": action.pk})).content.decode()
    assert "<strong>Reading age 8</strong>: within the board's aim of 9 or under" in page
    detail = client.get(reverse("actions:action", kwargs={"pk": action.pk})).content.decode()
    assert "Waiting for approval" in detail
