"""Who may manage the Local Offer. Reading the published directory and API needs no sign-in."""

import rules

from pledge.core.rules import is_board_officer, is_signed_in

rules.add_perm("offer.view", is_signed_in)
rules.add_perm("offer.edit", is_board_officer)
