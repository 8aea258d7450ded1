"""Who may read and run the board's meetings: everyone signed in reads them; board officers
arrange them, keep the agenda, record outcomes and write the minutes."""

import rules

from pledge.core.rules import is_board_officer, is_signed_in

rules.add_perm("meetings.view", is_signed_in)
rules.add_perm("meetings.manage", is_board_officer)
