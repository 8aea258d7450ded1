"""What an uploaded file would do, before anything is saved: each KPI in a KPI file with what it
matches on the board (its lead agency, its priority, the actions that serve it, whether the
scorecard has it already), and each figure in a figures file with the figure it corrects. The
preview shows this and the services save from it, so what the officer checked is what is saved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from boardfiles.figures import FigureRow, KpiKey, parse_figures
from boardfiles.kpis import ParsedKpi, ParsedKpis, action_key, parse_kpis
from boardfiles.problems import Problem
from boardfiles.responsible import split_responsible
from boardfiles.tables import read_tables
from pledge.actions.models import Action, ActionPlan
from pledge.actions.selectors import PriorityMatcher
from pledge.core.models import Agency, Authority
from pledge.core.selectors import AgencyMatcher
from pledge.scorecard.models import FiguresUpload, Kpi, KpiUpload, Reading, Source
from pledge.strategy.models import StrategyItem
from pledge.strategy.selectors import strategy_current


@dataclass
class KpiRow:
    kpi: ParsedKpi
    existing: Kpi | None = None  # already on the scorecard: left as it is
    agency: Agency | None = None
    priority: StrategyItem | None = None
    actions: list[Action] = field(default_factory=list)
    unmatched_actions: list[str] = field(default_factory=list)


def upload_parsed(upload: KpiUpload) -> ParsedKpis:
    """The KPIs in an uploaded file, as its preview shows them and its confirmation saves them."""
    known = AgencyMatcher(upload.authority).names()
    return parse_kpis(read_tables(upload.filename, bytes(upload.data)), known_agencies=known)


def kpi_rows(authority: Authority, parsed: ParsedKpis, plan: ActionPlan | None) -> list[KpiRow]:
    live = Kpi.objects.live().filter(authority=authority)
    by_name = {k.name.lower(): k for k in live}
    by_reference = {k.reference.lower(): k for k in live if k.reference}
    agencies = AgencyMatcher(authority)
    strategy = strategy_current()
    priorities = PriorityMatcher(strategy) if strategy else None
    actions: dict[str, Action] = {}
    if plan is not None:
        for action in plan.actions.live():
            for key in {action_key(action.reference, action.text), action_key("", action.text)}:
                actions.setdefault(key.lower(), action)
    rows = []
    for parsed_kpi in parsed.kpis:
        row = KpiRow(
            kpi=parsed_kpi,
            existing=by_name.get(parsed_kpi.name.lower())
            or (by_reference.get(parsed_kpi.reference.lower()) if parsed_kpi.reference else None),
            priority=priorities.match(parsed_kpi.outcome) if priorities else None,
        )
        named = split_responsible(parsed_kpi.lead_agency, agencies_column=True).agencies
        row.agency = next(filter(None, map(agencies.get, named)), None)
        for reference in parsed_kpi.actions:
            found = actions.get(reference.lower())
            if found is None:
                row.unmatched_actions.append(reference)
            elif found not in row.actions:
                row.actions.append(found)
        rows.append(row)
    return rows


@dataclass
class Figures:
    """A figures file read against the board's KPIs: every row, or the problems that stop it."""

    rows: list[FigureRow]
    problems: list[Problem]
    kpis: dict[int, Kpi]  # the KPIs the rows name, by id

    def corrected(self) -> dict[tuple[int, datetime.date], Reading]:
        """The current figure each row would correct, by KPI and period end."""
        current = Reading.objects.filter(
            kpi__in=self.kpis.values(),
            is_current=True,
            period_end__in={row.period_end for row in self.rows},
        )
        return {(reading.kpi_id, reading.period_end): reading for reading in current}


@dataclass
class FigurePreview:
    kpi: Kpi
    row: FigureRow
    current: Reading | None  # the figure it corrects, kept in the KPI's history

    @property
    def value(self) -> Decimal | None:
        return self.row.value


def figures_parsed(authority: Authority, filename: str, data: bytes) -> Figures:
    """A figures file read against the authority's live KPIs, by reference or name."""
    live = list(Kpi.objects.live().filter(authority=authority))
    keys = {
        label.lower(): KpiKey(kpi.pk, kpi.unit, kpi.source == Source.ENGINE)
        for kpi in live
        for label in (kpi.reference, kpi.name, str(kpi))
        if label
    }
    rows, problems = parse_figures(read_tables(filename, data), keys)
    return Figures(rows, problems, {kpi.pk: kpi for kpi in live})


def figures_preview(upload: FiguresUpload) -> tuple[list[FigurePreview], list[Problem]]:
    """Each figure an uploaded file would load, with the one it corrects; or its problems."""
    figures = figures_parsed(upload.authority, upload.filename, bytes(upload.data))
    corrected = figures.corrected()
    return [
        FigurePreview(figures.kpis[row.kpi], row, corrected.get((row.kpi, row.period_end)))
        for row in figures.rows
    ], figures.problems
