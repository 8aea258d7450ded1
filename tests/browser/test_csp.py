"""The Content-Security-Policy in a real browser: the main pages load without the browser
refusing anything, and GOV.UK Frontend's scripts (the nonce'd inline one, init.mjs) still run."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import csp_violations, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLIC = ["/", "/sign-in/", "/accessibility/", "/local-offer/", "/no-such-page/"]
SIGNED_IN = [
    "/board/",
    "/strategy/",
    "/strategy/principles/",
    "/strategy/pledge/",
    "/plans/",
    "/plans/mine/",
    "/scorecard/",
    "/local-offer/manage/",
    "/board/agencies/",
    "/board/people/",
]


def _visit(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # Set by the inline script, which runs only with this response's nonce...
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')"), url
    # ...and GOV.UK Frontend's JavaScript, loaded by init.mjs, started the skip link.
    assert page.locator("[data-govuk-skip-link-init]").count() == 1, url


def test_main_pages_report_no_csp_violations(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    violations = csp_violations(page)
    for path in PUBLIC:
        _visit(page, f"{live_server.url}{path}")
    sign_in(page, live_server.url)
    for path in SIGNED_IN:
        _visit(page, f"{live_server.url}{path}")
    assert violations == []


def test_an_inline_script_without_the_nonce_is_refused(
    page: Page, live_server: LiveServer, demo: None
) -> None:
    """The check above can see a violation: the browser enforces the policy it is sent."""
    violations = csp_violations(page)
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = true"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected === undefined")
    assert any("Content Security Policy" in v for v in violations)
    violations.clear()  # seen on purpose: the page fixture's own check must not fail the test
