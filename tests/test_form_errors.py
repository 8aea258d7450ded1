"""Guard: every form sent empty explains what to fix in a GOV.UK error summary, saving nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

import pytest
from django.test import Client
from django.urls import reverse
from markupsafe import escape

from pledge.core.models import AuditEvent, Person, Role
from tests.test_permissions_matrix import MATRIX

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
    ("actions:mine", {}, Role.AGENCY_LEAD, "Change at least one action's status or RAG"),
    ("scorecard:kpi-create", {}, Role.BOARD_OFFICER, "Enter what the KPI measures"),
    ("scorecard:kpi-edit", {"pk": "kpi"}, Role.BOARD_OFFICER, "Enter what the KPI measures"),
    ("scorecard:kpi-upload", {}, Role.BOARD_OFFICER, "Choose the file that holds the KPIs"),
    ("scorecard:target-set", {"pk": "kpi"}, Role.BOARD_OFFICER, "Enter the date the target"),
    ("scorecard:reading-enter", {"pk": "kpi"}, Role.BOARD_OFFICER, "Enter the last day of the"),
    ("comparators:import", {}, Role.PERFORMANCE_ANALYST, "Choose the file"),
    ("scorecard:figures-import", {}, Role.PERFORMANCE_ANALYST, "Choose the file"),
    ("returns:loads", {}, Role.PERFORMANCE_ANALYST, "Choose the file"),
    ("returns:postcodes", {}, Role.PERFORMANCE_ANALYST, "Choose the file"),
    ("scorecard:ready-made", {}, Role.PERFORMANCE_ANALYST, "Choose at least one measure to add"),
    ("meetings:create", {}, Role.BOARD_OFFICER, "Enter the date of the meeting"),
    ("meetings:edit", {"pk": "meeting"}, Role.BOARD_OFFICER, "Enter the meeting's title"),
    ("meetings:cancel", {"pk": "meeting"}, Role.BOARD_OFFICER, "Say why the meeting is cancelled"),
    ("meetings:attendee-add", {"pk": "meeting"}, Role.BOARD_OFFICER, "Enter the person's name"),
    ("meetings:item-create", {"pk": "meeting"}, Role.BOARD_OFFICER, "Enter the item's title"),
    ("meetings:item-edit", {"pk": "agenda_item"}, Role.BOARD_OFFICER, "Choose the session"),
    ("meetings:item-outcome", {"pk": "agenda_item"}, Role.BOARD_OFFICER, "Choose what the board"),
    ("meetings:paper-add", {"pk": "agenda_item"}, Role.BOARD_OFFICER, "Choose the paper to attach"),
    ("reports:packs", {}, Role.BOARD_OFFICER, "Enter the day the period ends"),
    ("reminders:mine", {}, Role.AGENCY_LEAD, "Select how often you want your reminders"),
    ("voice_public:have_your_say", {}, None, "Write what you want to tell us"),
    ("voice:you_said_new", {}, Role.PARTICIPATION_WORKER, "Write what young people said"),
    ("voice:you_said", {"pk": "you_said"}, Role.PARTICIPATION_WORKER, "Write what young people"),
    ("voice:review", {"pk": "flagged_message"}, Role.PARTICIPATION_WORKER, "Choose whether"),
    ("voice:groups", {}, Role.PARTICIPATION_WORKER, "Enter the group's name"),
    ("voice:group", {"pk": "group"}, Role.PARTICIPATION_WORKER, "Enter the group's name"),
    ("voice:phrases", {}, Role.PARTICIPATION_WORKER, "Enter the words to look for"),
    ("voice:rounds", {}, Role.PARTICIPATION_WORKER, "Enter the round's name"),
    ("voice:surveys", {}, Role.PARTICIPATION_WORKER, "Choose the file"),
    ("voice:survey", {"pk": "survey_upload"}, Role.PARTICIPATION_WORKER, "Choose the column"),
    ("voice:round", {"pk": "check_round"}, Role.PARTICIPATION_WORKER, "Enter the round's name"),
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


# Pages with a form that is not filled in, so has nothing to explain when sent empty: why.
NOT_FILLED_IN = {
    "sign-out": "a button",
    "plainwords:list": "buttons: approve or withdraw each text's words",
    "agency-archive": "a confirmation; its reason is optional",
    "strategy:archive": "a confirmation; its reason is optional",
    "strategy:item-archive": "a confirmation; its reason is optional",
    "strategy:promise-archive": "a confirmation; its reason is optional",
    "offer:entry-archive": "a confirmation; its reason is optional",
    "strategy:item-map": "checkboxes, where none ticked is a choice",
    "actions:import-preview": "buttons for each step: map columns, match agencies, import",
    "scorecard:kpi-import": "a confirmation of the preview",
    "scorecard:figures-preview": "a confirmation of the preview",
    "comparators:preview": "a confirmation of the preview",
    "returns:load": "two buttons: store or discard",
    "meetings:meeting": "buttons: take a person off the list, move or take off an agenda item",
    "meetings:archive": "a confirmation; its reason is optional",
    "meetings:minutes": "the minutes, where none is a choice (a draft cleared)",
    "reports:pack": "a button: publish the pack, or stop publishing it",
    "voice:message": "buttons: answer it, or take it out of the inbox",
}
POST_FORM = re.compile(r'<form\b[^>]*\bmethod="post"[^>]*>', re.IGNORECASE)


def test_every_page_with_a_form_is_checked_above(
    records: dict[str, int],
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    """Found, not listed: each page is opened as a role that may, and a form that posts
    anywhere but signing out must be in FORMS (or NOT_FILLED_IN, with why)."""
    covered = {row[0] for row in FORMS} | set(NOT_FILLED_IN)
    clients: dict[Role, Client] = {}
    unchecked = []
    for name, kwargs, method, allowed in MATRIX:
        if method != "get":
            continue
        role = min(allowed)
        client = clients.setdefault(role, client_for(make_person(role)))
        by_record = cast(dict[str, object], kwargs)
        url = reverse(name, kwargs={k: records.get(str(v), v) for k, v in by_record.items()})
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue  # a download
        forms = POST_FORM.findall(response.content.decode())
        if any("sign-out" not in tag for tag in forms) and name not in covered:
            unchecked.append(name)
    assert unchecked == [], ", ".join(unchecked)
