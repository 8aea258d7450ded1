"""Who may approve the words written to young people: the board's officers, and the participation
workers who check them with young people."""

import rules

from pledge.core.rules import is_board_officer, is_participation_worker, is_signed_in

rules.add_perm("youngpeople.view_words", is_signed_in)
rules.add_perm("youngpeople.approve_words", is_board_officer | is_participation_worker)
