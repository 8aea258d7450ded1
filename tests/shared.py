"""The documents beside the clone, in ../shared: real councils' plans and scorecards, DfE's
published samples and the Open Referral UK schemas, byte for byte (never copied in).

Tests that read them are marked `shared`. In a newcomer's clone, with nothing beside it, they are
skipped with one line saying so, and the run ends by counting them; CI always has the folder,
and fails if it is missing (conftest.py).
"""

from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PLANS = SHARED / "data" / "plans"
COMPARATORS = SHARED / "data" / "comparators"
STANDARDS = SHARED / "standards"
