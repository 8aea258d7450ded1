"""Young people's voice in a real browser: a young person with no account, on a phone with
JavaScript off, says something and rates the pledge; a participation worker answers it and
publishes it; the public page shows it with its actions' live progress."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.browser.test_young_people import look_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SAID = "The bus to college costs too much, can care leavers get a free pass?"


def test_a_young_person_is_heard_and_sees_what_was_done(
    phone: Page, page: Page, browser: Browser, live_server: LiveServer, demo: None
) -> None:
    phone.goto(f"{live_server.url}/")
    phone.get_by_role("main").get_by_role("link", name="Have your say").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Have your say")
    expect(phone.get_by_text("Call 999.")).to_be_visible()
    look_at(phone, browser, "phone-have-your-say")

    phone.get_by_role("button", name="Send").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Write what you want to tell us")
    phone.get_by_label("What do you want to tell us?").fill(SAID)
    phone.get_by_label("Your name").fill("Kai")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    look_at(phone, browser, "phone-have-your-say-sent")

    phone.goto(f"{live_server.url}/pledge-check/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("How well do we keep our promises?")
    first = phone.get_by_role("group", name="We will make sure you are cared for with warmth")
    first.get_by_label("Mostly").check()
    phone.get_by_role("group", name="We will treat you as the individual you are").get_by_label(
        "Always"
    ).check()
    look_at(phone, browser, "phone-pledge-check")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you for your answers")

    _a_worker_answers_and_an_officer_publishes(page, browser, live_server.url)

    phone.goto(f"{live_server.url}/you-said-we-did/")
    said = phone.locator("article", has_text=SAID)
    expect(said).to_contain_text("We are working on it")
    expect(said).to_contain_text("We are asking the bus company")
    expect(said).to_contain_text("you will have your own adviser at the Jobcentre")
    expect(said).to_contain_text("Done")
    said.scroll_into_view_if_needed()
    look_at(phone, browser, "phone-you-said-we-did")


def _a_worker_answers_and_an_officer_publishes(page: Page, browser: Browser, base: str) -> None:
    """The participation worker answers it and links the action that answers it; the board
    officer reads it as young people will and publishes it."""
    sign_in(page, base, "participation@northfield.example")
    page.get_by_role("link", name="Young people", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Young people")
    assert axe_violations(page) == []
    page.get_by_role("link", name=SAID[:60]).click()
    page.get_by_role("button", name="Answer it as “You said”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record what young people said")
    page.get_by_role("group", name="Which promises is it about?").get_by_label(
        "6. The impacts of the care experience"
    ).check()
    page.get_by_label("We are working on it").check()
    page.get_by_label("What did we do? (“We did”)").fill(
        "We are asking the bus company for a free pass for every care leaver at college."
    )
    page.get_by_role("group", name="Which actions answer it?").get_by_label(
        re.compile(r"\b5\.2 ")
    ).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved as a draft")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)  # someone else does

    # The board officer reads it as young people will, and publishes it.
    officer = browser.new_page()
    sign_in(officer, base)
    officer.goto(page.url)
    officer.get_by_role("button", name="Publish").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Published")
    screenshot(officer, "you-said-published")
    assert axe_violations(officer) == []
    officer.context.close()
