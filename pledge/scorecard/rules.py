"""Who may read the scorecard, set KPIs and targets, enter readings and load data.

Everyone signed in reads it. Board officers and performance analysts set KPIs and targets and
load figures files; an agency lead enters the readings of the KPIs their
agencies lead. Nobody enters the figures of a KPI worked out from the 903 return: they change
only when the return does.
"""

from __future__ import annotations

from typing import Any

import rules

from pledge.core.rules import is_data_officer, is_signed_in


@rules.predicate
def leads_kpi(user: Any, kpi: Any) -> bool:
    if kpi is None or not user.is_authenticated or kpi.lead_agency_id is None:
        return False
    return bool(user.lead_agencies.filter(pk=kpi.lead_agency_id).exists())


@rules.predicate
def is_from_the_903(user: Any, kpi: Any) -> bool:
    """Its figures are the 903 return's: nobody types them in (docs/adr/0012-scorecard.md)."""
    return kpi is not None and kpi.source == "engine"


rules.add_perm("scorecard.view", is_signed_in)
rules.add_perm("scorecard.manage_kpis", is_data_officer)
rules.add_perm("scorecard.enter_reading", (is_data_officer | leads_kpi) & ~is_from_the_903)
rules.add_perm("scorecard.load_data", is_data_officer)
