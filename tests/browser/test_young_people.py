"""The young person's version in a real browser: a young person on a phone, signed out, reads the
pledge and the plan, sees what has been done and finds what they can get; an officer writes an
action in plain words, sees its reading age as they type, and approves it."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import (
    assert_accessible_on_a_phone,
    axe_violations,
    screenshot,
    sign_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE_WIDTH = 375


def assert_reads_in_order(page: Page) -> None:
    """A screen reader's view: the banner, one main with the page's only h1 first, headings
    that never skip a level, the footer; and nothing wider than the phone."""
    for landmark in ("banner", "main", "contentinfo"):
        expect(page.get_by_role(landmark)).to_have_count(1)
    levels = page.locator("main").evaluate(
        """main => [...main.querySelectorAll("h1, h2, h3, h4, h5, h6")]
                   .map(h => Number(h.tagName[1]))"""
    )
    assert levels[0] == 1, page.url
    assert levels.count(1) == 1, page.url
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, page.url


def look_at(phone: Page, browser: Browser, name: str) -> None:
    """Keep a picture of the page, and check it reads in order and is accessible."""
    screenshot(phone, name)
    assert_reads_in_order(phone)
    assert_accessible_on_a_phone(browser, phone.url)


def test_a_young_person_reads_the_pledge_and_the_plan_and_finds_a_bursary(
    phone: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    phone.goto(f"{live_server.url}/")
    phone.get_by_role("main").get_by_role("link", name="our pledge to you").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Our pledge to you")
    expect(phone.get_by_text("We will make sure you are cared for with warmth")).to_be_visible()
    # The promise the officer has not approved yet is not there; the board's formal words never.
    expect(phone.get_by_text("We will involve you in every decision")).to_have_count(0)
    expect(phone.get_by_text("We need more love in the care system")).to_have_count(0)
    done = phone.get_by_role("heading", name="What we have done so far")
    expect(done).to_be_visible()
    expect(
        phone.get_by_text("Care leavers no longer pay council tax until they are 25.")
    ).to_be_visible()
    look_at(phone, browser, "phone-our-pledge")

    phone.get_by_role("link", name="Read our plan and how it is going").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Our plan for you")
    priority = phone.locator(
        "section", has=phone.get_by_role("heading", name="Preparation for adulthood")
    )
    expect(priority).to_contain_text(
        "We will keep 10 apprenticeships a year just for care leavers."
    )
    expect(priority).to_contain_text("Doing now")
    expect(priority).to_contain_text("Done")  # the status in words, beside its colour
    look_at(phone, browser, "phone-our-plan")

    phone.get_by_role("link", name="See what we have done").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("What we have done")
    expect(phone.get_by_role("main").get_by_role("listitem")).to_have_count(6)
    expect(phone.get_by_text("We opened a drop-in where you can see a nurse")).to_be_visible()
    look_at(phone, browser, "phone-what-we-have-done")

    # The Local Offer, as a young person types: misspelt, then in everyday words.
    phone.get_by_role("link", name="Our pledge to you").first.click()
    phone.get_by_role("main").get_by_role("link", name="Local Offer").click()
    phone.get_by_label("How old are you?").fill("19")
    phone.get_by_label("Search").fill("bursery")
    phone.get_by_role("button", name="Show what you can get").click()
    results = phone.locator("#results")
    expect(results).to_have_text("2 things found for “bursery” at 19")
    expect(phone.get_by_role("link", name="Higher education bursary")).to_be_visible()
    expect(phone.get_by_role("link", name="Apprenticeship bursary")).to_be_visible()
    expect(phone.get_by_role("link", name="16 to 19 bursary")).to_have_count(0)  # not at 19
    # After searching, the results are in view, not below the form.
    assert results.evaluate("heading => heading.getBoundingClientRect().top") < 812
    look_at(phone, browser, "phone-local-offer-bursery")

    phone.get_by_label("Search").fill("money")
    phone.get_by_role("button", name="Show what you can get").click()
    for title in (
        "Higher education bursary",
        "Apprenticeship bursary",
        "Setting up home allowance",
    ):
        expect(phone.get_by_role("link", name=title)).to_be_visible()
    look_at(phone, browser, "phone-local-offer-money")

    phone.get_by_role("link", name="Setting up home allowance").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Setting up home allowance")
    look_at(phone, browser, "phone-local-offer-allowance")


def test_an_officer_writes_plain_words_sees_the_reading_age_and_approves_them(
    page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/strategy/plain-words/?show=attention")
    expect(page.get_by_role("heading", level=1)).to_have_text("Words for young people")
    row = page.get_by_role("row").filter(has_text="Action 3.3")
    expect(row).to_contain_text("No plain words yet")
    assert axe_violations(page) == []
    row.get_by_role("link").click()

    words = page.get_by_label("In plain words")
    readout = page.locator(".pledge-reading-age")
    expect(readout).to_contain_text("Write something to see its reading age")
    # As they type: too hard first, then plain.
    words.fill(
        "Placements will be commissioned within reasonable geographical proximity of the "
        "child's community, wherever appropriate and consistent with safeguarding considerations."
    )
    expect(readout).to_contain_text("harder than the board's aim of 9 or under")
    expect(readout).to_contain_text("“geographical”")
    words.fill("We will try to find you a home near your school and friends.")
    expect(readout).to_contain_text("within the board's aim of 9 or under")
    screenshot(page, "plain-words-reading-age")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()

    page.goto(f"{live_server.url}/strategy/plain-words/?show=attention")
    row = page.get_by_role("row").filter(has_text="Action 3.3")
    expect(row).to_contain_text("Waiting for approval")
    screenshot(page, "plain-words")
    row.get_by_role("button", name="Approve").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("approved and public")

    page.goto(f"{live_server.url}/our-pledge/plan/")
    expect(
        page.get_by_text("We will try to find you a home near your school and friends.")
    ).to_be_visible()
