"""Importing DfE's published figures in a real browser: an analyst uploads an EES CSV from the
comparators page, checks the preview (nothing saved until the button is pressed) and imports it;
a file with a figure that cannot be read shows its problems and no button. Every page state
scanned with axe. The figures are invented and written here: no ../shared needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from pledge.comparators.models import ComparatorImport, ComparatorUpload, ComparatorValue
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,new_la_code,old_la_code,la_name,cla_31_march_count,care_leavers_in_touch_percent"
)
AREAS = {
    "England": "National,E92000001,England,,,,,",
    "West Midlands": "Regional,E92000001,England,E12000005,West Midlands,,,",
    "Northfield": "Local authority,E92000001,England,E12000005,West Midlands,E06000999,999,"
    "Northfield",
    "Dudley": "Local authority,E92000001,England,E12000005,West Midlands,E08000027,332,Dudley",
}
# Invented figures: children looked after on 31 March, care leavers the council is in touch with.
FIGURES = {
    ("2024", "England"): ("83530", "91"),
    ("2024", "West Midlands"): ("11840", "90"),
    ("2024", "Northfield"): ("412", "93"),
    ("2024", "Dudley"): ("701", "88"),
    ("2025", "England"): ("81770", "92"),
    ("2025", "West Midlands"): ("11560", "89"),
    ("2025", "Northfield"): ("398", "95"),
    ("2025", "Dudley"): ("688", "c"),
}


def _ees_csv(path: Path, figures: dict[tuple[str, str], tuple[str, str]] = FIGURES) -> Path:
    """An EES-format CSV (wide: one column per measure) of `figures`, written to `path`."""
    rows = [
        f'{period},Reporting year,{AREAS[area]},"{count}",{percent}'
        for (period, area), (count, percent) in figures.items()
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def _upload(page: Page, path: Path) -> None:
    """Send a file of published figures from the comparators page."""
    page.get_by_label("Published figures file").set_input_files(path)
    page.get_by_role("button", name="Upload and check").click()


def _summary(page: Page, key: str) -> Locator:
    """The value beside `key` in the preview's summary list."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=key)
    )
    return row.locator(".govuk-summary-list__value")


def test_analyst_checks_then_imports_published_figures(
    page: Page, live_server: LiveServer, demo_with_scorecard: None, tmp_path: Path
) -> None:
    base = live_server.url
    held = ComparatorValue.objects.count()
    sign_in(page, base, "analyst@northfield.example")
    page.get_by_role("link", name="Scorecard").click()
    page.get_by_role("link", name="Import comparators").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import published comparators")

    _upload(page, _ees_csv(tmp_path / "cla_national_regional_la.csv"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the published figures before importing them"
    )
    expect(page.locator(".govuk-caption-l")).to_have_text("cla_national_regional_la.csv")
    # The demo holds DfE's cla_31_march_count for these four areas in both years: 8 of the
    # 16 figures replace those; the percentages are new.
    expect(_summary(page, "Figures")).to_have_text(
        re.compile(r"^\s*16, of which 8 replace figures already held\s*$")
    )
    expect(_summary(page, "Measures").get_by_role("listitem")).to_have_text(
        ["cla_31_march_count", "care_leavers_in_touch_percent"]
    )
    expect(_summary(page, "Areas")).to_have_text(
        re.compile(r"^\s*England, West Midlands and 2 councils\s*$")
    )
    expect(_summary(page, "Years")).to_have_text(re.compile(r"^\s*2024 and 2025\s*$"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert ComparatorValue.objects.count() == held  # a preview: nothing saved yet
    assert not ComparatorImport.objects.filter(filename="cla_national_regional_la.csv").exists()
    screenshot(page, "comparators-preview")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Import 16 figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import published comparators")
    expect(
        page.get_by_text("16 published figures imported from cla_national_regional_la.csv")
    ).to_be_visible()
    assert ComparatorValue.objects.count() == held + 8  # 8 new, 8 replaced
    source = ComparatorImport.objects.get(filename="cla_national_regional_la.csv")
    northfield = ComparatorValue.objects.get(
        measure="cla_31_march_count", area_code="E06000999", period="2025"
    )
    assert (northfield.value, northfield.source) == (398, source)
    dudley = ComparatorValue.objects.get(
        measure="care_leavers_in_touch_percent", area_code="E08000027", period="2025"
    )
    assert (dudley.value, dudley.symbol) == (None, "c")
    assert not ComparatorUpload.objects.exists()  # the kept file let go once imported
    assert axe_violations(page) == []


def test_a_figure_that_cannot_be_read_stops_the_import(
    page: Page, live_server: LiveServer, demo_with_scorecard: None, tmp_path: Path
) -> None:
    base = live_server.url
    held = ComparatorValue.objects.count()
    sign_in(page, base, "analyst@northfield.example")
    page.get_by_role("link", name="Scorecard").click()
    page.get_by_role("link", name="Import comparators").click()

    garbled = FIGURES | {("2025", "Dudley"): ("12,3x", "c")}
    _upload(page, _ees_csv(tmp_path / "cla_garbled.csv", garbled))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the published figures before importing them"
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This file cannot be imported yet")
    expect(
        summary.get_by_role("link", name=re.compile(r"^Row 9: 12,3x is not a number"))
    ).to_be_visible()
    problems = page.get_by_role("table", name="Figures that stop the import")
    expect(problems.locator("tbody tr")).to_have_count(1)
    expect(problems.locator("tbody tr td")).to_have_text(
        ["Row 9", "cla_31_march_count", "12,3x", re.compile("is not a number or an EES symbol")]
    )
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    expect(page.get_by_role("link", name="upload it again")).to_be_visible()
    assert ComparatorValue.objects.count() == held
    screenshot(page, "comparators-preview-problems")
    assert axe_violations(page) == []
