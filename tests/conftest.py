"""Fixtures for the project-wide guards."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pledge.core.models import Agency, Person, Role
from pledge.strategy.tests.factories import (
    PledgePromiseFactory,
    StrategyFactory,
    StrategyItemFactory,
)


@pytest.fixture
def records(agency: Agency, make_person: Callable[..., Person]) -> dict[str, int]:
    """One of each kind of record a page can be about, by the name the URL tables use."""
    strategy = StrategyFactory.create(authority=agency.authority)
    return {
        "agency": agency.pk,
        "person": make_person(Role.BOARD_MEMBER).pk,
        "strategy": strategy.pk,
        "item": StrategyItemFactory.create(strategy=strategy).pk,
        "promise": PledgePromiseFactory.create(authority=agency.authority).pk,
    }
