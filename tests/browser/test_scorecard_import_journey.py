"""Importing into the scorecard in a real browser: an officer imports a board's KPIs from its
own papers (a Word measures list, an Excel KPI framework) through the preview; an analyst loads
a team's figures from a spreadsheet; a board member reads the KPI framework; anyone reads the
public headline data. Every page state scanned with axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from pledge.scorecard import services
from pledge.scorecard.models import Kpi, KpiUpload, Reading
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
PLANS = SHARED / "plans"
COMPARATORS = SHARED / "comparators"


def test_officer_imports_kpis_from_the_boards_papers(
    page: Page, live_server: LiveServer, demo_with_scorecard: None, tmp_path: Path
) -> None:
    base = live_server.url
    kpis_before = Kpi.objects.count()
    sign_in(page, base, "officer@northfield.example")
    page.get_by_role("link", name="Scorecard").click()
    page.get_by_role("link", name="Import KPIs from a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import KPIs from a file")

    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("link", name="Choose the file that holds the KPIs")).to_be_visible()
    assert axe_violations(page) == []

    # Cheshire East's scorecard measures, from the Word paper: a preview, nothing saved yet.
    page.get_by_label("KPI file").set_input_files(
        PLANS / "cheshire_east_scorecard_measures_2015-17.docx"
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the KPIs before importing")
    expect(page.get_by_text("cheshire_east_scorecard_measures_2015-17.docx")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("37")
    kpis = page.get_by_role("table", name="Every KPI in the file, as it will be saved")
    expect(kpis.locator("tbody tr")).to_have_count(37)
    expect(
        kpis.get_by_role("row").filter(has_text="“less than 10% (currently 12%)”")
    ).to_have_count(1)
    assert Kpi.objects.count() == kpis_before
    screenshot(page, "scorecard-kpi-import-cheshire")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Import 37 KPIs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard")
    expect(page.get_by_text("37 KPIs imported from cheshire_east_scorecard_measures_2015-17.docx")).to_be_visible()
    assert Kpi.objects.count() == kpis_before + 37
    assert not KpiUpload.objects.exists()
    screenshot(page, "tmp-scorecard-after-import")
    assert axe_violations(page) == []

    # A file that holds no measures: said at once, and nothing to import.
    other = tmp_path / "contacts.csv"
    other.write_text("Name,Address\nA Smith,1 High Street\n")
    page.get_by_role("link", name="Import KPIs from a file").click()
    page.get_by_label("KPI file").set_input_files(other)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="This file cannot be imported yet")).to_be_visible()
    expect(page.get_by_role("button", name="Import", exact=False)).to_have_count(0)
    screenshot(page, "tmp-no-measures")
    assert axe_violations(page) == []

    # Lancashire's KPI framework, from Excel: its preview, left unconfirmed.
    page.get_by_role("link", name="Back").click()
    page.get_by_label("KPI file").set_input_files(PLANS / "lancashire_eet_kpi_framework.xlsx")
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the KPIs before importing")
    screenshot(page, "scorecard-kpi-import-lancashire")
    assert axe_violations(page) == []
