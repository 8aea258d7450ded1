"""Reminders in a real browser: an officer asks for an update by email, and the lead chooses
when their digest comes and sees what it would list."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pledge.actions.models import Action
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_asks_for_an_update_and_the_lead_sets_their_reminders(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    action = Action.objects.get(reference="3.1", plan__title__startswith="Action plan 2026")
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/plans/actions/{action.pk}/")
    page.get_by_role("radio", name="Email them now").check()
    screenshot(page, "action-request-update")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Request an update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Update requested for 3.1: emailed to Grace Mensah"
    )
    (email,) = mail.outbox
    assert email.to == ["lead.trust@northfield.example"]
    assert "3.1 Recruit 20 more foster carers" in str(email.body)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "lead.trust@northfield.example")
    page.get_by_role("link", name="Your reminders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reminders")
    # The update asked by email just now is not repeated; the action due soon is listed.
    expect(
        page.get_by_role("heading", name="Actions due in the next two weeks (1)")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Updates asked of you (1)")).to_have_count(0)
    page.get_by_role("radio", name="Every other week").check()
    page.get_by_label("On which day?").select_option(label="Friday")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your reminders are set")
    expect(page.get_by_role("radio", name="Every other week")).to_be_checked()
    # What was sent to them, and that it went.
    expect(
        page.get_by_role("listitem").filter(has_text="Update requested (1 thing)")
    ).to_contain_text("Sent")
    screenshot(page, "reminders-mine")
    assert axe_violations(page) == []
