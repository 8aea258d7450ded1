"""A board with a strategy, a pledge and this year's plan, some of it written for young people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from pledge.actions.models import Action, ActionPlan, ActionStatus, ProgressUpdate
from pledge.core.models import Authority, Person
from pledge.strategy.models import ItemKind, PledgePromise, Strategy, StrategyItem
from pledge.strategy.tests.factories import (
    PledgePromiseFactory,
    StrategyFactory,
    StrategyItemFactory,
)


@dataclass
class Board:
    strategy: Strategy
    priority: StrategyItem
    outcome: StrategyItem
    promise: PledgePromise
    plan: ActionPlan
    done: Action
    doing: Action


@pytest.fixture
def board(authority: Authority, officer: Person) -> Board:
    today = timezone.localdate()
    strategy = StrategyFactory.create(
        authority=authority,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today + datetime.timedelta(days=700),
        plain_vision="We want you to do well.",
    )
    priority = StrategyItemFactory.create(
        strategy=strategy, reference="1", title="Health", plain_text="We will keep you well."
    )
    outcome = StrategyItemFactory.create(
        strategy=strategy,
        parent=priority,
        kind=ItemKind.OUTCOME,
        reference="1.1",
        title="Dentists",
        plain_text="You will see a dentist every year.",
    )
    promise = PledgePromiseFactory.create(
        authority=authority,
        reference="1",
        text="We need more love in the care system.",
        plain_text="We will care for you with warmth.",
    )
    plan = ActionPlan.objects.create(
        strategy=strategy,
        title="This year's plan",
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=265),
    )
    done = Action.objects.create(
        plan=plan,
        reference="1.1",
        text="Commission a nurse-led drop-in",
        plain_text="We opened a drop-in where you can see a nurse.",
        priority=outcome,
        status=ActionStatus.COMPLETE,
        due_kind="ongoing",
    )
    ProgressUpdate.objects.create(
        action=done,
        author=officer,
        posted_at=timezone.now(),
        as_at=today - datetime.timedelta(days=20),
        status=ActionStatus.COMPLETE,
        commentary="Open twice a week",
    )
    doing = Action.objects.create(
        plan=plan,
        reference="1.2",
        text="Reduce waiting times for CAMHS assessment",
        plain_text="You will wait less to get help with how you feel.",
        priority=priority,
        status=ActionStatus.IN_PROGRESS,
        due_kind="ongoing",
    )
    return Board(strategy, priority, outcome, promise, plan, done, doing)
