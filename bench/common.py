"""What the benchmarks share: a throwaway database to measure in, and a big plan in it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test.utils import setup_test_environment


@contextmanager
def throwaway_database() -> Iterator[None]:
    """A fresh test database (SQLite in memory unless DATABASE_URL says otherwise), migrated,
    and removed afterwards, so a benchmark never touches real data."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def synthetic_plan(actions: int) -> Any:
    """A plan of `actions` synthetic actions (bench/plan_import.py's workbook) imported into the
    current strategy of the demo board, which must be loaded."""
    from bench.plan_import import workbook
    from boardfiles.plans import parse_plan
    from boardfiles.tables import read_tables
    from pledge.actions.services import plan_import
    from pledge.strategy.selectors import strategy_current

    strategy = strategy_current()
    assert strategy is not None
    parsed = parse_plan(
        read_tables("plan.xlsx", workbook(actions)), plan_start=datetime.date(2026, 4, 1)
    )
    return plan_import(
        actor=None,
        strategy=strategy,
        title="Bench",
        parsed=parsed,
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
