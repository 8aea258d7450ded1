"""The Local Offer in a real browser: a young person on a phone, and an officer keeping it right."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import assert_accessible_on_a_phone, axe_violations, screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_young_person_on_a_phone_finds_what_they_can_get_at_19(
    phone: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    phone.goto(f"{live_server.url}/")
    phone.get_by_role("link", name="Local Offer", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Care leavers' Local Offer")
    screenshot(phone, "phone-local-offer")

    phone.get_by_label("How old are you?").fill("nineteen")
    phone.get_by_role("button", name="Show what you can get").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Enter your age as a number")
    assert_accessible_on_a_phone(browser, phone.url)

    phone.get_by_label("How old are you?").fill("19")
    phone.get_by_role("button", name="Show what you can get").click()
    expect(phone).to_have_title(
        "What you can get at 19 - Northfield Corporate Parenting Board - Pledge"
    )
    results = phone.locator("#results")
    expect(results).to_contain_text("you can get at 19")
    expect(phone.get_by_role("heading", name="Accommodation", level=2)).to_be_visible()
    # 16 to 18s only: not for a 19-year-old.
    expect(phone.get_by_role("link", name="16 to 19 bursary")).to_have_count(0)
    screenshot(phone, "phone-local-offer-at-19")
    assert_accessible_on_a_phone(browser, phone.url)
    # Nothing wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    phone.get_by_role("link", name="Higher education bursary").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Higher education bursary")
    expect(phone.get_by_text("£2,000 (two thousand pounds)")).to_be_visible()
    expect(phone.get_by_text("Statutory entitlement")).to_be_visible()
    screenshot(phone, "phone-local-offer-entry")
    assert_accessible_on_a_phone(browser, phone.url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_an_officer_checks_an_overdue_entry_and_changes_another(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    base = live_server.url
    sign_in(page, base)
    page.get_by_role("link", name="Local Offer").click()
    due = page.locator("ul.govuk-list--bullet")
    expect(due).to_contain_text("Driving lessons")
    screenshot(page, "local-offer-manage")
    assert axe_violations(page) == []

    due.get_by_role("link", name="Driving lessons").click()
    page.get_by_role("button", name="Mark as checked").click()
    page.get_by_role("button", name="Mark as checked today").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as checked today")
    expect(page.locator(".govuk-summary-list").last).to_contain_text("Priya Shah")

    page.get_by_role("button", name="Change").click()
    page.get_by_label("Oldest age").fill("16")  # younger than its youngest, 17
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Oldest age must be the same as or more than youngest age"
    )
    screenshot(page, "local-offer-entry-form-errors")
    assert axe_violations(page) == []
    page.get_by_label("Oldest age").fill("25")
    page.get_by_label("Reason for the change").fill("The council now pays until 26")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Driving lessons updated")
    history = page.locator("section", has=page.locator("#history-heading"))
    expect(history).to_contain_text("Why: The council now pays until 26")
    screenshot(page, "local-offer-entry-detail")
