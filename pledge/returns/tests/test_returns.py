"""Loading a 903 return: aggregates stored, child-level data never; a bad return stores nothing."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from analytics.synthetic import generate
from pledge.comparators import services as comparator_services
from pledge.core.models import AuditEvent, Authority
from pledge.returns.models import IndicatorValue, ReturnLoad
from pledge.returns.scheduled import return_load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two years of one invented authority's return."""
    root = tmp_path_factory.mktemp("903")
    (folder,) = generate(root, children=40, years=2, last_year=2025)
    return folder


def test_a_good_return_stores_every_indicator_at_every_month_end(
    authority: Authority, returns: Path
) -> None:
    load = return_load(actor=None, authority=authority, paths=[returns], filenames=["903"])

    assert load.state == ReturnLoad.State.STORED
    assert load.as_at_dates == 24
    assert load.values_stored == IndicatorValue.objects.count() > 24 * 17
    cla = IndicatorValue.objects.get(code="cla_count", as_at=datetime.date(2025, 3, 31))
    assert cla.la == authority.code
    assert cla.value == cla.numerator
    assert cla.value
    assert AuditEvent.objects.filter(verb="return.stored").count() == 1


def test_rates_use_the_board_s_imported_population(authority: Authority, returns: Path) -> None:
    comparator_services.comparators_import(
        actor=None,
        filename="population.csv",
        data=b"la_code,la_name,year,population_0_17\nE06000999,Northfield,2024,60810\n",
    )
    return_load(actor=None, authority=authority, paths=[returns], filenames=["903"])
    at = datetime.date(2025, 3, 31)
    cla = IndicatorValue.objects.get(code="cla_count", as_at=at)
    rate = IndicatorValue.objects.get(code="cla_rate_per_10k", as_at=at)
    assert rate.status == "ok"
    assert rate.denominator == 60810
    assert rate.numerator == cla.value


def test_no_child_level_data_reaches_the_database(authority: Authority, returns: Path) -> None:
    return_load(actor=None, authority=authority, paths=[returns], filenames=["903"])
    stored = io.StringIO()
    call_command("dumpdata", stdout=stored)
    database = stored.getvalue()

    children, births, postcodes = set(), set(), set()
    for year in returns.iterdir():
        for row in csv.DictReader((year / "header.csv").open()):
            children.add(row["CHILD"])
            births.add(row["DOB"])
            day, month, year_of_birth = row["DOB"].split("/")
            births.add(f"{year_of_birth}-{month}-{day}")
        for row in csv.DictReader((year / "episodes.csv").open()):
            postcodes.update({row["HOME_POST"], row["PL_POST"]} - {""})
    month_ends = {value.isoformat() for value in IndicatorValue.objects.dates("as_at", "day")}
    starts = {value.isoformat() for value in IndicatorValue.objects.dates("period_start", "day")}
    births -= month_ends | starts  # a child born on a month end shares its date, not its data

    assert children
    assert births
    assert postcodes
    assert not [child for child in children if child in database]
    assert not [born for born in births if born in database]
    assert not [postcode for postcode in postcodes if postcode in database]


def test_a_malformed_return_stores_nothing_and_says_what_is_wrong(
    authority: Authority, returns: Path, tmp_path: Path
) -> None:
    broken = tmp_path / authority.code / "2025"
    broken.mkdir(parents=True)
    (broken / "episodes.csv").write_text("this is not,a 903 file\n1,2\n")

    load = return_load(actor=None, authority=authority, paths=[tmp_path], filenames=["x.csv"])

    assert load.state == ReturnLoad.State.REFUSED
    assert "could not be used" in load.failure
    assert load.errors == 1
    assert load.summary[0]["code"] == "PL00"
    assert not IndicatorValue.objects.exists()


def test_another_authoritys_rows_are_refused(authority: Authority, tmp_path: Path) -> None:
    (folder,) = generate(tmp_path, children=20, years=1, last_year=2025)
    header = folder / "2025" / "header.csv"
    combined = tmp_path / "combined"
    combined.mkdir()
    for table in (folder / "2025").iterdir():
        rows = list(csv.reader(table.open()))
        with (combined / table.name).open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["LA", "YEAR", *rows[0]])
            writer.writerows([["E08000028", "2025", *row] for row in rows[1:]])
    assert header.exists()

    load = return_load(actor=None, authority=authority, paths=[combined], filenames=["c"])

    assert load.state == ReturnLoad.State.REFUSED
    assert "E08000028" in load.failure
    assert not IndicatorValue.objects.exists()


def test_the_command_loads_a_return(authority: Authority, returns: Path) -> None:
    out = io.StringIO()
    call_command(
        "return_903_load",
        str(returns),
        "--authority",
        authority.code,
        "--as-at",
        "2025-03-31",
        stdout=out,
    )
    assert "Stored" in out.getvalue()
    assert set(IndicatorValue.objects.values_list("as_at", flat=True)) == {
        datetime.date(2025, 3, 31)
    }


def test_the_command_refuses_an_unknown_authority(returns: Path, db: None) -> None:
    with pytest.raises(CommandError, match="no authority E09999999"):
        call_command("return_903_load", str(returns), "--authority", "E09999999")
