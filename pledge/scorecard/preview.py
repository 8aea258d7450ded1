"""What each KPI in an uploaded file matches on the board: its lead agency, its priority, the
actions that serve it, and whether the scorecard has it already. The preview shows this and
`services.kpi_import` saves from it, so what the officer checked is what is saved."""

from __future__ import annotations

from dataclasses import dataclass, field

from boardfiles.kpis import ParsedKpi, ParsedKpis, action_key, parse_kpis
from boardfiles.responsible import split_responsible
from boardfiles.tables import read_tables
from pledge.actions.models import Action, ActionPlan
from pledge.actions.selectors import PriorityMatcher
from pledge.core.models import Agency, Authority
from pledge.scorecard.models import Kpi, KpiUpload
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
    known = Agency.objects.filter(authority=upload.authority).values_list("name", flat=True)
    return parse_kpis(read_tables(upload.filename, bytes(upload.data)), known_agencies=known)


def kpi_rows(authority: Authority, parsed: ParsedKpis, plan: ActionPlan | None) -> list[KpiRow]:
    live = Kpi.objects.live().filter(authority=authority)
    by_name = {k.name.lower(): k for k in live}
    by_reference = {k.reference.lower(): k for k in live if k.reference}
    agencies: dict[str, Agency] = {}
    for agency in Agency.objects.live().filter(authority=authority):
        agencies.setdefault(agency.name.lower(), agency)
        if agency.short_name:
            agencies.setdefault(agency.short_name.lower(), agency)
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
        row.agency = next((agencies[n.lower()] for n in named if n.lower() in agencies), None)
        for reference in parsed_kpi.actions:
            found = actions.get(reference.lower())
            if found is None:
                row.unmatched_actions.append(reference)
            elif found not in row.actions:
                row.actions.append(found)
        rows.append(row)
    return rows
