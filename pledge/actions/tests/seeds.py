"""The seed plans in ../shared/data/plans, read and imported the same way by every test,
benchmark and browser journey that uses them. Synthetic for the tests' purposes: they name
council staff and agencies, never a child."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from pledge.actions.importing.plan import Column, ParsedPlan, parse_plan
from pledge.actions.importing.tables import read_tables
from pledge.actions.models import ActionPlan
from pledge.actions.selectors import board_agency_names
from pledge.actions.services import plan_import
from pledge.core.tests.shared import PLANS
from pledge.strategy.models import Strategy

SEED_PLANS = PLANS  # ../shared beside the checkout
START = datetime.date(2016, 4, 1)  # the year the seed plans' undated words ("June") fall in
END = datetime.date(2017, 3, 31)


def seed_bytes(name: str) -> bytes:
    return (SEED_PLANS / name).read_bytes()


def parse_seed(
    name: str,
    *,
    data: bytes | None = None,
    known_agencies: Iterable[str] = (),
    column_choices: dict[str, Column] | None = None,
) -> ParsedPlan:
    """A seed file (or `data` under that name) read as the importer reads an upload."""
    return parse_plan(
        read_tables(name, seed_bytes(name) if data is None else data),
        plan_start=START,
        known_agencies=known_agencies,
        column_choices=column_choices,
    )


def import_seed(name: str, strategy: Strategy, *, data: bytes | None = None) -> ActionPlan:
    """A seed file (or `data` under that name) imported into `strategy`, as an officer would."""
    parsed = parse_seed(name, data=data, known_agencies=board_agency_names(strategy.authority_id))
    return plan_import(
        actor=None, strategy=strategy, title=name, parsed=parsed, starts_on=START, ends_on=END
    )
