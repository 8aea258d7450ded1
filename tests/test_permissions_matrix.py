"""Every role against every view: who may open each page, and who is refused (403)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from pledge.core.models import Person, Role
from tests.test_login_required import PUBLIC, ROUTES

ALL = frozenset(Role)
OFFICER = frozenset({Role.BOARD_OFFICER})
ADMIN = frozenset({Role.ADMINISTRATOR})
OFFICER_OR_ADMIN = OFFICER | ADMIN
DATA = OFFICER | {Role.PERFORMANCE_ANALYST}
VOICE = OFFICER | {Role.PARTICIPATION_WORKER}

# (url name, keyword arguments by record, method, roles allowed)
MATRIX = [
    ("reports:dashboard", {}, "get", ALL),
    ("sign-out", {}, "post", ALL),
    ("board-settings", {}, "get", OFFICER_OR_ADMIN),
    ("agencies", {}, "get", ALL),
    ("agency", {"pk": "agency"}, "get", ALL),
    ("agency-create", {}, "get", OFFICER_OR_ADMIN),
    ("agency-edit", {"pk": "agency"}, "get", OFFICER_OR_ADMIN),
    ("agency-archive", {"pk": "agency"}, "get", OFFICER_OR_ADMIN),
    ("people", {}, "get", ADMIN),
    ("person-invite", {}, "get", ADMIN),
    ("person", {"pk": "person"}, "get", ADMIN),
    ("person-edit", {"pk": "person"}, "get", ADMIN),
    ("person-unlock", {"pk": "person"}, "post", ADMIN),
    ("strategy:list", {}, "get", ALL),
    ("strategy:create", {}, "get", OFFICER),
    ("strategy:detail", {"pk": "strategy"}, "get", ALL),
    ("strategy:edit", {"pk": "strategy"}, "get", OFFICER),
    ("strategy:archive", {"pk": "strategy"}, "get", OFFICER),
    ("strategy:item-create", {"pk": "strategy"}, "get", OFFICER),
    ("strategy:item", {"pk": "item"}, "get", ALL),
    ("strategy:item-edit", {"pk": "item"}, "get", OFFICER),
    ("strategy:item-map", {"pk": "item"}, "get", OFFICER),
    ("strategy:item-move", {"pk": "item"}, "post", OFFICER),
    ("strategy:item-archive", {"pk": "item"}, "get", OFFICER),
    ("strategy:principles", {}, "get", ALL),
    ("strategy:principle", {"number": 1}, "get", ALL),
    ("strategy:pledge", {}, "get", ALL),
    ("strategy:promise-create", {}, "get", OFFICER),
    ("strategy:promise", {"pk": "promise"}, "get", ALL),
    ("strategy:promise-edit", {"pk": "promise"}, "get", OFFICER),
    ("strategy:promise-move", {"pk": "promise"}, "post", OFFICER),
    ("strategy:promise-archive", {"pk": "promise"}, "get", OFFICER),
    ("plainwords:list", {}, "get", ALL),
    (
        "plainwords:approve",
        {"kind": "pledgepromise", "pk": "promise"},
        "post",
        OFFICER | {Role.PARTICIPATION_WORKER},
    ),
    ("reading-age", {}, "post", ALL),
    ("reminders:mine", {}, "get", ALL),
    ("reminders:log", {}, "get", OFFICER_OR_ADMIN),
    ("actions:plans", {}, "get", ALL),
    ("actions:plan", {"pk": "plan"}, "get", ALL),
    ("actions:export", {"pk": "plan", "extension": "xlsx"}, "get", ALL),
    ("actions:action", {"pk": "action"}, "get", ALL),
    ("actions:actions", {}, "get", ALL),
    ("actions:mine", {}, "get", OFFICER | {Role.AGENCY_LEAD}),
    ("actions:action-update", {"pk": "action"}, "get", OFFICER | {Role.AGENCY_LEAD}),
    ("actions:action-edit", {"pk": "action"}, "get", OFFICER),
    ("actions:evidence", {"pk": "evidence"}, "get", ALL),
    ("actions:leads", {}, "get", OFFICER),
    ("actions:action-chase", {"pk": "action"}, "post", OFFICER),
    ("actions:import", {}, "get", OFFICER),
    ("actions:import-preview", {"pk": "upload"}, "get", OFFICER),
    ("scorecard:scorecard", {}, "get", ALL),
    ("scorecard:exceptions", {}, "get", ALL),
    ("scorecard:framework", {}, "get", ALL),
    ("meetings:list", {}, "get", ALL),
    ("meetings:create", {}, "get", OFFICER),
    ("meetings:meeting", {"pk": "meeting"}, "get", ALL),
    ("meetings:edit", {"pk": "meeting"}, "get", OFFICER),
    ("meetings:cancel", {"pk": "meeting"}, "get", OFFICER),
    ("meetings:archive", {"pk": "meeting"}, "get", OFFICER),
    ("meetings:attendee-add", {"pk": "meeting"}, "get", OFFICER),
    ("meetings:attendee-remove", {"pk": "attendee"}, "post", OFFICER),
    ("meetings:item-create", {"pk": "meeting"}, "get", OFFICER),
    ("meetings:item-edit", {"pk": "agenda_item"}, "get", OFFICER),
    ("meetings:item-outcome", {"pk": "agenda_item"}, "get", OFFICER),
    ("meetings:item-move", {"pk": "agenda_item"}, "post", OFFICER),
    ("meetings:item-remove", {"pk": "agenda_item"}, "post", OFFICER),
    ("meetings:minutes", {"pk": "meeting"}, "get", OFFICER),
    ("meetings:paper-add", {"pk": "agenda_item"}, "get", OFFICER),
    ("meetings:paper", {"pk": "paper"}, "get", ALL),
    ("meetings:paper-remove", {"pk": "paper"}, "post", OFFICER),
    ("reports:packs", {}, "get", ALL),
    ("reports:pack", {"pk": "pack"}, "get", ALL),
    ("reports:pack-file", {"pk": "pack", "audience": "board", "kind": "pdf"}, "get", ALL),
    ("reports:pack-publish", {"pk": "pack"}, "post", OFFICER),
    ("scorecard:kpi", {"pk": "kpi"}, "get", ALL),
    ("scorecard:kpi-create", {}, "get", DATA),
    ("scorecard:kpi-edit", {"pk": "kpi"}, "get", DATA),
    ("scorecard:kpi-upload", {}, "get", DATA),
    ("scorecard:kpi-import", {"pk": "kpi_upload"}, "get", DATA),
    ("scorecard:figures-preview", {"pk": "figures_upload"}, "get", DATA),
    ("comparators:preview", {"pk": "comparator_upload"}, "get", DATA),
    ("scorecard:target-set", {"pk": "kpi"}, "get", DATA),
    ("scorecard:reading-enter", {"pk": "kpi"}, "get", DATA | {Role.AGENCY_LEAD}),
    ("comparators:import", {}, "get", DATA),
    ("scorecard:figures-import", {}, "get", DATA),
    ("scorecard:figures-template", {}, "get", DATA),
    ("scorecard:ready-made", {}, "get", DATA),
    ("returns:loads", {}, "get", DATA),
    ("returns:postcodes", {}, "get", DATA),
    ("returns:load", {"pk": "load"}, "get", DATA),
    ("returns:load-report", {"pk": "load"}, "get", DATA),
    ("returns:load-decide", {"pk": "load"}, "post", DATA),
    ("offer:manage", {}, "get", ALL),
    ("offer:entry-create", {}, "get", OFFICER),
    ("offer:entry-detail", {"pk": "entry"}, "get", ALL),
    ("offer:entry-edit", {"pk": "entry"}, "get", OFFICER),
    ("offer:entry-check", {"pk": "entry"}, "get", OFFICER),
    ("offer:entry-archive", {"pk": "entry"}, "get", OFFICER),
    ("offer:locations", {}, "get", ALL),
    ("offer:location-create", {}, "get", OFFICER),
    ("offer:location-edit", {"pk": "location"}, "get", OFFICER),
    ("voice:home", {}, "get", ALL),
    ("voice:message", {"pk": "message"}, "get", VOICE),
    ("voice:you_said_new", {}, "get", VOICE),
    ("voice:you_said", {"pk": "you_said"}, "get", ALL),
    ("voice:you_said_move", {"pk": "you_said"}, "post", VOICE),
    ("voice:safeguarding", {}, "get", VOICE),
    ("voice:review", {"pk": "flagged_message"}, "get", VOICE),
    ("voice:groups", {}, "get", VOICE),
    ("voice:group", {"pk": "group"}, "get", VOICE),
    ("voice:phrases", {}, "get", VOICE),
    ("voice:phrase_remove", {"pk": "phrase"}, "post", VOICE),
    ("voice:surveys", {}, "get", VOICE),
    ("voice:survey", {"pk": "survey_upload"}, "get", VOICE),
    ("voice:rounds", {}, "get", ALL),
    ("voice:round", {"pk": "check_round"}, "get", ALL),
]


def test_the_matrix_covers_every_signed_in_page() -> None:
    assert {name for name, _ in ROUTES} - PUBLIC == {row[0] for row in MATRIX}


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "allowed"), MATRIX, ids=[row[0] for row in MATRIX]
)
def test_role_against_view(
    role: Role,
    name: str,
    kwargs: dict[str, object],
    method: str,
    allowed: frozenset[Role],
    records: dict[str, int],
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    client = client_for(make_person(role))
    url = reverse(name, kwargs={k: records.get(str(v), v) for k, v in kwargs.items()})
    response = getattr(client, method)(url)
    if role in allowed:
        assert response.status_code in {200, 302}, f"{role} should reach {name}"
    else:
        assert response.status_code == 403, f"{role} should be refused {name}"
        assert b"You do not have permission" in response.content
