"""The scorecard in a real browser: an analyst loads a 903 return, reads the report and stores
it; a board member reads the scorecard and drills into a KPI. Every page scanned with axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from analytics.synthetic import generate
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_analyst_loads_a_903_and_a_board_member_reads_the_scorecard(
    page: Page, live_server: LiveServer, demo_with_scorecard: None, tmp_path: Path
) -> None:
    base = live_server.url
    (folder,) = generate(tmp_path, children=60, years=1, last_year=2026, seed=11)
    episodes = folder / "2026" / "episodes.csv"
    lines = episodes.read_text().splitlines()
    fields = lines[1].split(",")
    fields[3] = "ZZ"  # a legal status that does not exist, on the file's second line
    lines[1] = ",".join(fields)
    episodes.write_text("\n".join(lines) + "\n")

    sign_in(page, base, "analyst@northfield.example")
    page.get_by_role("link", name="Scorecard").click()
    page.get_by_role("link", name="Load the 903 return").click()
    page.get_by_role("button", name="Check the files").click()
    expect(page.get_by_role("link", name="Choose the file")).to_be_visible()  # error summary
    assert axe_violations(page) == []

    page.get_by_label("Files").set_input_files(sorted((folder / "2026").iterdir()))
    page.get_by_role("button", name="Check the files").click()
    expect(
        page.get_by_role("link", name="Enter the collection year these files are for")
    ).to_be_visible()
    page.get_by_label("Files").set_input_files(sorted((folder / "2026").iterdir()))
    page.get_by_label("Collection year, by the year it ends").fill("2026")
    page.get_by_role("button", name="Check the files").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Checked: waiting for confirmation")
    report = page.get_by_role("table", name="Each problem with its file and row")
    expect(report).to_contain_text("2026/episodes.csv")
    expect(report).to_contain_text("ZZ")
    screenshot(page, "scorecard-903-report")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Store the indicators").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicators stored")
    expect(page.get_by_text("The children's rows have been deleted")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "member@northfield.example")
    page.get_by_role("link", name="Scorecard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard")
    expect(page.get_by_role("table", name="3 Safeguarding and stability")).to_contain_text(
        "less than 10% (currently 12%)"
    )
    screenshot(page, "scorecard")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Exceptions").click()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Children with three or more placements in a year").first.click()
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect(page.get_by_role("table", name="Figures")).to_contain_text("SSDA903 return")
    screenshot(page, "scorecard-kpi")
    assert axe_violations(page) == []
