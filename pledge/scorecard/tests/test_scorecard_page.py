"""The scorecard as a board reads it: as it stood at a quarter's end, for one priority or lead
agency, with how many KPIs stand at each rating; and the exceptions with overdue actions."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledge.actions.models import Action, ActionPlan
from pledge.core.models import Agency, AgencyKind, Authority, Person, Role
from pledge.scorecard.models import Kpi, Reading
from pledge.scorecard.selectors import status_of
from pledge.scorecard.tests.factories import KpiFactory
from pledge.strategy.tests.factories import StrategyFactory, StrategyItemFactory

pytestmark = pytest.mark.django_db
Q1, Q2 = datetime.date(2026, 6, 30), datetime.date(2026, 9, 30)


def _figure(kpi: Kpi, period_end: datetime.date, value: str) -> None:
    Reading.objects.create(
        kpi=kpi,
        period_start=period_end.replace(day=1),
        period_end=period_end,
        value=Decimal(value),
        source="manual",
        entered_at=timezone.now(),
    )


@pytest.fixture
def board(make_person: Callable[..., Person], client_for: Callable[[Person], Client]) -> Client:
    return client_for(make_person(Role.BOARD_MEMBER))


def test_a_status_as_at_a_day_uses_the_figures_held_for_periods_by_then(
    authority: Authority,
) -> None:
    kpi = KpiFactory.create(authority=authority)
    _figure(kpi, Q1, "11")
    _figure(kpi, Q2, "22")
    assert status_of(kpi, Q1).latest.value == 11  # type: ignore[union-attr]
    assert status_of(kpi, Q2).latest.value == 22  # type: ignore[union-attr]


def test_the_scorecard_as_at_a_quarter_end_shows_that_quarters_figure(
    board: Client, authority: Authority
) -> None:
    kpi = KpiFactory.create(authority=authority, name="Visits on time")
    _figure(kpi, Q1, "417")
    _figure(kpi, Q2, "523")
    then = board.get(reverse("scorecard:scorecard"), {"as_at": "30/6/2026"}).content.decode()
    assert ">417<" in then
    assert ">523<" not in then
    assert "1 KPI as at 30 June 2026" in then
    assert "Today's whole scorecard" in then


def test_a_date_that_is_not_one_is_said_so(board: Client, authority: Authority) -> None:
    page = board.get(reverse("scorecard:scorecard"), {"as_at": "31/2/2026"}).content.decode()
    assert "Enter the date as a real date, like 31/3/2026" in page


def test_the_scorecard_for_one_lead_agency_or_priority(board: Client, authority: Authority) -> None:
    nhs = Agency.objects.create(authority=authority, name="NHS Eastshire", kind=AgencyKind.NHS)
    school = Agency.objects.create(
        authority=authority, name="Virtual School", kind=AgencyKind.COUNCIL_DIRECTORATE
    )
    strategy = StrategyFactory.create(authority=authority)
    health = StrategyItemFactory.create(strategy=strategy, title="Health")
    checks = StrategyItemFactory.create(strategy=strategy, parent=health, title="Checks")
    teeth = KpiFactory.create(authority=authority, name="Dental checks", lead_agency=nhs)
    teeth.priorities.add(checks)  # under Health
    KpiFactory.create(authority=authority, name="Attainment 8", lead_agency=school)
    url = reverse("scorecard:scorecard")

    by_agency = board.get(url, {"agency": nhs.pk}).content.decode()
    assert "Dental checks" in by_agency
    assert "Attainment 8" not in by_agency
    by_priority = board.get(url, {"priority": health.pk}).content.decode()
    assert "Dental checks" in by_priority
    assert "Attainment 8" not in by_priority
    assert "1 KPI as at" in by_priority


def test_the_scorecard_counts_kpis_by_rating(board: Client, authority: Authority) -> None:
    KpiFactory.create_batch(3, authority=authority)
    page = board.get(reverse("scorecard:scorecard")).content.decode()
    assert "3 KPIs as at" in page
    assert "How many KPIs stand at each rating" in page


def test_the_exceptions_list_overdue_actions(board: Client, authority: Authority) -> None:
    strategy = StrategyFactory.create(authority=authority)
    plan = ActionPlan.objects.create(
        strategy=strategy, title="Plan", starts_on=strategy.starts_on, ends_on=strategy.ends_on
    )
    late = Action.objects.create(
        plan=plan, reference="4.2", text="Open the drop-in", due_kind="date",
        due_date=timezone.localdate() - datetime.timedelta(days=30),
    )  # fmt: skip
    Action.objects.create(
        plan=plan, reference="4.3", text="Write the leaflet", due_kind="date",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    page = board.get(reverse("scorecard:exceptions")).content.decode()
    assert "Overdue actions" in page
    assert f'href="{reverse("actions:action", kwargs={"pk": late.pk})}"' in page
    assert "Write the leaflet" not in page
