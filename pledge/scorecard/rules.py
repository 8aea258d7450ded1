"""Who may read the scorecard, set KPIs and targets, enter readings and load data.

Everyone signed in reads it. Board officers and performance analysts set KPIs and targets and
load the 903 return and comparators; an agency lead enters the readings of the KPIs their
agencies lead.
"""

from __future__ import annotations

from typing import Any

import rules

from pledge.core.rules import is_board_officer, is_performance_analyst, is_signed_in


@rules.predicate
def leads_kpi(user: Any, kpi: Any) -> bool:
    if kpi is None or not user.is_authenticated or kpi.lead_agency_id is None:
        return False
    return bool(user.lead_agencies.filter(pk=kpi.lead_agency_id).exists())


is_data_officer = is_board_officer | is_performance_analyst

rules.add_perm("scorecard.view", is_signed_in)
rules.add_perm("scorecard.manage_kpis", is_data_officer)
rules.add_perm("scorecard.enter_reading", is_data_officer | leads_kpi)
rules.add_perm("scorecard.load_data", is_data_officer)
