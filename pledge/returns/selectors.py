"""Reads of the 903 return's results: each indicator's stored values, what storing a checked
load will do, and an indicator's definition in the words of docs/indicators/."""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from pledge.core.models import Authority
from pledge.returns.models import IndicatorValue, ReturnLoad
from pledge.scorecard.models import Kpi, Reading, Source


@dataclass(frozen=True)
class StoreEffect:
    """What storing a checked load will do, for the analyst to read before confirming."""

    first: datetime.date  # the first and last month ends it works out indicators at
    last: datetime.date
    replaces: list[tuple[Kpi, int]]  # 903 KPIs already showing figures in that time, and how many


def what_storing_does(load: ReturnLoad) -> StoreEffect | None:
    """The month ends a checked load covers and the 903 KPIs whose figures there it replaces
    (where a newer return changes them), or None when it read no collection year."""
    if not load.years:
        return None
    first = datetime.date(min(load.years) - 1, 4, 30)
    last = datetime.date(max(load.years), 3, 31)
    shown = (
        Reading.objects.filter(
            kpi__authority=load.authority,
            kpi__archived_at__isnull=True,
            source=Source.ENGINE,
            is_current=True,
            period_end__range=(first, last),
        )
        .values("kpi")
        .annotate(figures=Count("pk"))
    )
    figures = {row["kpi"]: row["figures"] for row in shown}
    kpis = Kpi.objects.filter(pk__in=figures).order_by("position", "reference", "name")
    return StoreEffect(first, last, [(kpi, figures[kpi.pk]) for kpi in kpis])


def indicator_values(authority: Authority, code: str) -> list[IndicatorValue]:
    """The engine's values of one indicator for the authority: at each date the newest load's
    value, unless it has none and an older load had one (a load of this year alone cannot work
    out a measure over two years, which an earlier load of three years could)."""
    return indicator_values_by_code(authority, [code]).get(code, [])


def indicator_values_by_code(
    authority: Authority, codes: Iterable[str]
) -> dict[str, list[IndicatorValue]]:
    """`indicator_values` for many indicators in one query, by code, each oldest first."""
    values = IndicatorValue.objects.filter(la=authority.code, code__in=set(codes)).order_by(
        "code", "as_at", "-load__started_at"
    )
    chosen: dict[str, dict[datetime.date, IndicatorValue]] = defaultdict(dict)
    for value in values:  # newest first at each date
        held = chosen[value.code].get(value.as_at)
        if held is None or (held.value is None and value.value is not None):
            chosen[value.code][value.as_at] = value
    return {code: list(by_date.values()) for code, by_date in chosen.items()}


INDICATOR_DOCS = settings.BASE_DIR / "docs" / "indicators"


@functools.cache
def indicator_definition(code: str) -> str:
    """A 903 indicator's definition and its numerator and denominator, in the words of its page
    in docs/indicators/ (the one place they are written), without the Markdown."""
    path = INDICATOR_DOCS / f"{code}.md"
    if not code or not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8")
    if see := re.search(r"^See \[[^]]+\]\(([a-z0-9_]+)\.md\): (.*)$", text, re.MULTILINE):
        # A page that points to another, as placement_residential_share's does
        return f"{indicator_definition(see.group(1))} For this measure: {see.group(2)}"
    bullets = re.split(r"\n- ", text)
    labels = ("Definition", "Cohort", "Numerator", "Denominator", "What")
    wanted = [b for b in bullets if b.startswith(tuple(f"**{label}" for label in labels))]
    text = " ".join(" ".join(b.split()) for b in wanted)
    return re.sub(r"\*\*|`", "", text)
