"""Who may see the log of reminders sent: the board's officers and administrators. Everyone
chooses when their own digest comes."""

import rules

from pledge.core.rules import is_administrator, is_board_officer, is_signed_in

rules.add_perm("reminders.choose", is_signed_in)
rules.add_perm("reminders.view_log", is_board_officer | is_administrator)
