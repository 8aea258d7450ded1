"""factory_boy factories for the scorecard app."""

from __future__ import annotations

import factory

from pledge.core.tests.factories import AuthorityFactory
from pledge.scorecard.models import Kpi


class KpiFactory(factory.django.DjangoModelFactory[Kpi]):
    """A KPI whose figures are entered by hand, a count where higher is better, quarterly."""

    class Meta:
        model = Kpi

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Measure {n}")
    unit = "count"
    polarity = "higher"
    frequency = "quarterly"
    source = "manual"
