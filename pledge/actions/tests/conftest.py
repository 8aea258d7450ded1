"""Fixtures for the action plan tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from pledge.actions.models import ActionPlan
from pledge.core.models import Agency, Person
from pledge.demo import load_demo
from pledge.strategy.models import Strategy
from pledge.strategy.selectors import strategy_current
from pledge.strategy.tests.factories import StrategyFactory

TODAY = datetime.date(2026, 11, 23)  # the reference date the tests' deadlines are judged on


@pytest.fixture
def plan(agency: Agency) -> ActionPlan:
    """A plan for 2026 to 2027 under a fresh strategy of the test board."""
    strategy = StrategyFactory.create(authority=agency.authority)
    return ActionPlan.objects.create(
        strategy=strategy,
        title="Plan 2026 to 2027",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )


@pytest.fixture
def demo_strategy(db: None) -> Strategy:
    """The current strategy of the Northfield demo board."""
    load_demo(log=lambda _: None, scorecard=False, plan=False)
    strategy = strategy_current()
    assert strategy is not None
    return strategy


@pytest.fixture
def demo_officer(demo_strategy: Strategy, client_for: Callable[[Person], Client]) -> Client:
    """The Northfield demo board's officer, signed in."""
    return client_for(Person.objects.get(email="officer@northfield.example"))
