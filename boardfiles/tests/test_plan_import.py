"""Reading the four seed plans, each as DOCX, XLSX and CSV, into the same actions."""

from __future__ import annotations

import datetime

import pytest

from boardfiles.due import DueKind
from boardfiles.plans import Column, ParsedAction, ParsedPlan, parse_plan
from boardfiles.tables import read_tables
from boardfiles.tests.seeds import parse_seed

FORMATS = ("docx", "xlsx", "csv")


def parse(stem: str, extension: str, known_agencies: list[str] | None = None) -> ParsedPlan:
    return parse_seed(f"{stem}.{extension}", known_agencies=known_agencies or [])


def actions(plan: ParsedPlan) -> list[ParsedAction]:
    return [a for a in plan.actions if not a.is_kpi]


def by_reference(plan: ParsedPlan, reference: str) -> ParsedAction:
    return next(a for a in plan.actions if a.reference == reference)


def shape(plan: ParsedPlan) -> list[tuple[object, ...]]:
    return [
        (
            a.action,
            a.parent_reference,
            a.is_kpi,
            tuple(a.agencies),
            tuple(a.leads),
            a.due.as_dict(),
            a.priority,
            a.success,
            a.measure,
        )
        for a in plan.actions
    ]


SANDWELL = "sandwell_corporate_parenting_action_plan_2020-21"
CHESHIRE = "cheshire_east_action_plan_2015-17"
LANCASHIRE = "lancashire_eet_kpi_framework"
DERBY = "derby_cic_care_leavers_eet_action_plan_2016-17"


@pytest.mark.shared
@pytest.mark.parametrize("stem", [SANDWELL, CHESHIRE, LANCASHIRE, DERBY])
def test_the_three_formats_of_a_plan_read_the_same(stem: str) -> None:
    docx, xlsx, csv = (parse(stem, extension) for extension in FORMATS)
    assert shape(docx) == shape(xlsx) == shape(csv)


@pytest.mark.shared
@pytest.mark.parametrize("extension", FORMATS)
def test_sandwell(extension: str) -> None:
    plan = parse(SANDWELL, extension)
    assert len(actions(plan)) == 37
    assert [a.priority for a in plan.actions].count("Access to Services") == 11
    first = plan.actions[0]
    assert first.action == "Launch and utilisation of the Care Leavers Passport App."
    assert first.agencies == ["NHS"]
    assert first.success.startswith("The App will allow important health information")
    assert first.measure.startswith("Initial feedback will be obtained")
    joint = plan.actions[2]
    assert joint.agencies == ["Sandwell Children's Trust", "SMBC Children's Services"]
    assert (
        sum(a.all_partners for a in plan.actions) == 7
    )  # six "All Partner Agencies", one "Relevant"
    assert plan.actions[-1].success.startswith("Young people will aspire")  # the repeated heading
    assert all(a.due.kind == DueKind.ONGOING for a in plan.actions)  # the plan has no "By when"


@pytest.mark.shared
def test_sandwell_known_agencies_are_never_split() -> None:
    plan = parse(SANDWELL, "csv", known_agencies=["SMBC Education, Skills and Employment"])
    assert ["SMBC Education, Skills and Employment"] in [a.agencies for a in plan.actions]


@pytest.mark.shared
@pytest.mark.parametrize("extension", FORMATS)
def test_cheshire_east(extension: str) -> None:
    plan = parse(CHESHIRE, extension)
    assert len(actions(plan)) == 31
    first = by_reference(plan, "1a")
    assert first.priority == "Outcome 1 \u2013 Involve me"
    assert first.leads == ["All Group Managers"]
    split = by_reference(plan, "3e")  # joined with the row that finishes it
    assert split.action.endswith(
        "reciprocal arrangements with our \u201cNew Belongings\u201d neighbours."
    )
    assert split.leads == ["Principal Manager Cared For Children and Care Leavers"]
    merged_who = [by_reference(plan, r).leads for r in ("5a", "5b", "5c")]
    assert (
        merged_who[0]
        == merged_who[1]
        == merged_who[2]
        == [
            "Group Manager \u2013 Permanence & Through Care",
            "Head of the Virtual School",
            "Youth Support Area Delivery Manager South",
        ]
    )
    assert any("5j is used 2 times" in p.message for p in plan.problems)


@pytest.mark.shared
@pytest.mark.parametrize("extension", FORMATS)
def test_lancashire_kpis_have_their_actions_under_them(extension: str) -> None:
    plan = parse(LANCASHIRE, extension)
    assert len(actions(plan)) == 83
    kpi = next(a for a in plan.actions if a.is_kpi)
    assert kpi.reference == "1.1"
    assert kpi.agencies == ["ART", "FARY"]
    children = [a.reference for a in plan.actions if a.parent_key == kpi.key]
    assert children == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    single = by_reference(plan, "1.2")  # a KPI with one action: the KPI is its measure
    assert not single.parent_key
    assert single.measure.startswith("No child in our care")
    assert by_reference(plan, "3.4.5").reference == "3.4.5"  # "3.4.5." tidied
    assert any("3.1.2.2 has no action" in p.message for p in plan.problems)
    assert by_reference(plan, "2.1.1").priority.startswith("2.1 Further and Higher Education")


@pytest.mark.shared
@pytest.mark.parametrize("extension", FORMATS)
def test_derby(extension: str) -> None:
    plan = parse(DERBY, extension)
    assert len(actions(plan)) == 14  # 13 numbered outcomes; "1." covers two
    first = plan.actions[0]
    assert first.reference == "1"
    assert first.leads == ["A Kaiser", "A Mains", "D Cartledge"]
    assert first.due.due == datetime.date(2016, 4, 30)
    five = by_reference(plan, "5")
    assert five.due.kind == DueKind.RECURRING
    assert five.due.months == (6, 11)
    assert five.leads == [
        "C Morley",
        "J Centro",
        "N Turner",
        "Residential Children's Homes Managers",
    ]
    assert five.success.endswith("available at the Space@Connexions.")
    assert by_reference(plan, "8").due.kind == DueKind.IMMEDIATE
    assert by_reference(plan, "8").action.endswith("where viable")
    assert by_reference(plan, "9").due.start == datetime.date(2016, 3, 1)
    typo = by_reference(plan, "12")
    assert typo.due.due == datetime.date(2016, 3, 31)
    assert typo.due.needs_confirmation
    assert any('"216" read as 2016' in p.message for p in plan.problems)


@pytest.mark.shared
def test_derby_csv_loses_the_merged_number_but_docx_keeps_it() -> None:
    assert parse(DERBY, "docx").actions[1].reference == "1"
    assert parse(DERBY, "csv").actions[1].reference == ""


def test_an_unknown_heading_asks_for_a_mapping_then_uses_it() -> None:
    table = read_tables("plan.csv", b"Ref,Action,Lead person,Target\n1,Do it,A Smith,April 2026\n")
    plan = parse_plan(table)
    assert set(plan.unrecognised_headings) == {"Lead person", "Target"}
    assert plan.has_errors
    mapped = parse_plan(
        table, column_choices={"Lead person": Column.RESPONSIBLE, "Target": Column.DUE}
    )
    assert not mapped.has_errors
    assert mapped.actions[0].leads == ["A Smith"]
    assert mapped.actions[0].due.due == datetime.date(2026, 4, 30)


def test_a_file_without_a_header_is_explained() -> None:
    plan = parse_plan(read_tables("plan.csv", b"1,Do it,A Smith\n2,Do more,B Jones\n"))
    assert plan.has_errors
    assert "could not find a header row" in plan.problems[0].message
