"""Who may read and change the strategy and pledge."""

import rules

from pledge.core.rules import is_board_officer, is_signed_in

rules.add_perm("strategy.view", is_signed_in)
rules.add_perm("strategy.edit", is_board_officer)
