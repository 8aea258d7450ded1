"""factory_boy factories for the strategy app."""

from __future__ import annotations

import datetime

import factory

from pledge.core.tests.factories import AuthorityFactory
from pledge.strategy.models import ItemKind, PledgePromise, Strategy, StrategyItem


class StrategyFactory(factory.django.DjangoModelFactory[Strategy]):
    class Meta:
        model = Strategy

    authority = factory.SubFactory(AuthorityFactory)
    title = factory.Sequence(lambda n: f"Corporate Parenting Strategy {n}")
    starts_on = datetime.date(2025, 4, 1)
    ends_on = datetime.date(2028, 3, 31)


class StrategyItemFactory(factory.django.DjangoModelFactory[StrategyItem]):
    class Meta:
        model = StrategyItem

    strategy = factory.SubFactory(StrategyFactory)
    kind = ItemKind.PRIORITY
    reference = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Priority {n}")
    position = factory.Sequence(lambda n: n)


class PledgePromiseFactory(factory.django.DjangoModelFactory[PledgePromise]):
    class Meta:
        model = PledgePromise

    authority = factory.SubFactory(AuthorityFactory)
    reference = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"Promise {n}")
    position = factory.Sequence(lambda n: n)
