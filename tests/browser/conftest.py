"""Playwright driving Debian's Chromium against the live test server.

Playwright's own browser download is not available here: the project installs Debian's chromium
(scripts/install-system-packages) and these tests use it directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from config.env import BASE_DIR
from pledge.demo import DEMO_PASSWORD, load_demo

# What the data migrations make, which a transactional test's flush takes away.
DATA_MIGRATIONS = [
    import_module("pledge.strategy.migrations.0002_corporate_parenting_principles").add_principles,
    import_module("pledge.offer.migrations.0002_local_offer_taxonomies").add_taxonomies,
]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = BASE_DIR / "build" / "axe.min.js"
# Set SCREENSHOTS_DIR (make screenshots) to keep pictures of the pages the journeys visit.
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are ordinary synchronous calls, so Django's async-safety guard does not apply.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


_CSP_VIOLATIONS: dict[int, list[str]] = {}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = csp_violations(page)
    yield page
    context.close()
    del _CSP_VIOLATIONS[id(page)]
    # Every page every journey visits keeps to the Content-Security-Policy (core/middleware.py).
    assert violations == []


def csp_violations(page: Page) -> list[str]:
    """What the browser reports refusing under the Content-Security-Policy, as it happens: one
    list per page, so a test and the `page` fixture see (and may clear) the same."""
    if id(page) in _CSP_VIOLATIONS:
        return _CSP_VIOLATIONS[id(page)]
    seen: list[str] = _CSP_VIOLATIONS.setdefault(id(page), [])
    page.on(
        "console",
        lambda message: (
            seen.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return seen


def screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def axe_violations(page: Page) -> list[dict[str, object]]:
    """WCAG 2.2 A and AA violations that axe-core (pinned in package.json) finds on the page."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    # govern: a <script> tag added with axe's source inline would be refused, rightly.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
             values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


@pytest.fixture
def demo(live_server: LiveServer) -> None:
    """The Northfield demo board, on the live server's database (its scorecard left out: it
    works out an invented 903 return, which only the scorecard journey needs)."""
    _data_migrations()
    load_demo(log=lambda _: None, scorecard=False)


@pytest.fixture
def demo_with_scorecard(live_server: LiveServer) -> None:
    _data_migrations()
    load_demo(log=lambda _: None)


def _data_migrations() -> None:
    # A transactional test's database is flushed after each test, taking what the data
    # migrations made with it: put it back the way the migrations do.
    for add in DATA_MIGRATIONS:
        add(django_apps, None)


def sign_in(page: Page, base: str, email: str = "officer@northfield.example") -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Northfield Corporate Parenting Board"
    )


# Young people's pages on a phone -----------------------------------------------------------


def new_phone(browser: Browser, *, javascript: bool) -> Page:
    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        locale="en-GB",
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A 375 px wide phone with JavaScript off: every public page must work without it."""
    page = new_phone(browser, javascript=False)
    yield page
    page.context.close()


def assert_accessible_on_a_phone(browser: Browser, url: str) -> None:
    """axe needs JavaScript, which the journey's phone has off: scan the same page on another."""
    page = new_phone(browser, javascript=True)
    page.goto(url)
    assert axe_violations(page) == [], url
    page.context.close()
