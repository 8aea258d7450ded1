"""Who may make and publish board packs: everyone signed in reads the board's packs; board officers
and analysts make them; board officers approve them for the public."""

import rules

from pledge.core.rules import is_board_officer, is_data_officer, is_signed_in

rules.add_perm("reports.view_pack", is_signed_in)
rules.add_perm("reports.make_pack", is_data_officer)
rules.add_perm("reports.publish_pack", is_board_officer)
