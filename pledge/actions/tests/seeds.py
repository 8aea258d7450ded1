"""The seed plans in ../shared/data/plans, imported the same way by every test, benchmark and
browser journey that uses them (reading them: `boardfiles/tests/seeds.py`)."""

from __future__ import annotations

from boardfiles.tests.seeds import END, SEED_PLANS, START, parse_seed, seed_bytes
from pledge.actions.models import ActionPlan
from pledge.actions.services import plan_import
from pledge.core.selectors import AgencyMatcher
from pledge.strategy.models import Strategy

__all__ = ["END", "SEED_PLANS", "START", "import_seed", "parse_seed", "seed_bytes"]


def import_seed(name: str, strategy: Strategy, *, data: bytes | None = None) -> ActionPlan:
    """A seed file (or `data` under that name) imported into `strategy`, as an officer would."""
    parsed = parse_seed(
        name, data=data, known_agencies=AgencyMatcher(strategy.authority_id).names()
    )
    return plan_import(
        actor=None, strategy=strategy, title=name, parsed=parsed, starts_on=START, ends_on=END
    )
