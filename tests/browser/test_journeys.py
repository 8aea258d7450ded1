"""Journeys in a real browser, and an accessibility scan of every public page."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pledge.actions.tests.seeds import SEED_PLANS, import_seed
from pledge.core.models import Agency
from pledge.strategy.selectors import strategy_current
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DERBY = "derby_cic_care_leavers_eet_action_plan_2016-17"

PUBLIC_PAGES = [
    ("home", "/"),
    ("sign-in", "/sign-in/"),
    ("password-reset", "/password-reset/"),
    ("password-reset-sent", "/password-reset/sent/"),
    ("password-link-expired", "/password-reset/MQ/made-up-token/"),
    ("signed-out", "/signed-out/"),
    ("accessibility", "/accessibility/"),
    ("privacy", "/privacy/"),
    ("not-found", "/no-such-page/"),
    ("local-offer", "/local-offer/"),
    ("local-offer-print", "/local-offer/print/"),
    ("local-offer-age-error", "/local-offer/?age=nineteen"),
    ("local-offer-print-age-error", "/local-offer/print/?age=nineteen"),
]


@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_page_has_no_accessibility_violations(
    page: Page, live_server: LiveServer, demo: None, name: str, path: str
) -> None:
    page.goto(f"{live_server.url}{path}")
    screenshot(page, f"public-{name}")
    assert axe_violations(page) == []


def test_sign_in_errors_are_accessible_and_linked(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title("Error: Sign in - Northfield Corporate Parenting Board - Pledge")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your email address")
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    screenshot(page, "public-sign-in-errors")
    assert axe_violations(page) == []


def test_officer_creates_a_priority_maps_it_and_sees_it_on_the_strategy(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    base = live_server.url
    sign_in(page, base)
    screenshot(page, "dashboard")
    page.get_by_role("link", name="See its priorities and what they answer").click()
    page.get_by_role("button", name="Add a priority").click()

    page.get_by_role("button", name="Save").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    screenshot(page, "item-form-errors")

    page.get_by_label("Priority", exact=True).check()
    page.get_by_label("Reference").fill("7")
    page.get_by_label("Title").fill("Celebrating achievement")
    page.get_by_label("In plain words").fill("We will celebrate what you achieve.")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Celebrating achievement")
    page.get_by_label("4. Access to services").check()
    page.get_by_label("I have reviewed this mapping and it is right").check()
    screenshot(page, "item-map")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save mapping").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Mapping for 7")
    page.get_by_role("link", name="Northfield Corporate Parenting Strategy 2025 to 2028").click()
    priority = page.locator("#item-" + page.url.rsplit("#item-", 1)[-1])
    expect(priority).to_contain_text("Celebrating achievement")
    expect(priority).to_contain_text("Access to services")
    expect(priority).to_contain_text("Mapping reviewed")
    expect(page.get_by_text("No priority answers this principle")).to_have_count(0)
    screenshot(page, "strategy")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Principles", exact=True).click()
    expect(page.get_by_text("7 of 7 principles")).to_be_visible()
    screenshot(page, "principles")


def test_signed_in_pages_are_accessible(page: Page, live_server: LiveServer, demo: None) -> None:
    base = live_server.url
    sign_in(page, f"{base}", "admin@northfield.example")
    for name, path in [
        ("pledge", "/strategy/pledge/"),
        ("agencies", "/board/agencies/"),
        ("people", "/board/people/"),
        ("invite", "/board/people/invite/"),
    ]:
        page.goto(f"{base}{path}")
        screenshot(page, name)
        assert axe_violations(page) == [], name


@pytest.mark.shared
def test_officer_imports_a_word_plan_through_the_preview(
    page: Page, live_server: LiveServer, demo: None, tmp_path: Path
) -> None:
    base = live_server.url
    # Derby's plan with its "By whom" heading renamed, so the officer has a column to map.
    document = docx.Document(str(SEED_PLANS / f"{DERBY}.docx"))
    document.tables[0].rows[0].cells[3].text = "Accountable"
    plan_file = tmp_path / "derby-plan.docx"
    document.save(str(plan_file))
    sign_in(page, base)
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("button", name="Import a plan").click()
    page.get_by_role("button", name="Upload and preview").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the file")
    page.get_by_label("Plan file").set_input_files(str(plan_file))
    page.get_by_label("Title").fill("Derby EET action plan 2016 to 2017")
    page.get_by_label("First day of the plan").fill("1/4/2016")
    page.get_by_label("Last day of the plan").fill("31/3/2017")
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the plan before importing")
    expect(page).to_have_title(re.compile("^Error: "))
    page.get_by_label("What does the column \u201cAccountable\u201d hold?").select_option(
        label="Who is responsible"
    )
    page.get_by_role("button", name="Use these columns").click()
    expect(page.get_by_text("Some columns need you")).to_have_count(0)
    expect(page.get_by_text('"216" read as 2016')).to_be_visible()
    screenshot(page, "plan-import-preview")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import 14 actions").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("14 actions")
    expect(page.get_by_text("Every June and November from June 2016")).to_be_visible()
    screenshot(page, "plan")
    assert axe_violations(page) == []
    for name, path in [("named-leads", "/plans/leads/"), ("all-actions", "/plans/actions/")]:
        page.goto(f"{base}{path}")
        screenshot(page, name)
        assert axe_violations(page) == [], name


@pytest.mark.shared
def test_agency_lead_posts_updates_to_several_actions_at_once(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    base = live_server.url
    _import_derby_as_trust_actions()
    sign_in(page, base, "lead.trust@northfield.example")
    page.get_by_role("link", name="My actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    first, second = page.locator("fieldset").nth(0), page.locator("fieldset").nth(1)
    first.get_by_label("Status").select_option(label="In progress")
    first.get_by_label("Delivery RAG").select_option(label="Red")
    second.get_by_label("Status").select_option(label="In progress")
    second.get_by_label("Delivery RAG").select_option(label="Green")
    second.get_by_label("Commentary").fill("The scheme has its first two apprentices.")
    page.get_by_role("button", name="Post updates").click()  # the red one has no commentary

    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the action is rated Red")
    screenshot(page, "my-actions-errors")
    first = page.locator("fieldset").nth(0)
    first.get_by_label("Commentary").fill("The provider has withdrawn; we are re-tendering.")
    page.get_by_role("button", name="Post updates").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 updates posted")
    screenshot(page, "my-actions")
    assert axe_violations(page) == []


def _import_derby_as_trust_actions() -> None:
    """The Derby plan, with its actions given to the trust the demo's agency lead leads for."""
    strategy = strategy_current()
    assert strategy is not None
    plan = import_seed(f"{DERBY}.docx", strategy)
    trust = Agency.objects.get(name="Northfield Children's Trust")
    for action in plan.actions.all():
        action.agencies.add(trust)
