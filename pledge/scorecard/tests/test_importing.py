"""Reading KPIs from the files boards hold: Cheshire East's measures (targets inside the words),
Lancashire's KPI framework (KPIs with their actions) and committee scorecards in any layout."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from boardfiles.kpis import ParsedKpis, parse_kpis
from boardfiles.problems import Severity
from boardfiles.rag import Rag
from boardfiles.tables import read_tables
from boardfiles.targets import TargetKind
from boardfiles.units import Frequency, Polarity, Unit
from pledge.actions.models import Action, ActionPlan
from pledge.actions.tests.seeds import SEED_PLANS
from pledge.core.errors import UserError
from pledge.core.models import AuditEvent, Authority, Person, Role
from pledge.core.tests.factories import AgencyFactory
from pledge.scorecard import services
from pledge.scorecard.models import FiguresUpload, Kpi, KpiUpload
from pledge.scorecard.preview import kpi_rows
from pledge.scorecard.selectors import status_of
from pledge.scorecard.tests.factories import KpiFactory
from pledge.strategy.tests.factories import StrategyFactory

CHESHIRE = "cheshire_east_scorecard_measures_2015-17"
LANCASHIRE = "lancashire_eet_kpi_framework"


def parse_seed(name: str) -> ParsedKpis:
    path = SEED_PLANS / name
    return parse_kpis(read_tables(path.name, path.read_bytes()))


def parse_text(text: str, filename: str = "scorecard.csv") -> ParsedKpis:
    return parse_kpis(read_tables(filename, text.encode()))


def by_name(parsed: ParsedKpis, start: str) -> dict[str, object]:
    (found,) = [k.as_dict() for k in parsed.kpis if k.name.startswith(start)]
    return found


@pytest.mark.shared
@pytest.mark.parametrize("extension", ["csv", "docx", "xlsx"])
def test_cheshire_east_measures_read_the_same_from_every_format(extension: str) -> None:
    parsed = parse_seed(f"{CHESHIRE}.{extension}")
    assert len(parsed.kpis) == 37
    assert not parsed.has_errors
    three_moves = by_name(parsed, "The number of children who experience three moves")
    assert three_moves["outcome"] == "Provide me with a good, safe home"
    assert (three_moves["unit"], three_moves["polarity"]) == ("percentage", "lower")
    assert three_moves["target"] == {
        "words": "less than 10% (currently 12%)",
        "kind": "less_than",
        "low": None,
        "high": "10",
        "start": None,
        "end": None,
        "date": None,
        "comparator": None,
        "comparison": None,
        "change": None,
        "understood": True,
        "note": "",
    }
    assert three_moves["baseline"] == "currently 12%"
    outcomes = list(dict.fromkeys(k.outcome for k in parsed.kpis))
    assert outcomes == [
        "Involve me",
        "Provide me with a good, safe home",
        "Keep me healthy",
        "Help me to achieve",
        "Support me to move to adult life",
    ]


@pytest.mark.shared
def test_the_docx_reads_only_the_scorecard_table_not_the_checks_after_it() -> None:
    parsed = parse_seed(f"{CHESHIRE}.docx")
    assert not any(k.name.startswith("Annual survey") for k in parsed.kpis)
    (skipped,) = [p for p in parsed.problems if p.where == "table 2"]
    assert skipped.severity == Severity.WARNING
    (units,) = [p for p in parsed.problems if p.column == "unit"]
    assert units.where.startswith("table 1, rows 1, 2, 8, 9, 20")  # one table's rows, once
    assert units.where.endswith(" and 37")


@pytest.mark.shared
@pytest.mark.parametrize(
    ("start", "kind", "words", "polarity"),
    [
        (
            "The number of young people looked after for 2.5",
            "more_than",
            "higher than 70%",
            "higher",
        ),
        ("Increase the level of good or outstanding", "trajectory", "from 87 % to 100%", "higher"),
        (
            "Care leavers in suitable accommodation aged 19",
            "between",
            "between 95 and 100%",
            "neither",
        ),
        (
            "Maintain the rolling programme",
            "at_least",
            "at least 5 in placement at any time.",
            "higher",
        ),
        ("10% Less cared for children offend", "at_most", None, "lower"),
        # Contextual: no target in the words; the way it should go is still read
        ("Reduction of persistent absence", "none", "", "lower"),
        ("Increase in Care Leavers engaged with an annual health review", "none", "", "higher"),
        ("% with immunisations up to date", "none", "", "neither"),
    ],
)
def test_cheshire_east_targets_are_read_from_inside_the_measure(
    start: str, kind: str, words: str | None, polarity: str
) -> None:
    kpi = by_name(parse_seed(f"{CHESHIRE}.csv"), start)
    target = kpi["target"]
    assert isinstance(target, dict)
    assert target["kind"] == kind
    assert target["words"] == (kpi["name"] if words is None else words)
    assert kpi["polarity"] == polarity


@pytest.mark.shared
def test_lancashire_kpis_keep_their_lead_agency_and_actions() -> None:
    parsed = parse_seed(f"{LANCASHIRE}.xlsx")
    assert len(parsed.kpis) == 42
    first = parsed.kpis[0].as_dict()
    assert first["reference"] == "1.1"
    assert first["lead_agency"] == "ART & FARY"
    assert first["actions"] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    assert str(first["outcome"]).startswith("1. SECONDARY AND FURTHER EDUCATION")
    single = by_name(parsed, "No child in our care will have to change school when moving")
    assert (single["reference"], single["actions"]) == ("1.2", ["1.2"])
    attendance = by_name(parsed, "All children in our care to have good attendance")
    assert attendance["target"]["kind"] == "at_least"  # type: ignore[index]
    assert attendance["target"]["words"] == "95% or above"  # type: ignore[index]
    neighbours = by_name(parsed, "All young people Looked After to achieve their predicted")
    assert neighbours["target"]["kind"] == "comparator"  # type: ignore[index]


@pytest.mark.shared
def test_lancashire_reads_the_same_from_docx_and_csv() -> None:
    names = {
        ext: [k.name for k in parse_seed(f"{LANCASHIRE}.{ext}").kpis] for ext in ("csv", "docx")
    }
    assert names["csv"] == names["docx"]
    assert len(names["csv"]) == 42


COMMITTEE = """Corporate parenting scorecard, Quarter 2 2025/26,,,,,,,
,,,,,,,,
Ref,Indicator,Good is,Target,Q1 2025/26,Q2 2025/26,England,DoT,RAG
Placements,,,,,,,,
PL1,Children with 3 or more placements in the year,Low,less than 10%,11.2%,9.8%,10%,Improving,G
PL2,Children in the same placement for 2 years,High,at least 70%,68%,66.5%,71%,Worsening,A
Care leavers,,,,,,,,
CL1,Care leavers aged 19-21 in education employment or training,High,55%,c,52%,56%,,R
CL2,Number of care leavers with a personal adviser,,no target,210,214,,,
"""


def test_a_committee_scorecard_with_a_column_per_quarter() -> None:
    parsed = parse_text(COMMITTEE)
    assert [k.reference for k in parsed.kpis] == ["PL1", "PL2", "CL1", "CL2"]
    pl1 = parsed.kpis[0]
    assert pl1.outcome == "Placements"
    assert pl1.polarity == Polarity.LOWER
    assert pl1.frequency == Frequency.QUARTERLY
    assert pl1.target.kind == TargetKind.LESS_THAN
    assert pl1.latest is not None
    assert pl1.previous is not None
    assert (pl1.latest.value, pl1.latest.period_end.isoformat()) == (Decimal("9.8"), "2025-09-30")  # type: ignore[union-attr]
    assert (pl1.previous.value, pl1.previous.period) == (Decimal("11.2"), "Q1 2025/26")
    assert pl1.comparators == {"England": "10%"}
    assert (pl1.direction, pl1.rag) == ("Improving", "G")
    cl1 = parsed.kpis[2]
    assert cl1.previous is not None
    assert cl1.previous.value is None
    assert not [p for p in parsed.problems if p.where == cl1.where]
    cl2 = parsed.kpis[3]
    assert (cl2.unit, cl2.target.kind) == (Unit.COUNT, TargetKind.NONE)


def test_a_committee_scorecard_in_another_order_and_wording_from_excel() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Direction of travel", "RAG status", "Measure", "Latest (Mar 2026)", "Previous"])
    sheet.append(["Up", "Green", "Care leavers in suitable accommodation", "91%", "88%"])
    sheet.append(["Down", "Red", "Reviews on time", "eighty", ""])
    data = io.BytesIO()
    book.save(data)
    parsed = parse_kpis(read_tables("board.xlsx", data.getvalue()))
    first, second = parsed.kpis
    assert first.latest is not None
    assert first.latest.period_end is not None
    assert first.latest.period_end.isoformat() == "2026-03-31"
    assert first.frequency == Frequency.MONTHLY
    assert first.previous is not None
    assert first.previous.value == Decimal("88")
    assert first.target.kind == TargetKind.NONE
    (problem,) = [p for p in parsed.problems if p.where == "row 3" and p.column == "latest"]
    assert '"eighty" is not a number' in problem.message
    assert second.latest is not None
    assert second.latest.value is None


def test_a_committee_scorecard_in_a_word_table() -> None:
    document = docx.Document()
    document.add_paragraph("Performance scorecard")
    table = document.add_table(rows=3, cols=4)
    for row, values in zip(
        table.rows,
        [
            ["KPI", "Target", "2024/25", "2025/26"],
            ["Children looked after per 10,000", "maintain 60-70", "66", "64"],
            ["Days from entering care to adoption", "at most 426 days", "450", "430"],
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    data = io.BytesIO()
    document.save(data)
    rate, days = parse_kpis(read_tables("paper.docx", data.getvalue())).kpis
    assert (rate.unit, rate.frequency, rate.target.kind) == (
        Unit.RATE,
        Frequency.ANNUAL,
        "maintain",
    )
    assert rate.latest is not None
    assert rate.latest.period_end is not None
    assert rate.latest.period_end.isoformat() == "2026-03-31"
    assert (days.unit, days.polarity) == (Unit.DAYS, Polarity.LOWER)


def test_a_figure_that_cannot_be_kept_says_why() -> None:
    parsed = parse_text(
        "Indicator,Target,Latest,Period\n"
        "Children with an up to date health assessment,at least 90%,140,Q1 2025/26\n"
        "Care leavers in touch,at least 95%,97%,\n"
    )
    over, undated = parsed.kpis
    assert over.latest is not None
    assert over.latest.value is None
    assert undated.latest is not None
    assert undated.latest.value is None
    messages = {p.where: p.message for p in parsed.problems if p.severity == Severity.WARNING}
    assert "not a percentage from 0 to 100" in messages["row 2"]
    assert "has no period" in messages["row 3"]


def test_a_file_with_no_measures_is_an_error() -> None:
    parsed = parse_text("Name,Address\nA Smith,1 High Street\n")
    assert parsed.has_errors
    assert not parsed.kpis
    assert "header row naming the measures" in parsed.problems[0].message


def test_a_name_too_long_for_a_kpi_is_an_error_on_its_row() -> None:
    parsed = parse_text(f"Measure,Target\n{'x' * 301},10%\n")
    assert parsed.has_errors
    assert [p.where for p in parsed.problems if p.severity == Severity.ERROR] == ["row 2"]


@pytest.mark.shared
def test_the_command_prints_json_without_saving(capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "kpi_import", str(SEED_PLANS / f"{CHESHIRE}.docx"), "--dry-run", "--format", "json"
    )
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["kpis"]) == 37
    first = printed["kpis"][5]
    assert set(first) >= {
        "reference",
        "name",
        "outcome",
        "lead_agency",
        "unit",
        "polarity",
        "target",
        "baseline",
        "latest",
        "actions",
        "row",
    }
    assert {p["severity"] for p in printed["problems"]} <= {"warning", "info"}


@pytest.mark.shared
def test_the_command_refuses_a_file_with_errors(tmp_path: object) -> None:
    path = SEED_PLANS.parent / "comparators" / "population_0_17_simple_sample.csv"
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("kpi_import", str(path), "--dry-run", stdout=io.StringIO())


# Saving, through the service and the pages ----------------------------------------------------


def test_importing_saves_kpis_targets_and_dated_figures(authority: Authority) -> None:
    saved = services.kpi_import(
        actor=None,
        authority=authority,
        parsed=parse_text(COMMITTEE),
        targets_from=datetime.date(2025, 4, 1),
        source_file="scorecard.csv",
    )
    assert [k.reference for k in saved] == ["PL1", "PL2", "CL1", "CL2"]
    pl1 = Kpi.objects.get(reference="PL1")
    assert pl1.targets.get().words == "less than 10%"
    assert [(r.period_end.isoformat(), r.value) for r in pl1.readings.order_by("period_end")] == [
        ("2025-06-30", Decimal("11.2")),
        ("2025-09-30", Decimal("9.8")),
    ]
    assert pl1.readings.first().source_label.startswith("Imported from scorecard.csv")  # type: ignore[union-attr]
    assert Kpi.objects.get(reference="CL1").readings.count() == 1  # "c" is not a figure
    assert AuditEvent.objects.filter(verb="kpis.imported").count() == 1
    with pytest.raises(UserError, match="on the scorecard already"):
        services.kpi_import(
            actor=None,
            authority=authority,
            parsed=parse_text(COMMITTEE),
            targets_from=datetime.date(2025, 4, 1),
        )


@pytest.mark.shared
def test_a_framework_links_its_kpis_to_the_plan_s_actions_and_lead_agencies(
    authority: Authority,
) -> None:
    AgencyFactory.create(
        authority=authority, name="Adoption and Residential Team", short_name="ART"
    )
    strategy = StrategyFactory.create(authority=authority)
    plan = ActionPlan.objects.create(
        strategy=strategy, title="EET plan", starts_on=strategy.starts_on, ends_on=strategy.ends_on
    )
    for reference in ("1.1.1", "1.1.2", "1.2"):
        Action.objects.create(plan=plan, reference=reference, text="Do it", due_kind="ongoing")
    parsed = parse_seed(f"{LANCASHIRE}.csv")
    rows = kpi_rows(authority, parsed, plan)
    assert [a.reference for a in rows[0].actions] == ["1.1.1", "1.1.2"]
    assert rows[0].unmatched_actions == ["1.1.3", "1.1.4"]
    services.kpi_import(
        actor=None,
        authority=authority,
        parsed=parsed,
        targets_from=datetime.date(2026, 4, 1),
        plan=plan,
    )
    first = Kpi.objects.get(reference="1.1")
    assert first.lead_agency is not None
    assert first.lead_agency.short_name == "ART"
    assert sorted(first.actions.values_list("reference", flat=True)) == ["1.1.1", "1.1.2"]
    assert Kpi.objects.count() == 42


@pytest.fixture
def officer(make_person: Callable[..., Person], client_for: Callable[[Person], Client]) -> Client:
    return client_for(make_person(Role.BOARD_OFFICER))


def test_the_pages_preview_then_save_only_when_confirmed(
    officer: Client, authority: Authority
) -> None:
    response = officer.post(
        reverse("scorecard:kpi-upload"),
        {
            "file": SimpleUploadedFile("scorecard.csv", COMMITTEE.encode()),
            "targets_from": "1/4/2025",
        },
    )
    upload = KpiUpload.objects.get()
    assert response["Location"] == reverse("scorecard:kpi-import", kwargs={"pk": upload.pk})
    preview = officer.get(response["Location"]).content.decode()
    assert "Import 4 KPIs" in preview
    assert "Children with 3 or more placements in the year" in preview
    assert Kpi.objects.count() == 0  # nothing saved by looking
    response = officer.post(reverse("scorecard:kpi-import", kwargs={"pk": upload.pk}))
    assert response["Location"] == reverse("scorecard:scorecard")
    assert Kpi.objects.count() == 4
    assert not KpiUpload.objects.exists()


def test_an_unreadable_file_is_refused_before_it_is_kept(officer: Client) -> None:
    response = officer.post(
        reverse("scorecard:kpi-upload"),
        {"file": SimpleUploadedFile("scorecard.pdf", b"%PDF-1.4"), "targets_from": "1/4/2025"},
    )
    assert "is not a CSV, XLSX or DOCX file" in response.content.decode()
    assert not KpiUpload.objects.exists()


def test_a_file_with_errors_shows_them_and_cannot_be_imported(
    officer: Client, authority: Authority, make_person: Callable[..., Person]
) -> None:
    upload = KpiUpload.objects.create(
        authority=authority,
        uploaded_by=make_person(Role.BOARD_OFFICER),
        filename="people.csv",
        data=b"Name,Address\nA Smith,1 High Street\n",
        targets_from=datetime.date(2025, 4, 1),
    )
    url = reverse("scorecard:kpi-import", kwargs={"pk": upload.pk})
    page = officer.get(url).content.decode()
    assert "This file cannot be imported yet" in page
    assert 'id="errors"' in page  # where the error summary's links go
    assert "Fix these problems in the file" in page
    assert 'type="submit"' not in page.split("<h1", 1)[1]  # no import button
    officer.post(url)
    assert Kpi.objects.count() == 0
    assert KpiUpload.objects.exists()


# Figures from a spreadsheet -------------------------------------------------------------------


@pytest.fixture
def from_files(authority: Authority) -> Kpi:
    return KpiFactory.create(
        authority=authority,
        reference="V2",
        name="Care leavers in touch",
        unit="percentage",
        source="csv",
    )


def _upload_figures(client: Client, name: str, csv: str) -> str:
    """Upload a figures file as the page does; the address of its preview."""
    response = client.post(
        reverse("scorecard:figures-import"), {"file": SimpleUploadedFile(name, csv.encode())}
    )
    assert response.status_code == 302
    return str(response["Location"])


def test_figures_load_from_a_csv_and_correct_a_period_already_held(
    officer: Client, from_files: Kpi
) -> None:
    csv = (
        "KPI,Period,Value,Numerator,Denominator,Commentary\n"
        "V2,Q1 2025/26,91.5,183,200,\n"
        "care leavers in touch,30/09/2025,,,,Team system down: figure to follow\n"
    )
    preview = _upload_figures(officer, "leaving-care.csv", csv)
    assert from_files.readings.count() == 0  # nothing is saved before it is confirmed
    assert "Load 2 figures" in officer.get(preview).content.decode()
    officer.post(preview)
    first, second = from_files.readings.order_by("period_end")
    assert (first.period_start.isoformat(), first.value, first.numerator) == (
        "2025-04-01",
        Decimal("91.5"),
        Decimal(183),
    )
    assert (first.source, first.source_label) == ("csv", "leaving-care.csv, row 2")
    assert (second.value, second.not_available) == (None, "Team system down: figure to follow")
    fix = _upload_figures(officer, "fix.csv", "KPI,Period,Value\nV2,Q1 2025/26,92\n")
    assert "Corrected" in officer.get(fix).content.decode()  # the preview says what it replaces
    officer.post(fix)
    assert from_files.readings.filter(period_end=first.period_end).count() == 2  # kept
    assert from_files.readings.get(period_end=first.period_end, is_current=True).value == 92


def test_a_figures_file_is_loaded_once_however_often_it_is_confirmed(
    officer: Client, from_files: Kpi
) -> None:
    preview = _upload_figures(officer, "q1.csv", "KPI,Period,Value\nV2,Q1 2025/26,91.5\n")
    officer.post(preview)
    again = officer.post(preview)
    assert again.status_code == 404  # the file went when it was loaded
    assert from_files.readings.count() == 1
    assert not FiguresUpload.objects.exists()


def test_a_figures_file_with_any_bad_row_loads_nothing_and_says_where(
    officer: Client, from_files: Kpi, authority: Authority
) -> None:
    KpiFactory.create(authority=authority, reference="S1", source="engine", indicator="cla_count")
    csv = (
        "KPI,Period,Value\n"
        "V2,Q1 2025/26,91.5\n"
        "V9,Q1 2025/26,3\n"
        "S1,Q1 2025/26,3\n"
        "V2,sometime,3\n"
        "V2,Q2 2025/26,ninety\n"
        "V2,Q3 2025/26,140\n"
        "V2,30/06/2025,90\n"
    )
    preview = _upload_figures(officer, "leaving-care.csv", csv)
    page = officer.get(preview).content.decode()
    assert "Load " not in page  # no button: nothing can be loaded from this file
    for row, words in [
        ("row 3", "is not one of the scorecard"),
        ("row 4", "takes its figures from the 903 return"),
        ("row 5", "is not a period we can read"),
        ("row 6", "is not a number"),
        ("row 7", "is not a percentage from 0 to 100"),
        ("row 8", "a figure for the same period on row 2"),
    ]:
        assert f'<td class="govuk-table__cell">{row.capitalize()}</td>' in page
        assert words in page
    officer.post(preview)  # a confirmation sent anyway is refused
    assert from_files.readings.count() == 0


# Seed 002's and 003's KPIs, imported as written, rate as their words say ---------------------

SEED_RATINGS = [
    (CHESHIRE, "The number of children who experience three moves", "9", Rag.GREEN),
    (CHESHIRE, "The number of children who experience three moves", "12", Rag.RED),
    (CHESHIRE, "The number of young people looked after for 2.5", "72", Rag.GREEN),
    (CHESHIRE, "The number of young people looked after for 2.5", "70", Rag.RED),
    (CHESHIRE, "An increase in the number of local foster carers", "152", Rag.GREEN),
    (CHESHIRE, "An increase in the number of local foster carers", "149", Rag.RED),
    (CHESHIRE, "Care leavers in suitable accommodation aged 19", "97", Rag.GREEN),
    (CHESHIRE, "Care leavers in suitable accommodation aged 19", "90", Rag.RED),
    (CHESHIRE, "Maintain the rolling programme", "5", Rag.GREEN),
    (CHESHIRE, "Maintain the rolling programme", "4", Rag.RED),
    (CHESHIRE, "Increase the level of good or outstanding", "100", Rag.GREEN),
    (CHESHIRE, "% with immunisations up to date", "88", Rag.NO_TARGET),
    (LANCASHIRE, "All children in our care to have good attendance", "95", Rag.GREEN),
    (LANCASHIRE, "All children in our care to have good attendance", "94", Rag.RED),
    (LANCASHIRE, "All young people Looked After to achieve their predicted", "60", Rag.AWAITED),
]


@pytest.mark.shared
@pytest.mark.parametrize(("seed", "start", "value", "rag"), SEED_RATINGS)
def test_seed_kpis_imported_as_written_rate_as_their_words_say(
    authority: Authority, seed: str, start: str, value: str, rag: Rag
) -> None:
    services.kpi_import(
        actor=None,
        authority=authority,
        parsed=parse_seed(f"{seed}.csv"),
        targets_from=datetime.date(2026, 4, 1),
    )
    kpi = Kpi.objects.get(name__startswith=start)
    services.reading_record(
        actor=None,
        kpi=kpi,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 9, 30),
        value=Decimal(value),
    )
    assert status_of(kpi, datetime.date(2026, 10, 1)).rag == rag


@pytest.mark.shared
def test_the_command_saves_without_dry_run(authority: Authority) -> None:
    err = io.StringIO()
    call_command(
        "kpi_import",
        str(SEED_PLANS / f"{CHESHIRE}.xlsx"),
        "--targets-from",
        "2026-04-01",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "Saved 37 KPIs" in err.getvalue()
    target = Kpi.objects.get(name__startswith="The number of children who experience").targets.get()
    assert (target.words, target.applies_from) == (
        "less than 10% (currently 12%)",
        datetime.date(2026, 4, 1),
    )
