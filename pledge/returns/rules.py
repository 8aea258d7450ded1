"""Who may load the 903 return: board officers and performance analysts."""

import rules

from pledge.core.rules import is_data_officer

rules.add_perm("returns.load", is_data_officer)
