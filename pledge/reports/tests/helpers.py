"""What the reports' tests share: a stored 903 load of chosen figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from pledge.core.models import Authority
from pledge.returns.models import IndicatorValue, ReturnLoad

D = datetime.date


def stored(authority: Authority, *values: tuple[str, datetime.date, int, int | None]) -> None:
    """A stored 903 load holding (code, as at, numerator, denominator) for the authority."""
    load = ReturnLoad.objects.create(
        authority=authority, started_at=timezone.now(), state=ReturnLoad.State.STORED
    )
    for code, as_at, numerator, denominator in values:
        IndicatorValue.objects.create(
            load=load,
            code=code,
            la=authority.code,
            as_at=as_at,
            period_start=as_at if code.startswith("cla_") else D(as_at.year - 1, 4, 1),
            period_end=as_at,
            numerator=numerator,
            denominator=denominator,
            value=Decimal(numerator) / denominator if denominator else Decimal(numerator),
            status="ok",
        )
