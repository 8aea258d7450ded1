"""Who may read, import and update action plans.

Agency leads update the actions of the agencies they lead for, and actions they are named on;
board officers update any action; everyone signed in reads.
"""

from __future__ import annotations

from typing import Any

import rules

from pledge.actions.models import Action
from pledge.actions.selectors import led_by
from pledge.core.rules import is_agency_lead, is_board_officer, is_signed_in


@rules.predicate
def is_lead_for_action(user: Any, action: Any) -> bool:
    """The person leads for one of the action's agencies, or is named on it (`led_by`, the
    filter "My actions" lists by). Lead agencies are only ever set for agency leads."""
    if action is None or not user.is_authenticated:
        return False
    return Action.objects.filter(led_by(user), pk=action.pk).exists()


@rules.predicate
def is_named_lead(user: Any) -> bool:
    """Someone a plan names as a lead, once an officer has linked the name to their account."""
    return bool(user.is_authenticated and user.named_as.exists())


rules.add_perm("actions.view", is_signed_in)
rules.add_perm("actions.import", is_board_officer)
rules.add_perm("actions.chase", is_board_officer)
rules.add_perm("actions.my_actions", is_agency_lead | is_named_lead | is_board_officer)
rules.add_perm("actions.update_action", is_board_officer | is_lead_for_action)
rules.add_perm("actions.link_leads", is_board_officer)
