"""A plan or KPI file that names an archived agency never links to it: the preview says it is
archived, and the import is refused until the officer restores it or says which agency it is."""

from __future__ import annotations

import pytest
from django.utils import timezone

from boardfiles.kpis import parse_kpis
from boardfiles.plans import parse_plan
from boardfiles.tables import read_tables
from pledge.actions.selectors import new_agency_names, preview_rows
from pledge.actions.services import plan_import
from pledge.actions.tests.seeds import END, START
from pledge.core.errors import UserError
from pledge.core.models import Agency, AgencyKind
from pledge.core.selectors import AgencyMatcher
from pledge.scorecard.preview import kpi_rows
from pledge.strategy.models import Strategy

PLAN = b"Ref,Action,Who,By when\n1,Find every care leaver a mentor,Mentoring Service,March 2017\n"


@pytest.fixture
def archived(demo_strategy: Strategy) -> Agency:
    return Agency.objects.create(
        authority=demo_strategy.authority,
        name="Mentoring Service",
        short_name="MS",
        kind=AgencyKind.COUNCIL_DIRECTORATE,
        archived_at=timezone.now(),
    )


def _parsed(demo_strategy: Strategy, data: bytes = PLAN):
    return parse_plan(
        read_tables("plan.csv", data),
        plan_start=demo_strategy.starts_on,
        known_agencies=AgencyMatcher(demo_strategy.authority).names(),
    )


def test_the_matcher_never_matches_an_archived_agency(
    demo_strategy: Strategy, archived: Agency
) -> None:
    agencies = AgencyMatcher(demo_strategy.authority)
    assert agencies.get("mentoring service") is None
    assert agencies.get("MS") is None
    assert agencies.archived("Mentoring Service") == archived
    assert "Mentoring Service" in agencies.names()  # still read whole from a file


def test_the_plan_preview_says_the_agency_is_archived(
    demo_strategy: Strategy, archived: Agency
) -> None:
    parsed = _parsed(demo_strategy)
    (row,) = preview_rows(demo_strategy, parsed)
    assert row.agencies == [("Mentoring Service", "archived")]
    assert new_agency_names(demo_strategy, parsed) == ["Mentoring Service"]  # to be given one


def test_importing_a_plan_naming_an_archived_agency_is_refused_until_it_is_given_one(
    demo_strategy: Strategy, archived: Agency
) -> None:
    with pytest.raises(UserError, match="Mentoring Service is archived"):
        plan_import(
            actor=None,
            strategy=demo_strategy,
            title="Plan",
            parsed=_parsed(demo_strategy),
            starts_on=START,
            ends_on=END,
        )
    live = Agency.objects.live().filter(authority=demo_strategy.authority).first()
    assert live is not None
    plan = plan_import(
        actor=None,
        strategy=demo_strategy,
        title="Plan",
        parsed=_parsed(demo_strategy),
        agency_choices={"Mentoring Service": live.pk},
        starts_on=START,
        ends_on=END,
    )
    assert list(plan.actions.get().agencies.all()) == [live]


def test_a_kpi_led_by_an_archived_agency_is_left_without_a_lead(
    demo_strategy: Strategy, archived: Agency
) -> None:
    parsed = parse_kpis(
        read_tables(
            "kpis.csv", b"Measure,Lead agency\nCare leavers with a mentor,Mentoring Service\n"
        ),
        known_agencies=AgencyMatcher(demo_strategy.authority).names(),
    )
    (row,) = kpi_rows(demo_strategy.authority, parsed, None)
    assert row.agency is None
