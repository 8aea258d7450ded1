"""The seed plans in ../shared/data/plans, read as the importer reads an upload. Synthetic for
the tests' purposes: they name council staff and agencies, never a child."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from boardfiles.plans import Column, ParsedPlan, parse_plan
from boardfiles.tables import read_tables
from tests.shared import PLANS

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
