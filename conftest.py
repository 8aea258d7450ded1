"""Fixtures shared by every test: a board, people in each role, and signed-in clients."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import settings as hypothesis_settings

from pledge.core.models import Agency, Authority, Person, Role
from pledge.core.tests.factories import AgencyFactory, AuthorityFactory, PersonFactory
from tests.shared import SHARED

# CI replays the same examples every run, so a red build is reproducible; locally each run
# explores new ones. No deadline: a slow machine is not a failing property.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


NEEDING_SHARED = pytest.StashKey[int]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `shared` read ../shared: skipped in a clone with nothing beside it, and a
    failure in CI, which must run them all."""
    needing = [item for item in items if item.get_closest_marker("shared")]
    config.stash[NEEDING_SHARED] = len(needing)
    if SHARED.is_dir() or not needing:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"{len(needing)} tests need the shared documents, and there is nothing at {SHARED}: "
            "CI runs every test, so put them beside the clone"
        )
    skip = pytest.mark.skip(reason=f"needs the shared documents at {SHARED} (CI runs it)")
    for item in needing:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    needing = config.stash.get(NEEDING_SHARED, 0)
    if needing:
        there = "ran" if SHARED.is_dir() else "skipped: nothing is there"
        terminalreporter.write_line(
            f"{needing} tests needed the shared documents at {SHARED} ({there})"
        )


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: ids restart with each test's database, so a
    cached answer from an earlier test could otherwise match a later one's key."""
    cache.clear()


@pytest.fixture(autouse=True)
def _returns_work_dir(settings: Any, tmp_path: Path) -> None:
    """Each test's uploaded returns in its own folder: load ids restart with each database."""
    settings.RETURNS_WORK_DIR = tmp_path / "returns"


@pytest.fixture
def authority(db: None) -> Authority:
    return AuthorityFactory.create()


@pytest.fixture
def agency(authority: Authority) -> Agency:
    return AgencyFactory.create(authority=authority, name="Northfield Children's Trust")


@pytest.fixture
def make_person(authority: Authority, agency: Agency) -> Callable[..., Person]:
    def make(*roles: str, **kwargs: object) -> Person:
        if Role.AGENCY_LEAD in roles:
            kwargs.setdefault("lead_agencies", [agency])
        return PersonFactory.create(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def officer(make_person: Callable[..., Person]) -> Person:
    return make_person(Role.BOARD_OFFICER, full_name="Olive Officer")


@pytest.fixture
def administrator(make_person: Callable[..., Person]) -> Person:
    return make_person(Role.ADMINISTRATOR, full_name="Ada Administrator")


@pytest.fixture
def client_for() -> Callable[[Person], Client]:
    def signed_in(person: Person) -> Client:
        client = Client()
        client.force_login(person)
        return client

    return signed_in
