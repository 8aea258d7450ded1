"""A newcomer's clone, with nothing beside it, passes its own tests: those that read ../shared
are skipped and counted; in CI, which must run every test, their absence is a failure."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import conftest


class Item(SimpleNamespace):
    def get_closest_marker(self, name: str) -> Any:
        return self.marks.get(name)

    def add_marker(self, mark: Any) -> None:
        self.added.append(mark)


def _collect(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, ci: bool) -> list[Item]:
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "shared")  # nothing there
    if ci:
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    items = [Item(marks={"shared": True}, added=[]), Item(marks={}, added=[])]
    config = SimpleNamespace(stash={})
    conftest.pytest_collection_modifyitems(config, items)  # type: ignore[arg-type]
    assert config.stash[conftest.NEEDING_SHARED] == 1
    return items


def test_without_the_shared_documents_their_tests_are_skipped_and_no_others(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    needing, other = _collect(monkeypatch, tmp_path, ci=False)
    (skip,) = needing.added
    assert "needs the shared documents" in skip.kwargs["reason"]
    assert other.added == []


def test_in_ci_their_absence_is_a_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(pytest.UsageError, match="CI runs every test"):
        _collect(monkeypatch, tmp_path, ci=True)
