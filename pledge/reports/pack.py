"""What a board pack holds, worked out once when it is made (`pack_contents`).

The contents are plain words and numbers (JSON), every figure with its as-at date and source,
in two versions: the board's, with our figures as they are, and the public's, with every figure
of ours (903 or KPI) through DfE's suppression (`analytics.publication`). A pack is rendered from
them by one template (`reports/pack/body.html`) as the page, the PDF and the Word document.

The period is the one chosen, never the wall clock: the 903 figures are the latest at or before
its end, the scorecard stands as at its end, and each action as its last update on or before
that day left it.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from analytics.indicators.catalogue import CATALOGUE
from analytics.publication import Policy, publish
from boardfiles.rag import Rag
from pledge.actions.models import LIVE_STATUSES, Action, ActionStatus, DeliveryRag
from pledge.actions.selectors import live_actions
from pledge.core.errors import UserError
from pledge.core.models import Authority
from pledge.meetings.models import Meeting, MeetingStatus
from pledge.reports.headline import Figure, Row, engine_reading, headline_figures, kpi_figure
from pledge.reports.models import Period
from pledge.returns.models import IndicatorValue, ReturnLoad
from pledge.returns.selectors import indicator_values_by_code
from pledge.scorecard.charts import bars_svg, lines_svg
from pledge.scorecard.figures import figure
from pledge.scorecard.models import Reading
from pledge.scorecard.selectors import (
    DataState,
    KpiStatus,
    by_priority,
    kpi_statuses,
    status_counts,
    summary_sentence,
)
from pledge.voice.models import CheckRound, YouSaid, YouSaidState
from pledge.voice.selectors import RATINGS, check_results, check_trend, results_withheld

DAY = "%-d %B %Y"
# The needs assessment's breakdowns (seed 001), engine indicators split into categories.
BREAKDOWNS = (
    "cla_age_band_mix",
    "cla_gender_mix",
    "cla_ethnicity_mix",
    "cla_duration_band_mix",
    "cla_legal_status_mix",
    "placement_type_mix_by_age",
    "placement_foster_provider_mix",
    "starts_age_band_mix",
    "ceases_age_band_mix",
)
INDICATORS = {indicator.code: indicator for indicator in CATALOGUE}
SYMBOLS = (
    ("c", "Not shown to protect confidentiality: 1 to 5 children, or a figure that would show one"),
    ("x", "Not available"),
    ("low", "A percentage of fewer than 10 children: read with care"),
)


class EmptyPeriodError(UserError):
    """Nothing is dated within the period: no 903 figure, KPI figure, action update or
    meeting."""

    def __init__(self, period: Period) -> None:
        super().__init__(
            f"Nothing is dated in {period.in_words} ({period.start:{DAY}} to {period.end:{DAY}}): "
            "no 903 figures, KPI figures, action updates or meetings. Choose a period the board "
            "has figures or updates for",
            field="period_end",
        )


def has_something(authority: Authority, period: Period) -> bool:
    """Whether anything is dated within the period (a pack of it would otherwise be empty)."""
    within = (period.start, period.end)
    dated = [
        IndicatorValue.objects.filter(la=authority.code, as_at__range=within),
        Reading.objects.filter(kpi__authority=authority, period_end__range=within),
        Action.objects.filter(plan__strategy__authority=authority, updates__as_at__range=within),
        Meeting.objects.filter(authority=authority, held_on__range=within),
    ]
    return any(query.exists() for query in dated)


def pack_contents(
    authority: Authority, period: Period, *, version: int | None, made_at: datetime.datetime
) -> dict[str, Any]:
    """The board's and the public's pack for the period, as JSON."""
    if not has_something(authority, period):
        raise EmptyPeriodError(period)
    statuses = kpi_statuses(authority, period.end)
    actions = _actions_as_at(period.end)

    def pack_for(*, public: bool) -> dict[str, Any]:
        return {
            "board": authority.board_name,
            "period": period.title,
            "from": f"{period.start:{DAY}}",
            "to": f"{period.end:{DAY}}",
            "version": version,
            "made": f"{made_at:{DAY}}",
            "public": public,
            "meetings": _meetings(authority, period),
            "headline": _headline(authority, period.end, public=public),
            "breakdowns": _breakdowns(authority, period.end, public=public),
            "scorecard": _scorecard(statuses, period.end, public=public),
            "exceptions": _exceptions(statuses, actions, period.end),
            "plan": _plan(actions, period.end),
            "voice": _voice(authority, period),
            "symbols": SYMBOLS,
        }

    return {"board": pack_for(public=False), "public": pack_for(public=True)}


# Headline data --------------------------------------------------------------------------------


def _headline(authority: Authority, end: datetime.date, *, public: bool) -> dict[str, Any]:
    headline = headline_figures(authority, on=end, public=public)
    load = (
        ReturnLoad.objects.filter(authority=authority, state=ReturnLoad.State.STORED)
        .order_by("-finished_at")
        .first()
    )
    return {
        "loaded": headline.loaded,
        "source": (
            f"The council's SSDA903 return, loaded {load.finished_at:{DAY}}; comparators: DfE's "
            "published children looked after statistics"
            if load and load.finished_at
            else ""
        ),
        "region": headline.region_name or "Region",
        "sections": [
            {"title": section.title, "rows": [_headline_row(row) for row in section.rows]}
            for section in headline.sections
        ],
        "notes": list(headline.notes),
    }


def _headline_row(row: Row) -> dict[str, Any]:
    trend = [
        {
            "year": f"{day:%Y}",
            "ours": ours.shown if ours else "",
            "england": theirs.shown if theirs else "",
        }
        for day, ours, theirs in row.trend
    ]
    chart = ""
    ours = [figure.value if figure else None for _day, figure, _theirs in row.trend]
    if sum(value is not None for value in ours) > 1:
        series = [("Ours", ours)]
        england = [figure.value if figure else None for _day, _ours, figure in row.trend]
        # England's count is of another scale: compared only as a rate, share or average.
        counted = row.code in INDICATORS and INDICATORS[row.code].unit == "count"
        if not counted and any(value is not None for value in england):
            series.append(("England", england))
        chart = lines_svg(
            [item["year"] for item in trend], series, ceiling=100 if row.share else None
        )
    return {
        "title": row.title,
        "source": row.source,
        "latest": _figure(row.latest),
        "year_before": _figure(row.year_before),
        "england": _figure(row.england),
        "region": _figure(row.region),
        "neighbours": _figure(row.neighbours),
        "trend": trend,
        "chart": chart,
        "summary": _headline_sentence(row),
    }


def _figure(shown: Figure | None) -> dict[str, str] | None:
    if shown is None:
        return None
    return {"shown": shown.shown, "when": shown.when, "detail": shown.detail}


def _headline_sentence(row: Row) -> str:
    """One sentence for the chart: how the figure moved over the years held and how it stands
    against England's, in the figures shown (never a suppressed one)."""
    held = [ours for _day, ours, _t in row.trend if ours and ours.value is not None]
    if not held:
        return f"{row.title}: no figure can be shown."
    first, last = held[0], held[-1]
    sentence = f"{row.title}: {last.shown} ({last.when})"
    if len(held) > 1 and first.value is not None and last.value is not None:
        moved = "up from" if last.value > first.value else "down from"
        moved = "the same as" if last.value == first.value else moved
        sentence += f", {moved} {first.shown} ({first.when})"
    if row.england and row.england.value is not None:
        sentence += f"; England: {row.england.shown} ({row.england.when})"
    return sentence + "."


# Needs assessment -----------------------------------------------------------------------------


def _breakdowns(authority: Authority, end: datetime.date, *, public: bool) -> list[dict[str, Any]]:
    """Each breakdown at the latest date at or before `end`: a table of counts and shares, and
    its bars. The public's pass through DfE's suppression, with the secondary suppression that
    stops a hidden cell being worked out from the others."""
    codes = {
        f"{code}:{category}": (code, category)
        for code in BREAKDOWNS
        for category in INDICATORS[code].categories
    }
    values = indicator_values_by_code(authority, codes)
    by_mix: dict[str, list[IndicatorValue]] = defaultdict(list)
    for code, held in values.items():
        dated = [value for value in held if value.as_at <= end]
        if dated:
            by_mix[codes[code][0]].append(dated[-1])
    found = []
    for code in BREAKDOWNS:
        latest = max((value.as_at for value in by_mix[code]), default=None)
        cells = [value for value in by_mix[code] if value.as_at == latest and value.status == "ok"]
        if not cells or not any(value.numerator for value in cells):
            continue
        order = INDICATORS[code].categories
        cells.sort(key=lambda value: order.index(codes[value.code][1]))
        found.append(_breakdown(code, cells, codes, public=public))
    return found


def _breakdown(
    code: str,
    cells: list[IndicatorValue],
    codes: dict[str, tuple[str, str]],
    *,
    public: bool,
) -> dict[str, Any]:
    readings = [engine_reading(value) for value in cells]
    shown = publish(readings, Policy(), {value.code: "share" for value in cells})
    rows, bars = [], []
    for value, published in zip(cells, shown, strict=True):
        share = float(value.value or 0) * 100
        hidden = public and published.symbol is not None
        category = codes[value.code][1].replace("_", " ")
        rows.append(
            {
                "category": category,
                "count": published.symbol if hidden else f"{value.numerator:,.0f}",
                "share": published.shown if public else f"{share:.1f}%",
            }
        )
        bars.append((category, None if hidden else (published.value if public else share)))
    first = cells[0]
    when = (
        f"at {first.as_at:{DAY}}"
        if first.period_start == first.period_end
        else f"{first.period_start:{DAY}} to {first.period_end:{DAY}}"
    )
    total = f"{first.denominator:,.0f}" if first.denominator is not None else ""
    return {
        "title": INDICATORS[code].title,
        "when": when,
        "total": "" if public and int(first.denominator or 0) <= Policy().maximum else total,
        "rows": rows,
        "chart": bars_svg(bars),
    }


# Scorecard and exceptions ---------------------------------------------------------------------


def _scorecard(statuses: list[KpiStatus], end: datetime.date, *, public: bool) -> dict[str, Any]:
    counts = status_counts(statuses)
    return {
        "as_at": f"{end:{DAY}}",
        "counts": [(rag.label, counts.rags[rag]) for rag in counts.rags]
        + [("Figure overdue", counts.overdue)],
        "total": counts.total,
        "groups": [
            {"priority": name, "kpis": [_kpi(status, public=public) for status in group]}
            for name, group in by_priority(statuses)
        ],
    }


def _kpi(status: KpiStatus, *, public: bool) -> dict[str, Any]:
    kpi, latest = status.kpi, status.latest
    england = status.comparator
    return {
        "reference": kpi.reference,
        "name": kpi.name,
        "lead": str(kpi.lead_agency.short_name or kpi.lead_agency) if kpi.lead_agency else "",
        "latest": kpi_figure(latest, kpi.unit, public=public) if latest else "No figure yet",
        "when": f"to {latest.period_end:{DAY}}" if latest else "",
        "source": _kpi_source(latest) if latest else "",
        "target": status.target.text if status.target else "No target",
        "rag": status.rag.value,
        "rag_label": status.rag.label if latest and latest.value is not None else "No figure yet",
        "direction": status.direction.words,
        "data": status.data.words if status.data != DataState.IN else "",
        "england": (
            f"{figure(england.value, kpi.unit) if england.value is not None else england.symbol}"
            f" ({england.period})"
            if england
            else ""
        ),
        "summary": summary_sentence(status),
    }


def _kpi_source(reading: Reading) -> str:
    label = f" ({reading.source_label})" if reading.source_label else ""
    return f"{reading.get_source_display()}{label}, {reading.entered_at:{DAY}}"


def _exceptions(
    statuses: list[KpiStatus], actions: list[_ActionThen], end: datetime.date
) -> dict[str, Any]:
    def why(status: KpiStatus) -> str:
        if status.rag == Rag.RED:
            return "Red"
        if status.rag == Rag.AMBER:
            return "Amber and worsening"
        return "Figure overdue"

    return {
        "kpis": [
            {"name": status.kpi.name, "why": why(status), "summary": summary_sentence(status)}
            for status in statuses
            if status.is_exception
        ],
        "actions": [
            {
                "reference": then.action.reference,
                "text": then.action.text,
                "lead": then.leads,
                "due": then.due,
                "status": then.status.label,
            }
            for then in actions
            if then.overdue
        ],
        "as_at": f"{end:{DAY}}",
    }


# The action plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ActionThen:
    """An action as its last update on or before the period end left it."""

    action: Action
    status: ActionStatus
    rag: str
    commentary: str
    as_at: datetime.date | None
    overdue: bool

    @property
    def leads(self) -> str:
        names = [str(agency.short_name or agency) for agency in self.action.agencies.all()]
        names += [str(lead) for lead in self.action.leads.all()]
        return ", ".join(names)

    @property
    def due(self) -> str:
        return self.action.due_text or (
            f"{self.action.due_date:{DAY}}" if self.action.due_date else ""
        )


def _actions_as_at(end: datetime.date) -> list[_ActionThen]:
    return [_action_then(action, end) for action in live_actions().prefetch_related("updates")]


def _action_then(action: Action, end: datetime.date) -> _ActionThen:
    """The action as its last update on or before `end` left it; with no update by then, as
    imported (unless it has been updated since, when nothing is known of it then)."""
    updates = sorted(
        (u for u in action.updates.all() if u.as_at <= end), key=lambda u: (u.as_at, u.pk)
    )
    as_at: datetime.date | None
    if updates:
        last = updates[-1]
        status, rag, commentary, as_at = last.status, last.rag, last.commentary, last.as_at
    elif action.last_update_on is None or action.last_update_on <= end:
        status, rag = action.status, action.rag
        commentary, as_at = action.rag_commentary, action.rag_as_at
    else:
        status, rag, commentary, as_at = ActionStatus.NOT_STARTED, "", "", None
    then = ActionStatus(status)
    overdue = then in LIVE_STATUSES and action.due.is_overdue(
        end, done=then == ActionStatus.COMPLETE, last_update=as_at
    )
    return _ActionThen(action, then, rag, commentary, as_at, overdue)


def _plan(actions: Iterable[_ActionThen], end: datetime.date) -> dict[str, Any]:
    groups: dict[str, list[_ActionThen]] = defaultdict(list)
    for then in actions:
        action = then.action
        name = str(action.priority) if action.priority else (action.priority_text or "Other")
        groups[name].append(then)
    return {
        "as_at": f"{end:{DAY}}",
        "groups": [_plan_group(name, group) for name, group in groups.items()],
    }


def _plan_group(name: str, group: list[_ActionThen]) -> dict[str, Any]:
    statuses = Counter(then.status for then in group)
    rags = Counter(then.rag or "none" for then in group if then.status in LIVE_STATUSES)
    return {
        "priority": name,
        "total": len(group),
        "statuses": [(s.label, statuses[s]) for s in ActionStatus if statuses[s]],
        "rags": [(r.label, rags[r.value]) for r in DeliveryRag] + [("Not rated", rags["none"])],
        "watch": [
            {
                "reference": then.action.reference,
                "text": then.action.text,
                "lead": then.leads,
                "rag": DeliveryRag(then.rag).label,
                "status": then.status.label,
                "commentary": then.commentary or "No commentary given",
                "as_at": f"{then.as_at:{DAY}}" if then.as_at else "",
            }
            for then in group
            if then.rag in {DeliveryRag.RED, DeliveryRag.AMBER} and then.status in LIVE_STATUSES
        ],
    }


def _meetings(authority: Authority, period: Period) -> list[dict[str, str]]:
    held = Meeting.objects.live().filter(
        authority=authority,
        status=MeetingStatus.SCHEDULED,
        held_on__gte=period.start,
        held_on__lte=period.end,
    )
    return [{"title": str(meeting), "place": meeting.place} for meeting in held]


# Young people's voice ---------------------------------------------------------------------------


def _voice(authority: Authority, period: Period) -> dict[str, Any]:
    """What the board published in answer to young people in the period, the latest pledge
    check closed by its end and the trend to it, suppressed as on the board's own pages (ADR
    0024)."""
    published = YouSaid.objects.filter(
        authority=authority,
        state=YouSaidState.PUBLISHED,
        published_at__date__range=(period.start, period.end),
    ).order_by("published_at", "pk")
    after = period.end + datetime.timedelta(days=1)  # as the results stood at the period's end
    check_round = next(
        (
            r
            for r in CheckRound.objects.filter(
                authority=authority, closes_on__lte=period.end
            ).order_by("-closes_on", "-pk")
            if not results_withheld(r, on=after)
        ),
        None,
    )
    return {
        "said": [
            {"said": item.said, "answer": item.get_answer_display(), "we_did": item.we_did}
            for item in published
        ],
        "check": _check(check_round) if check_round else None,
        "trend": _trend(authority, after),
    }


def _check(check_round: CheckRound) -> dict[str, Any]:
    return {
        "title": check_round.title,
        "ratings": [rating.label for rating in RATINGS],
        "rows": [
            {
                "promise": f"{result.promise.reference}. {result.promise.text}",
                "cells": [cell.shown for cell in result.ratings.values()],
                "answers": result.answers.shown,
                "kept": result.kept.shown,
            }
            for result in check_results(check_round)
        ],
    }


def _trend(authority: Authority, on: datetime.date) -> dict[str, Any] | None:
    """The share saying each promise is kept always or mostly, round by round, for the rounds
    whose results show on `on` (two or more, or there is no trend)."""
    trend = check_trend(authority, on=on)
    if not trend or len(trend[0].kept) < 2:
        return None
    return {
        "rounds": [check_round.title for check_round, _cell in trend[0].kept],
        "rows": [
            {
                "promise": f"{row.promise.reference}. {row.promise.text}",
                "kept": [cell.shown for _round, cell in row.kept],
            }
            for row in trend
        ],
    }
