"""Who may import DfE's published figures and the statistical neighbours: board officers and
performance analysts."""

import rules

from pledge.core.rules import is_data_officer

rules.add_perm("comparators.load", is_data_officer)
