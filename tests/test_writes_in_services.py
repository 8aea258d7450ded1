"""Guard: pages and tasks never write to the database themselves. Every change of state is a
service (`pledge/<app>/services.py`, audited by `@service`); a view or a task calls one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(
    path
    for name in ("views.py", "tasks.py", "api.py")
    for path in (ROOT / "pledge").glob(f"*/{name}")
)
# Model and queryset methods that write.
WRITES = {
    "save",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "delete",
    "update",
    "select_for_update",
}


def _writes(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno} .{node.func.attr}()")
    return found


def test_there_are_views_and_tasks_to_check() -> None:
    assert len(MODULES) >= 8


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_orm_write_in_views_or_tasks(path: Path) -> None:
    assert _writes(path) == [], "write through a service (pledge/<app>/services.py) instead"


def test_the_guard_finds_a_write(tmp_path: Path) -> None:
    page = tmp_path / "views.py"
    page.write_text("def view(request, upload):\n    upload.delete()\n    Kpi.objects.create()\n")
    assert _writes(page, tmp_path) == ["views.py:2 .delete()", "views.py:3 .create()"]
