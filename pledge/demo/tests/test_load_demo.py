"""The demo board loads through the services and a second load changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from boardfiles.rag import Rag
from pledge.core.models import Agency, AuditEvent, Person, Role
from pledge.demo import PEOPLE, load_demo
from pledge.demo.local_offer import ENTRIES
from pledge.demo.scorecard import KPIS
from pledge.offer.models import AREAS, ENTITLEMENT_TYPES, LocalOfferEntry
from pledge.returns.models import IndicatorValue
from pledge.scorecard.ready_made import READY_MADE
from pledge.scorecard.selectors import kpi_statuses
from pledge.strategy.models import PledgePromise, StrategyItem
from pledge.strategy.selectors import principle_coverage, strategy_current


@pytest.mark.django_db
def test_demo_has_everyone_and_a_second_load_changes_nothing() -> None:
    load_demo(log=lambda _: None)
    counts = (
        Person.objects.count(),
        Agency.objects.count(),
        StrategyItem.objects.count(),
        PledgePromise.objects.count(),
        LocalOfferEntry.objects.count(),
        AuditEvent.objects.count(),
    )
    load_demo(log=lambda _: None)
    assert counts == (
        Person.objects.count(),
        Agency.objects.count(),
        StrategyItem.objects.count(),
        PledgePromise.objects.count(),
        LocalOfferEntry.objects.count(),
        AuditEvent.objects.count(),
    )
    roles = {role for person in Person.objects.all() for role in person.roles}
    assert roles == set(Role)
    assert len(PEOPLE) == Person.objects.count()
    assert PledgePromise.objects.count() == 10


@pytest.mark.django_db
def test_demo_strategy_shows_one_principle_as_a_gap() -> None:
    load_demo(log=lambda _: None, scorecard=False)
    coverage = principle_coverage(strategy_current())
    assert [row.principle.short_name for row in coverage if row.is_gap] == ["Access to services"]


@pytest.mark.django_db
def test_demo_is_refused_without_debug(settings: object) -> None:
    with pytest.raises(CommandError, match="Refusing"):
        call_command("load_demo")


@pytest.mark.django_db
def test_demo_local_offer_covers_every_area_with_one_type_each() -> None:
    load_demo(log=lambda _: None, scorecard=False)
    entries = LocalOfferEntry.objects.filter(is_published=True).prefetch_related("terms__taxonomy")
    assert entries.count() >= 20
    areas = {t.slug for e in entries for t in e.term_in(AREAS)}
    assert len(areas) == 7
    assert all(len(e.term_in(ENTITLEMENT_TYPES)) == 1 for e in entries)
    assert entries.filter(review_by__lt=timezone.localdate()).count() == 2  # to be checked
    assert LocalOfferEntry.objects.count() == len(ENTRIES)


@pytest.mark.django_db
def test_demo_scorecard_has_903_and_hand_entered_kpis_with_every_status() -> None:
    authority = load_demo(log=lambda _: None)
    statuses = kpi_statuses(authority, timezone.localdate())
    assert len(statuses) == len(KPIS) + len(READY_MADE)
    engine = [s for s in statuses if s.kpi.source == "engine"]
    assert all(s.latest is not None for s in engine)
    # The ready-made measures from outside the 903, fed by their spreadsheet, to the last
    # quarter's end or the year before it.
    ready = [s for s in statuses if s.kpi.headline_section and s.kpi.source != "engine"]
    assert len(ready) == len(READY_MADE)
    assert all(s.latest is not None and len(s.readings) == 3 for s in ready)
    # The postcode lookup the app loaded works out how far from home children are placed.
    distance = IndicatorValue.objects.filter(code="placement_20plus_miles_share").last()
    assert distance is not None
    assert distance.status == "ok"
    assert not IndicatorValue.objects.exclude(la=authority.code).exists()
    rags = {s.rag for s in statuses}
    assert Rag.NO_TARGET in rags  # the count of children looked after is context
    assert rags & {Rag.GREEN, Rag.AMBER, Rag.RED}
