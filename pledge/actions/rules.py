"""Who may read, import and update action plans."""

from __future__ import annotations

import rules

from pledge.core.rules import is_board_officer, is_signed_in

rules.add_perm("actions.view", is_signed_in)
rules.add_perm("actions.import", is_board_officer)
