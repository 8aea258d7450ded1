"""Guard: every form sent empty explains what to fix in a GOV.UK error summary, saving nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from markupsafe import escape

from pledge.core.models import AuditEvent, Person, Role

# (url name, kwargs by record, role that may use it, a message the empty form must show)
FORMS = [
    ("sign-in", {}, None, "Enter your email address"),
    ("password-reset", {}, None, "Enter your email address"),
    ("board-settings", {}, Role.BOARD_OFFICER, "Enter the board's name"),
    ("agency-create", {}, Role.BOARD_OFFICER, "Enter the agency's name"),
    ("agency-edit", {"pk": "agency"}, Role.BOARD_OFFICER, "Enter the agency's name"),
    ("person-invite", {}, Role.ADMINISTRATOR, "Enter their email address"),
    ("person-edit", {"pk": "person"}, Role.ADMINISTRATOR, "Enter their full name"),
    ("strategy:create", {}, Role.BOARD_OFFICER, "Enter the strategy's title"),
    ("strategy:edit", {"pk": "strategy"}, Role.BOARD_OFFICER, "Enter the date the strategy starts"),
    ("strategy:item-create", {"pk": "strategy"}, Role.BOARD_OFFICER, "Enter a reference"),
    ("strategy:item-edit", {"pk": "item"}, Role.BOARD_OFFICER, "Select whether it is a priority"),
    ("strategy:promise-create", {}, Role.BOARD_OFFICER, "Enter the promise"),
    ("actions:import", {}, Role.BOARD_OFFICER, "Choose the file that holds the plan"),
    ("actions:action-edit", {"pk": "action"}, Role.BOARD_OFFICER, "Enter the action"),
    ("actions:action-update", {"pk": "action"}, Role.BOARD_OFFICER, "Select the action's status"),
    ("strategy:promise-edit", {"pk": "promise"}, Role.BOARD_OFFICER, "Enter the promise's number"),
    ("offer:entry-create", {}, Role.BOARD_OFFICER, "Enter what it is, written to young people"),
    ("offer:entry-edit", {"pk": "entry"}, Role.BOARD_OFFICER, "Select at least one area"),
    ("offer:entry-check", {"pk": "entry"}, Role.BOARD_OFFICER, "Enter the date to check it again"),
    ("offer:location-create", {}, Role.BOARD_OFFICER, "Enter the postcode"),
    ("offer:location-edit", {"pk": "location"}, Role.BOARD_OFFICER, "Enter the place's name"),
]


@pytest.mark.parametrize(("name", "kwargs", "role", "message"), FORMS, ids=[f[0] for f in FORMS])
def test_empty_form_is_explained_and_nothing_is_saved(
    name: str,
    kwargs: dict[str, str],
    role: Role | None,
    message: str,
    records: dict[str, int],
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    client = client_for(make_person(role)) if role else Client()
    events = AuditEvent.objects.count()
    response = client.post(reverse(name, kwargs={k: records[v] for k, v in kwargs.items()}), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary"' in html
    assert escape(message) in html
    assert AuditEvent.objects.count() == events
