"""What the benchmarks share: a throwaway database to measure in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
