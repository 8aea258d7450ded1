"""Importing into the scorecard in a real browser: an officer imports a board's KPIs from its
own papers (a Word measures list, an Excel KPI framework) through the preview; an analyst loads
a team's figures from a spreadsheet; a board member reads the KPI framework; anyone reads the
public headline data. Every page state scanned with axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from pledge.scorecard.models import Kpi, KpiUpload, Reading
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.shared import PLANS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.shared
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
    kpis = _preview(page, PLANS / "cheshire_east_scorecard_measures_2015-17.docx")
    expect(page.locator(".govuk-summary-list__row").first).to_have_text(
        re.compile(r"KPIs found\s+37\s*$")
    )
    expect(kpis.locator("tbody tr")).to_have_count(37)
    expect(
        kpis.get_by_role("row").filter(has_text="“less than 10% (currently 12%)”")
    ).to_have_count(1)
    assert Kpi.objects.count() == kpis_before
    screenshot(page, "scorecard-kpi-import-cheshire")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Import 37 KPIs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard")
    expect(
        page.get_by_text("37 KPIs imported from cheshire_east_scorecard_measures_2015-17.docx")
    ).to_be_visible()
    assert Kpi.objects.count() == kpis_before + 37
    assert not KpiUpload.objects.exists()
    imported = page.get_by_role("row").filter(
        has=page.get_by_role(
            "link", name="The number of C&YP placed within 20 miles of their home."
        )
    )
    expect(imported).to_have_count(1)
    expect(imported).to_contain_text("No figures yet")
    assert axe_violations(page) == []

    # A file that holds no measures: said at once, and nothing to import.
    other = tmp_path / "contacts.csv"
    other.write_text("Name,Address\nA Smith,1 High Street\n")
    page.get_by_role("link", name="Import KPIs from a file").click()
    page.get_by_label("KPI file").set_input_files(other)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="This file cannot be imported yet")).to_be_visible()
    expect(page.get_by_role("button", name="Import", exact=False)).to_have_count(0)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(
        page.get_by_role("link", name=re.compile("contacts.csv: We could not find a header row"))
    ).to_be_visible()
    assert KpiUpload.objects.count() == 1  # kept for the preview, never imported
    assert axe_violations(page) == []

    # Lancashire's KPI framework, from Excel: its preview, left unconfirmed.
    page.get_by_role("link", name="Back").click()
    kpis = _preview(page, PLANS / "lancashire_eet_kpi_framework.xlsx")
    expect(kpis).to_contain_text("Northfield Virtual School")  # its lead agency, matched
    rows = kpis.locator("tbody tr").count()
    assert rows > 30
    expect(page.get_by_role("button", name=f"Import {rows} KPIs")).to_be_visible()
    screenshot(page, "scorecard-kpi-import-lancashire")
    assert axe_violations(page) == []
    assert Kpi.objects.count() == kpis_before + 37


def _preview(page: Page, path: Path) -> Locator:
    """Upload a KPI file from the upload page; the preview's table of KPIs."""
    page.get_by_label("KPI file").set_input_files(path)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the KPIs before importing")
    expect(page.locator(".govuk-caption-l")).to_have_text(path.name)
    return page.get_by_role("table", name="Every KPI in the file, as it will be saved")


def test_analyst_loads_figures_from_a_spreadsheet(
    page: Page, live_server: LiveServer, demo_with_scorecard: None, tmp_path: Path
) -> None:
    base = live_server.url
    readings_before = Reading.objects.count()
    sign_in(page, base, "analyst@northfield.example")
    page.get_by_role("link", name="Scorecard").click()
    page.get_by_role("link", name="Load figures from a spreadsheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Load KPI figures from a spreadsheet")
    expect(page.get_by_text("KPIs whose figures come from spreadsheets: L2 ")).to_be_visible()

    mixed = tmp_path / "leaving-care-contact.csv"
    mixed.write_text("KPI,Period,Value\nL2,Q1 2026/27,96\nL2,sometime,3\n")
    page.get_by_label("File").set_input_files(mixed)
    page.get_by_role("button", name="Upload and check").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be loaded")
    problems = page.get_by_role("table", name="Rows that stop the file loading")
    expect(problems.locator("tbody tr")).to_have_count(1)
    expect(problems.locator("tbody tr td")).to_have_text(
        [re.compile("Row 3"), re.compile("period", re.I), re.compile('"sometime" is not a period')]
    )
    expect(page.get_by_role("button", name=re.compile("^Load"))).to_have_count(0)
    assert Reading.objects.count() == readings_before  # all rows or none
    screenshot(page, "scorecard-figures-import-problems")
    assert axe_violations(page) == []

    page.get_by_role("link", name="upload it again").click()
    good = tmp_path / "leaving-care-contact-fixed.csv"
    good.write_text("KPI,Period,Value\nL2,Q1 2026/27,96\n")
    page.get_by_label("File").set_input_files(good)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the figures before loading them"
    )
    figures = page.get_by_role("table", name="Every figure in the file, as it will be loaded")
    expect(figures.locator("tbody tr")).to_have_count(1)
    assert Reading.objects.count() == readings_before
    screenshot(page, "scorecard-figures-preview")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Load 1 figure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scorecard")
    expect(page.get_by_text("1 figure loaded from leaving-care-contact-fixed.csv")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^L2 ")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Care leavers aged 17 to 21 the leaving care team is in touch with"
    )
    figure = (
        page.get_by_role("table", name="Figures")
        .get_by_role("row")
        .filter(has_text="1 Apr 2026 to 30 Jun 2026")
        .filter(has_text="leaving-care-contact-fixed.csv")
    )
    expect(figure).to_contain_text("96")
    expect(figure).to_contain_text("CSV import")
    assert axe_violations(page) == []


def test_board_member_reads_the_framework_and_anyone_the_headline_data(
    page: Page, live_server: LiveServer, demo_with_scorecard: None
) -> None:
    base = live_server.url
    sign_in(page, base, "member@northfield.example")
    page.get_by_role("link", name="Scorecard").click()
    page.get_by_role("link", name="KPI framework: actions and both RAGs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("KPI framework")
    first = page.get_by_role("table").first
    for column in ("KPI lead agency", "Actions to meet the KPI", "RAG on progress", "RAG on KPI"):
        expect(first.get_by_role("columnheader", name=column)).to_be_visible()
    l2 = page.get_by_role("row").filter(has=page.get_by_role("link", name=re.compile("^L2 ")))
    expect(l2.get_by_role("cell")).to_have_text(
        [
            re.compile("^L2 Care leavers aged 17 to 21"),
            "Northfield Council Children's Services",
            "No actions linked",
            "No progress reported",
            "Not rated",
            re.compile("Close to target"),
        ]
    )
    screenshot(page, "scorecard-framework")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Headline data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Headline data")
    first = page.get_by_role("table").first
    for column in (
        "Northfield, latest",
        "A year before",
        "England",
        "West Midlands",
        "Statistical neighbours' average",
    ):
        expect(first.get_by_role("columnheader", name=column)).to_be_visible()
    expect(page.get_by_role("table", name="Children in care")).to_be_visible()
    screenshot(page, "scorecard-headline")
    assert axe_violations(page) == []
