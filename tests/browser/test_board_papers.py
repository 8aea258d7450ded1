"""The board's published minutes, read by anyone without signing in: found from the public
navigation, each page scanned with axe."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pledge.core.models import Authority, Person
from pledge.meetings import services
from pledge.meetings.models import Outcome, Session
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_anyone_reads_the_published_minutes(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    officer = Person.objects.get(email="officer@northfield.example")
    meeting = services.meeting_create(
        actor=officer,
        authority=Authority.objects.get(),
        title="Corporate Parenting Board",
        held_on=datetime.date(2026, 11, 12),
    )
    item = services.agenda_item_add(
        actor=officer, meeting=meeting, session=Session.ENGAGEMENT, title="Bus passes"
    )
    services.agenda_item_outcome(
        actor=officer,
        item=item,
        outcome=Outcome.DECISION,
        outcome_text="Free bus passes for care leavers up to 25",
    )
    services.minutes_save(
        actor=officer, meeting=meeting, minutes="The board met with the Children in Care Council."
    )
    services.minutes_publish(actor=officer, meeting=meeting, published=True)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Board papers", exact=True).click()  # the navigation's
    expect(page.get_by_role("heading", level=1)).to_contain_text("board papers")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Minutes of the meeting on 12 November 2026").click()
    expect(page.get_by_role("table", name="Each agenda item and its outcome")).to_contain_text(
        "Decision: Free bus passes for care leavers up to 25"
    )
    screenshot(page, "public-board-minutes")
    assert axe_violations(page) == []
