"""The ready-made headline measures from outside the 903: added from their page, filled in
through one spreadsheet, and shown on the public headline data beside the 903's figures."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from pledge.core.errors import UserError
from pledge.core.models import Authority, Person, Role
from pledge.reports.headline import headline_figures
from pledge.scorecard import services
from pledge.scorecard.models import Kpi, Reading
from pledge.scorecard.ready_made import READY_MADE, figures_template
from pledge.scorecard.selectors import headline_from_files

D = datetime.date
pytestmark = pytest.mark.django_db


def filled(kpis: list[Kpi], on: datetime.date, values: dict[str, tuple[object, ...]]) -> bytes:
    """The template for `kpis`, with (value, numerator, denominator) typed in for some."""
    book = openpyxl.load_workbook(io.BytesIO(figures_template(kpis, on)))
    for row in book["Figures"].iter_rows(min_row=2):
        for cell, typed in zip(row[3:6], values.get(str(row[0].value), ()), strict=False):
            cell.value = typed
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_analyst_adds_the_measures_once(
    authority: Authority, make_person: Callable[..., Person], client_for: Callable[[Person], Client]
) -> None:
    analyst = client_for(make_person(Role.PERFORMANCE_ANALYST))
    response = analyst.post(reverse("scorecard:ready-made"), {"references": ["HD1", "HD11"]})
    assert response.status_code == 302
    added = {kpi.reference: kpi for kpi in Kpi.objects.all()}
    assert set(added) == {"HD1", "HD11"}
    assert (added["HD1"].headline_section, added["HD1"].unit) == ("reviews", "percentage")
    assert "statutory visit" in added["HD1"].description  # what to count goes with it
    page = analyst.get(reverse("scorecard:ready-made")).content.decode()
    assert 'value="HD1"' not in page  # not offered twice
    with pytest.raises(UserError, match="does not have yet"):
        services.kpis_add_ready_made(actor=None, authority=authority, references=["HD1"])


def test_the_template_filled_in_loads_its_figures_and_leaves_out_empty_rows(
    authority: Authority,
) -> None:
    services.kpis_add_ready_made(
        actor=None, authority=authority, references=[r.reference for r in READY_MADE]
    )
    kpis = list(headline_from_files(authority))
    assert [kpi.reference for kpi in kpis][:3] == ["HD1", "HD2", "HD3"]  # in the list's order
    data = filled(kpis, D(2026, 10, 15), {"HD1": (87.5, 245, 280), "HD11": (24.2,)})
    saved = services.figures_import(
        actor=None, authority=authority, filename="headline.xlsx", data=data
    )
    assert sorted((r.kpi.reference, r.period_end, r.value) for r in saved) == [
        ("HD1", D(2026, 9, 30), Decimal("87.5")),  # monthly: September, the last month ended
        ("HD11", D(2026, 3, 31), Decimal("24.2")),  # annual: the year to March
    ]
    assert Reading.objects.get(kpi__reference="HD1").numerator == 245


def test_the_headline_data_shows_them_beside_the_903_and_hides_small_numbers(
    authority: Authority,
) -> None:
    services.kpis_add_ready_made(actor=None, authority=authority, references=["HD2", "HD3"])
    kpis = list(headline_from_files(authority))
    data = filled(kpis, D(2026, 10, 15), {"HD2": (75.0, 3, 4), "HD3": (80.0, 32, 40)})
    services.figures_import(actor=None, authority=authority, filename="h.xlsx", data=data)

    def rows(public: bool) -> dict[str, str]:
        figures = headline_figures(authority, public=public)
        return {
            f"{section.title}: {row.title}": row.latest.shown
            for section in figures.sections
            for row in section.rows
            if row.source and row.latest
        }

    assert rows(public=False) == {
        "Reviews, visits and going missing: Missing episodes followed by a return home "
        "interview": "75.0%",
        "Health: Initial health assessments held within 20 working days of coming into care": (
            "80.0%"
        ),
    }
    # Three of four children: a figure of 1 to 5 children is not shown to the public, and the
    # rest are rounded as DfE rounds the 903's.
    assert set(rows(public=True).values()) == {"c", "80%"}
