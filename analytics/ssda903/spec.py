"""The SSDA903 specification for a collection year, loaded from data files in `spec/`.

`spec/2017.toml` is the base (collection year 2016-17); each `spec/<year>.diff.toml` says what
that year added, removed or replaced. The spec for a year is the base with every diff up to and
including that year applied, as liia-tools-pipeline builds its schemas. Adding a collection year
is adding a diff file and its tests (docs/howto/add-a-903-collection-year.md).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

SPEC_DIR = Path(__file__).parent / "spec"
BASE_YEAR = 2017

ColumnType = Literal["id", "date", "code", "int", "flag", "postcode", "text"]


class SpecError(Exception):
    """A year the engine has no specification for, or a malformed spec file (ours to fix)."""


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    blank: bool = False
    codes: frozenset[str] | None = None
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Table:
    """One table of the return: `key` is our name for it (episodes), `name` DfE's (Episodes)."""

    key: str
    name: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> frozenset[str]:
        return frozenset(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


@dataclass(frozen=True)
class Spec:
    """Everything the engine knows about one collection year's return."""

    year: int
    tables: Mapping[str, Table]
    codes: Mapping[str, frozenset[str]]

    @property
    def label(self) -> str:
        """The collection year as people write it: 2024 is "2023-24"."""
        return f"{self.year - 1}-{self.year % 100:02d}"

    def table_with_columns(self, names: frozenset[str]) -> Table | None:
        """The table whose columns are exactly `names`, as the validator recognises a file."""
        return next((t for t in self.tables.values() if t.column_names == names), None)


def available_years() -> list[int]:
    """Every end year the spec files describe, from the base to the latest diff."""
    diffs = [int(path.name.split(".")[0]) for path in SPEC_DIR.glob("*.diff.toml")]
    return list(range(BASE_YEAR, max([BASE_YEAR, *diffs]) + 1))


@cache
def spec_for(year: int) -> Spec:
    """The specification for the collection year ending in March of `year`."""
    years = available_years()
    if year not in years:
        raise SpecError(
            f"There is no SSDA903 specification for {year - 1}-{year % 100:02d}: "
            f"Pledge knows {years[0] - 1}-{years[0] % 100:02d} to "
            f"{years[-1] - 1}-{years[-1] % 100:02d}"
        )
    raw = _read(SPEC_DIR / f"{BASE_YEAR}.toml")
    codes: dict[str, set[str]] = {name: set(values) for name, values in raw["codes"].items()}
    tables: dict[str, Any] = dict(raw["tables"])
    for diff_year in range(BASE_YEAR + 1, year + 1):
        path = SPEC_DIR / f"{diff_year}.diff.toml"
        if path.exists():
            _apply(_read(path), codes, tables)
    frozen = {name: frozenset(values) for name, values in codes.items()}
    return Spec(
        year=year,
        codes=frozen,
        tables={key: _table(key, body, frozen) for key, body in tables.items()},
    )


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


def _apply(diff: dict[str, Any], codes: dict[str, set[str]], tables: dict[str, Any]) -> None:
    for name, change in diff.get("codes", {}).items():
        if isinstance(change, list):  # a new code list
            codes[name] = set(change)
            continue
        if "set" in change:
            codes[name] = set(change["set"])
        codes[name] = (codes.get(name, set()) - set(change.get("remove", []))) | set(
            change.get("add", [])
        )
    tables.update(diff.get("tables", {}))


def _table(key: str, body: dict[str, Any], codes: Mapping[str, frozenset[str]]) -> Table:
    columns = []
    for column in body["columns"]:
        code_list = column.get("codes")
        if code_list is not None and code_list not in codes:
            raise SpecError(f"{key}.{column['name']} names an unknown code list {code_list}")
        columns.append(
            Column(
                name=column["name"],
                type=cast(ColumnType, column["type"]),
                blank=column.get("blank", False),
                codes=codes[code_list] if code_list else None,
                minimum=column.get("min"),
                maximum=column.get("max"),
            )
        )
    return Table(key=key, name=body["name"], columns=tuple(columns))
