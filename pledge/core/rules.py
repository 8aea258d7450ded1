"""Who may do what, as readable predicates (the `rules` package). Loaded by rules' autodiscovery.

Every view checks one of these permissions; tests/test_permissions_matrix.py tests each role
against each view.
"""

from __future__ import annotations

from typing import Any

import rules

from pledge.core.models import Role


def has_role(role: str) -> Any:
    @rules.predicate(name=f"has_role:{role}")
    def predicate(user: Any) -> bool:
        return bool(user.is_authenticated and user.is_active and user.has_role(role))

    return predicate


is_signed_in = rules.is_authenticated & rules.is_active
is_board_officer = has_role(Role.BOARD_OFFICER)
is_agency_lead = has_role(Role.AGENCY_LEAD)
is_performance_analyst = has_role(Role.PERFORMANCE_ANALYST)
# Those who keep the board's figures: KPIs, targets, the 903 return, published comparators.
is_data_officer = is_board_officer | is_performance_analyst
is_board_member = has_role(Role.BOARD_MEMBER)
is_participation_worker = has_role(Role.PARTICIPATION_WORKER)
is_administrator = has_role(Role.ADMINISTRATOR)

rules.add_perm("core.view_board", is_signed_in)
rules.add_perm("core.manage_people", is_administrator)
rules.add_perm("core.manage_agencies", is_administrator | is_board_officer)
rules.add_perm("core.manage_authority", is_administrator | is_board_officer)
