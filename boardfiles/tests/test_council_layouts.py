"""A plan in the layouts councils keep theirs in (boardfiles/tests/layouts.py, written for
these tests), read from Word, Excel and CSV: the same actions from each, under the priority
rows, with merged cells carried down. The real councils' plans are read in test_plan_import.py."""

from __future__ import annotations

import datetime

import pytest

from boardfiles.due import DueKind
from boardfiles.plans import ParsedPlan, parse_plan
from boardfiles.tables import read_tables
from boardfiles.tests import layouts

START = datetime.date(2026, 4, 1)
KNOWN = ["NHS Eastshire", "Leaving Care Team", "Fostering Service"]


def _read(extension: str, data: bytes) -> ParsedPlan:
    return parse_plan(
        read_tables(f"eastshire.{extension}", data), plan_start=START, known_agencies=KNOWN
    )


def _plans(merge_who: bool) -> dict[str, ParsedPlan]:
    return {
        "docx": _read("docx", layouts.plan_docx(merge_who=merge_who)),
        "xlsx": _read("xlsx", layouts.plan_xlsx(merge_who=merge_who)),
        "csv": _read("csv", layouts.plan_csv()),
    }


def _shape(plan: ParsedPlan) -> list[tuple[object, ...]]:
    return [
        (a.reference, a.action, a.priority, tuple(a.agencies), a.due.as_dict(), a.success)
        for a in plan.actions
    ]


def test_word_excel_and_csv_give_the_same_actions() -> None:
    plans = _plans(merge_who=False)
    assert _shape(plans["docx"]) == _shape(plans["xlsx"]) == _shape(plans["csv"])
    assert [a.reference for a in plans["csv"].actions] == ["1.1", "1.2", "2.1", "2.2"]


@pytest.mark.parametrize("extension", ["docx", "xlsx", "csv"])
def test_each_action_is_under_the_priority_row_above_it(extension: str) -> None:
    plan = _plans(merge_who=False)[extension]
    assert [a.priority for a in plan.actions] == [layouts.PRIORITY_1] * 2 + [layouts.PRIORITY_2] * 2


@pytest.mark.parametrize("extension", ["docx", "xlsx", "csv"])
def test_who_is_split_into_the_boards_agencies(extension: str) -> None:
    first = _plans(merge_who=False)[extension].actions[0]
    assert sorted(first.agencies) == ["Leaving Care Team", "NHS Eastshire"]


def test_by_when_is_read_as_a_due_rule() -> None:
    due = [a.due.as_dict() for a in _plans(merge_who=False)["csv"].actions]
    assert [(d["kind"], d["due"]) for d in due] == [
        (DueKind.DATE, "2026-06-30"),  # "June 2026": the month's last day
        (DueKind.RECURRING, None),  # "Termly"
        (DueKind.DATE, "2027-03-31"),
        (DueKind.ONGOING, None),
    ]
    assert due[1]["months"] == [3, 7, 12]


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_a_who_cell_merged_down_belongs_to_every_row_it_covers(extension: str) -> None:
    plan = _plans(merge_who=True)[extension]
    covered = [a.agencies for a in plan.actions if a.reference in layouts.MERGED_WHO]
    assert covered == [["Fostering Service"], ["Fostering Service"]]
