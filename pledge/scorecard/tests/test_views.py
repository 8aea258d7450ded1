"""The scorecard through its pages: a 903 upload from files to stored figures, KPIs, targets,
figures and comparators entered as a person would."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from analytics.synthetic import generate
from pledge.actions.models import Action, ActionPlan
from pledge.comparators.models import ComparatorValue
from pledge.core.models import Authority, Person, Role
from pledge.returns.files import work_folder
from pledge.returns.models import IndicatorValue, ReturnLoad
from pledge.scorecard.models import Kpi
from pledge.scorecard.tests.factories import KpiFactory
from pledge.strategy.tests.factories import StrategyFactory
from tests.shared import COMPARATORS


@pytest.fixture
def analyst(
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> Client:
    """A performance analyst's client whose posts run their background tasks, as the embedded
    default does once the request's transaction commits."""
    client = client_for(make_person(Role.PERFORMANCE_ANALYST))
    post = client.post

    def post_and_run(*args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_and_run  # type: ignore[method-assign]
    return client


def year_files(tmp_path: Path, year: int = 2025) -> list[SimpleUploadedFile]:
    (folder,) = generate(tmp_path, children=30, years=1, last_year=year)
    return [
        SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
        for path in sorted((folder / str(year)).iterdir())
    ]


def year_files_with(
    tmp_path: Path, name: str, edit: Callable[[list[str]], None]
) -> list[SimpleUploadedFile]:
    """`year_files`, with the lines of the file `name` changed by `edit` (in place)."""
    files = year_files(tmp_path)
    original = next(f for f in files if f.name == name)
    lines = original.read().decode().splitlines(keepends=True)
    edit(lines)
    for f in files:
        f.seek(0)
    return [f for f in files if f.name != name] + [
        SimpleUploadedFile(name, "".join(lines).encode())
    ]


def _legal_status(value: str) -> Callable[[list[str]], None]:
    """An edit putting `value` in the first episode's LS column (the fourth)."""

    def edit(lines: list[str]) -> None:
        fields = lines[1].split(",")
        fields[3] = value
        lines[1] = ",".join(fields)

    return edit


def test_an_upload_is_checked_then_stored_as_aggregates_only(
    analyst: Client, authority: Authority, tmp_path: Path
) -> None:
    response = analyst.post(
        reverse("returns:loads"), {"file": year_files(tmp_path), "year": "2025"}
    )
    load = ReturnLoad.objects.get()
    assert response["Location"] == reverse("returns:load", kwargs={"pk": load.pk})
    assert load.state == ReturnLoad.State.CHECKED  # tasks run inline in tests
    page = analyst.get(response["Location"]).content.decode()
    assert page.count("Store the indicators") == 1
    assert "<title>903 return: Checked: waiting for confirmation - " in page
    assert not IndicatorValue.objects.exists()  # nothing stored before confirmation

    analyst.post(reverse("returns:load-decide", kwargs={"pk": load.pk}), {"decision": "store"})

    load.refresh_from_db()
    assert load.state == ReturnLoad.State.STORED
    assert load.as_at_dates == 12
    assert IndicatorValue.objects.count() == load.values_stored
    assert not work_folder(load).exists()  # the children's rows are gone from disk


def test_a_malformed_upload_says_what_and_where_and_stores_nothing(
    analyst: Client, authority: Authority, tmp_path: Path
) -> None:
    files = year_files_with(tmp_path, "episodes.csv", _legal_status("ZZ"))  # not a legal status
    response = analyst.post(reverse("returns:loads"), {"file": files, "year": "2025"})
    page = analyst.get(response["Location"]).content.decode()

    assert "LS" in page
    assert "episodes.csv" in page
    assert ">2<" in page  # the row
    load = ReturnLoad.objects.get()
    assert load.errors >= 1
    assert not IndicatorValue.objects.exists()
    analyst.post(reverse("returns:load-decide", kwargs={"pk": load.pk}), {"decision": "discard"})
    load.refresh_from_db()
    assert load.state == ReturnLoad.State.DISCARDED
    assert not work_folder(load).exists()
    assert not IndicatorValue.objects.exists()


def test_files_that_are_not_a_return_are_refused(analyst: Client, authority: Authority) -> None:
    response = analyst.post(
        reverse("returns:loads"),
        {"file": [SimpleUploadedFile("notes.pdf", b"%PDF-1.4")], "year": "2025"},
    )
    assert "notes.pdf is not a CSV, XML or ZIP file" in response.content.decode()
    assert not ReturnLoad.objects.exists()  # refused before anything was kept


def test_csv_files_need_their_year(analyst: Client, authority: Authority, tmp_path: Path) -> None:
    response = analyst.post(reverse("returns:loads"), {"file": year_files(tmp_path)})
    page = response.content.decode()
    assert 'href="#id_year"' in page  # the error summary points at the year box
    assert "Enter the collection year these files are for" in page
    assert not ReturnLoad.objects.exists()


def test_a_zip_of_year_folders_loads_several_years(
    analyst: Client, authority: Authority, tmp_path: Path
) -> None:
    (folder,) = generate(tmp_path, children=30, years=2, last_year=2025)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for path in folder.rglob("*.csv"):
            archive.write(path, path.relative_to(folder))
    upload = SimpleUploadedFile("903.zip", packed.getvalue(), content_type="application/zip")
    response = analyst.post(reverse("returns:loads"), {"file": [upload]})
    load = ReturnLoad.objects.get()
    assert load.state == ReturnLoad.State.CHECKED, response.content.decode()
    analyst.post(reverse("returns:load-decide", kwargs={"pk": load.pk}), {"decision": "store"})
    load.refresh_from_db()
    assert load.as_at_dates == 24


def test_a_kpi_with_a_target_and_a_figure(
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
    authority: Authority,
) -> None:
    officer = client_for(make_person(Role.BOARD_OFFICER))
    response = officer.post(
        reverse("scorecard:kpi-create"),
        {
            "name": "Children with three or more placements in a year",
            "unit": "percentage",
            "polarity": "lower",
            "frequency": "quarterly",
            "source": "manual",
            "tolerance": "1",
            "overdue_after_days": "30",
        },
    )
    kpi = Kpi.objects.get()
    assert response["Location"] == reverse("scorecard:kpi", kwargs={"pk": kpi.pk})
    officer.post(
        reverse("scorecard:target-set", kwargs={"pk": kpi.pk}),
        {"words": "less than 10% (currently 12%)", "applies_from": "1/4/2026"},
    )
    response = officer.post(
        reverse("scorecard:reading-enter", kwargs={"pk": kpi.pk}),
        {"period_end": "30/9/2026", "value": "8.5", "numerator": "17", "denominator": "200"},
    )
    assert response.status_code == 302
    page = officer.get(reverse("scorecard:kpi", kwargs={"pk": kpi.pk})).content.decode()
    assert "On target" in page
    assert "8.5%" in page
    assert "17 out of 200" in page  # traceable: numerator and denominator on hover
    assert "<svg" in page
    scorecard = officer.get(reverse("scorecard:scorecard")).content.decode()
    assert "less than 10% (currently 12%)" in scorecard
    # Each figure links to its row on the KPI's page and is described by where it came from
    reading = kpi.readings.get()
    assert f'href="/scorecard/kpis/{kpi.pk}/#figure-{reading.pk}"' in scorecard
    assert f'aria-describedby="trace-{reading.pk}"' in scorecard
    assert f'id="figure-{reading.pk}"' in page
    tip = scorecard.split(f'id="trace-{reading.pk}"', 1)[1].split("</span>", 1)[0]
    assert "17 out of 200" in tip
    assert "Entered by hand" in tip


def test_a_903_kpi_says_how_it_is_worked_out(
    make_person: Callable[..., Person], client_for: Callable[[Person], Client], authority: Authority
) -> None:
    kpi = KpiFactory.create(
        authority=authority, source="engine", indicator="placement_stability_3plus"
    )
    page = client_for(make_person(Role.BOARD_MEMBER)).get(
        reverse("scorecard:kpi", kwargs={"pk": kpi.pk})
    )
    assert "the share with three or more placements in P" in page.content.decode()


def test_a_figure_form_keeps_what_was_typed(
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
    authority: Authority,
) -> None:
    kpi = KpiFactory.create(authority=authority, name="Visits", frequency="monthly")
    officer = client_for(make_person(Role.BOARD_OFFICER))
    response = officer.post(
        reverse("scorecard:reading-enter", kwargs={"pk": kpi.pk}),
        {"period_end": "31/13/2026", "value": "12", "commentary": "Two visits were late"},
    )
    page = response.content.decode()
    assert "Enter the last day of the period as a real date" in page
    assert "Two visits were late" in page


@pytest.mark.shared
def test_comparators_import_and_refusal(analyst: Client, authority: Authority) -> None:
    sample = COMPARATORS / "ees_cla_la_indicators_sample.csv"
    response = analyst.post(
        reverse("comparators:import"),
        {"file": SimpleUploadedFile(sample.name, sample.read_bytes())},
    )
    preview = response["Location"]
    page = analyst.get(preview).content.decode()
    assert "England" in page
    assert not ComparatorValue.objects.exists()  # nothing is saved before it is confirmed
    assert analyst.post(preview)["Location"] == reverse("comparators:import")
    assert ComparatorValue.objects.filter(area_code="E92000001").exists()
    assert analyst.post(preview).status_code == 404  # imported once: the file has gone
    response = analyst.post(
        reverse("comparators:import"),
        {"file": SimpleUploadedFile("plan.csv", b"Ref,Action\n1,Do it\n")},
    )
    assert "time_period" in response.content.decode()


def test_the_scorecard_shows_a_new_figure_at_once(
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
    authority: Authority,
) -> None:
    """The tables are cached, under the latest change: a new figure is a change."""
    kpi = KpiFactory.create(authority=authority, name="Visits on time")
    officer = client_for(make_person(Role.BOARD_OFFICER))
    assert "No figures yet" in officer.get(reverse("scorecard:scorecard")).content.decode()
    officer.post(
        reverse("scorecard:reading-enter", kwargs={"pk": kpi.pk}),
        {"period_end": "30/9/2026", "value": "417"},
    )
    assert ">417<" in officer.get(reverse("scorecard:scorecard")).content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip", "903.zip is not a ZIP file that can be opened"),
        (None, "903.zip holds no CSV or XML files"),
    ],
)
def test_a_zip_that_cannot_be_used_is_refused_before_anything_is_kept(
    analyst: Client, authority: Authority, content: bytes | None, message: str
) -> None:
    if content is None:
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w") as archive:
            archive.writestr("2025/notes.txt", "no return here")
        content = packed.getvalue()
    response = analyst.post(
        reverse("returns:loads"), {"file": [SimpleUploadedFile("903.zip", content)]}
    )
    assert message in response.content.decode()
    assert not ReturnLoad.objects.exists()


def test_the_framework_shows_each_kpi_with_its_actions_and_both_rags(
    authority: Authority,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    strategy = StrategyFactory.create(authority=authority)
    plan = ActionPlan.objects.create(
        strategy=strategy, title="EET plan", starts_on=strategy.starts_on, ends_on=strategy.ends_on
    )
    kpi = KpiFactory.create(authority=authority, name="Children in full-time education")
    on = datetime.date(2025, 6, 1)
    actions = [
        Action.objects.create(
            plan=plan,
            reference=reference,
            text=text,
            due_kind="ongoing",
            status=status,
            rag=rag,
            rag_commentary="Escalation process agreed" if rag else "",
            rag_as_at=on if rag else None,
        )
        for reference, text, status, rag in [
            ("1.6.1", "Identify support from schools", "in_progress", "green"),
            ("1.6.2", "Develop an escalation process", "in_progress", "red"),
            ("1.6.3", "Brief designated teachers", "complete", "amber"),
        ]
    ]
    kpi.actions.set(actions)
    page = client_for(make_person(Role.BOARD_MEMBER)).get(reverse("scorecard:framework"))
    html = page.content.decode()
    row = html.split("Children in full-time education", 1)[1].split("</tr>", 1)[0]
    assert "1.6.2 Develop an escalation process" in row
    assert "Escalation process agreed" in row  # the progress report
    # The worst live action's RAG: the completed action's amber no longer counts
    assert ">Red</strong>" in row
    assert "No figure yet" in row  # the KPI's own RAG: no figure entered


def test_before_storing_the_page_says_what_storing_will_do_and_when_the_files_go(
    analyst: Client, authority: Authority, tmp_path: Path
) -> None:
    KpiFactory.create(
        authority=authority, name="Children in care", source="engine", indicator="cla_count"
    )
    files = year_files(tmp_path)
    analyst.post(reverse("returns:loads"), {"file": files, "year": "2025"})
    first = ReturnLoad.objects.get()
    page = analyst.get(reverse("returns:load", kwargs={"pk": first.pk})).content.decode()
    header = next(f for f in files if f.name == "header.csv")
    header.seek(0)
    children = len(header.read().splitlines()) - 1
    assert f"from 30 April 2024 to 31 March 2025, from the {children} children and" in page
    assert "No figure the scorecard shows now is replaced." in page
    assert f"deleted on {first.started_at + datetime.timedelta(hours=24):%-d %B %Y}" in page
    analyst.post(reverse("returns:load-decide", kwargs={"pk": first.pk}), {"decision": "store"})

    for file in files:
        file.seek(0)
    again = analyst.post(reverse("returns:loads"), {"file": files, "year": "2025"})
    page = analyst.get(again["Location"]).content.decode()
    assert ">Children in care</a>: 4 figures" in page  # quarterly: four quarter ends


def test_the_row_report_is_safe_to_open_in_a_spreadsheet_and_names_no_server_folder(
    analyst: Client, authority: Authority, tmp_path: Path
) -> None:
    formula = _legal_status('"=HYPERLINK(""http://evil.example"",""Fix"")"')
    files = year_files_with(tmp_path, "episodes.csv", formula)
    load_page = analyst.post(reverse("returns:loads"), {"file": files, "year": "2025"})["Location"]
    load = ReturnLoad.objects.get()
    report = analyst.get(reverse("returns:load-report", kwargs={"pk": load.pk}))
    text = report.content.decode()
    assert "'=HYPERLINK(" in text
    assert ",=HYPERLINK(" not in text
    assert "E06000999/2025/episodes.csv" in text
    assert str(settings.RETURNS_WORK_DIR) not in text
    assert str(settings.RETURNS_WORK_DIR) not in analyst.get(load_page).content.decode()


def test_a_load_refused_for_its_files_does_not_also_say_0_errors(
    analyst: Client, authority: Authority
) -> None:
    lookup = SimpleUploadedFile("postcodes.csv", b"PCD,OSEAST1M,OSNRTH1M\nB69 4ER,400000,290000\n")
    response = analyst.post(reverse("returns:loads"), {"file": [lookup], "year": "2025"})
    load = ReturnLoad.objects.get()
    assert load.state == ReturnLoad.State.REFUSED
    page = analyst.get(response["Location"]).content.decode()
    assert "There are no SSDA903 files here" in page
    assert "0 errors" not in page


def test_a_file_that_cannot_be_read_is_named_first_with_its_line(
    analyst: Client, authority: Authority, tmp_path: Path
) -> None:
    def stray_quote(lines: list[str]) -> None:
        lines[4] = '"' + lines[4]

    files = year_files_with(tmp_path, "header.csv", stray_quote)
    response = analyst.post(reverse("returns:loads"), {"file": files, "year": "2025"})
    page = analyst.get(response["Location"]).content.decode()
    assert "1 file could not be used: fix or remove it" in page
    named = page.index("Whole file: 2025/header.csv")
    assert "the row starting on line 5 has a quote" in page[named:]
    assert named < page.index("INT01")  # before the errors that follow from it
