"""KPIs, targets and readings: audited writes, corrections that keep history, honest status."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from analytics.synthetic import generate
from boardfiles.rag import Direction, Rag
from pledge.comparators import services as comparator_services
from pledge.comparators.models import ComparatorValue
from pledge.core.errors import UserError
from pledge.core.models import AuditEvent, Authority, Person, Role
from pledge.returns.scheduled import return_load
from pledge.scorecard import services
from pledge.scorecard.models import Kpi, Reading, Source
from pledge.scorecard.selectors import (
    DataState,
    exceptions,
    kpi_statuses,
    status_of,
    summary_sentence,
)
from tests.shared import COMPARATORS

D = datetime.date


def make_kpi(authority: Authority, actor: Person | None = None, **fields: object) -> Kpi:
    defaults: dict[str, object] = {
        "reference": "P1",
        "name": "Children with three or more placements in a year",
        "unit": "percentage",
        "polarity": "lower",
        "frequency": "quarterly",
        "source": Source.MANUAL,
        "tolerance": Decimal(1),
    }
    return services.kpi_create(actor=actor, authority=authority, **(defaults | fields))


def record(kpi: Kpi, end: datetime.date, value: str, actor: Person | None = None) -> Reading:
    start = D(end.year, end.month, 1)
    return services.reading_record(
        actor=actor, kpi=kpi, period_start=start, period_end=end, value=Decimal(value)
    )


def test_seed_002s_target_rates_a_reading_as_written(authority: Authority, officer: Person) -> None:
    kpi = make_kpi(authority, officer)
    services.target_set(
        actor=officer,
        kpi=kpi,
        applies_from=D(2025, 4, 1),
        words="The number of children who experience three moves or more within a year is less "
        "than 10% (currently 12%)",
    )
    record(kpi, D(2026, 6, 30), "11.5")
    record(kpi, D(2026, 9, 30), "10.5", officer)

    status = status_of(kpi, D(2026, 11, 23))

    assert status.rule is not None
    assert status.rule.baseline == "currently 12%"
    assert status.rag == Rag.AMBER  # 10.5 misses "less than 10%" by 0.5, within 1 point
    assert status.direction == Direction.IMPROVING  # lower is better: 11.5 to 10.5
    assert status.data == DataState.IN


def test_a_correction_keeps_the_reading_it_replaces(authority: Authority, officer: Person) -> None:
    kpi = make_kpi(authority, officer)
    first = record(kpi, D(2026, 9, 30), "12")
    recorded = AuditEvent.objects.filter(verb="kpi.reading_recorded").get()
    assert recorded.changes == {"value to 30 September 2026": [None, "12"]}  # only what was given
    second = record(kpi, D(2026, 9, 30), "9", officer)

    first.refresh_from_db()
    assert not first.is_current
    assert first.replaced_by == second
    assert list(kpi.readings.filter(is_current=True)) == [second]
    event = AuditEvent.objects.filter(verb="kpi.reading_corrected").get()
    assert event.changes == {"value to 30 September 2026": ["12", "9"]}
    assert event.actor == officer


def test_the_same_reading_again_changes_nothing(authority: Authority) -> None:
    kpi = make_kpi(authority)
    first = record(kpi, D(2026, 9, 30), "12")
    assert record(kpi, D(2026, 9, 30), "12") == first
    assert Reading.objects.count() == 1


def test_a_reading_needs_a_value_or_a_reason(authority: Authority) -> None:
    kpi = make_kpi(authority)
    with pytest.raises(UserError, match="say why there is none"):
        services.reading_record(
            actor=None, kpi=kpi, period_start=D(2026, 7, 1), period_end=D(2026, 9, 30), value=None
        )


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (D(2026, 10, 15), DataState.AWAITED),  # September's quarter ended, within 30 days
        (D(2026, 11, 23), DataState.OVERDUE),  # and now more than 30 days on
    ],
)
def test_data_awaited_then_overdue(authority: Authority, on: datetime.date, state: str) -> None:
    kpi = make_kpi(authority)
    record(kpi, D(2026, 6, 30), "8")
    status = status_of(kpi, on)
    assert status.data == state
    assert status.due == D(2026, 9, 30)
    assert status.is_exception == (state == DataState.OVERDUE)


def test_a_new_kpi_is_not_overdue_for_periods_before_it_was_set_up(authority: Authority) -> None:
    kpi = make_kpi(authority)
    Kpi.objects.filter(pk=kpi.pk).update(
        created_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    )
    kpi.refresh_from_db()
    assert status_of(kpi, D(2026, 11, 23)).data == DataState.AWAITED  # September: before it
    assert status_of(kpi, D(2027, 2, 15)).data == DataState.OVERDUE  # December's: after it


def test_no_target_is_said_not_guessed(authority: Authority) -> None:
    kpi = make_kpi(authority, polarity="neither")
    services.target_set(actor=None, kpi=kpi, applies_from=D(2025, 4, 1), words="no target")
    record(kpi, D(2026, 6, 30), "8")
    record(kpi, D(2026, 9, 30), "9")
    status = status_of(kpi, D(2026, 10, 1))
    assert status.rag == Rag.NO_TARGET
    assert status.direction == Direction.UP


def test_targets_apply_from_their_date(authority: Authority) -> None:
    kpi = make_kpi(authority, polarity="higher")
    services.target_set(actor=None, kpi=kpi, applies_from=D(2025, 4, 1), words="higher than 70%")
    services.target_set(actor=None, kpi=kpi, applies_from=D(2026, 4, 1), words="at least 80%")
    record(kpi, D(2026, 3, 31), "75")
    assert status_of(kpi, D(2026, 4, 2)).rag == Rag.GREEN  # 75 against "higher than 70%"
    record(kpi, D(2026, 6, 30), "75")
    assert status_of(kpi, D(2026, 7, 2)).rag == Rag.RED  # 75 against "at least 80%"
    assert AuditEvent.objects.filter(verb="kpi.target_set").count() == 2


@pytest.mark.shared
def test_a_comparator_target_rates_against_england(authority: Authority, officer: Person) -> None:
    comparator_services.comparators_import(
        actor=officer,
        filename="ees_cla_la_indicators_sample.csv",
        data=(COMPARATORS / "ees_cla_la_indicators_sample.csv").read_bytes(),
    )
    england = ComparatorValue.objects.get(
        measure="same_carer_2_years_percent", area_code="E92000001", period="2025"
    )
    kpi = make_kpi(
        authority,
        polarity="higher",
        frequency="annual",
        comparator_measure="same_carer_2_years_percent",
    )
    services.target_set(
        actor=None, kpi=kpi, applies_from=D(2024, 4, 1), words="at or above the England average"
    )
    assert england.value is not None
    record(kpi, D(2025, 3, 31), str(england.value - 5))
    status = status_of(kpi, D(2025, 4, 2))
    assert status.comparator == england
    assert status.rag == Rag.RED


def test_exceptions_are_red_amber_and_worsening_or_overdue(authority: Authority) -> None:
    on = D(2026, 10, 1)
    worse = make_kpi(authority, reference="A")
    services.target_set(actor=None, kpi=worse, applies_from=D(2025, 4, 1), words="less than 10%")
    record(worse, D(2026, 6, 30), "9")
    record(worse, D(2026, 9, 30), "10.5")  # amber and worsening
    fine = make_kpi(authority, reference="B")
    services.target_set(actor=None, kpi=fine, applies_from=D(2025, 4, 1), words="less than 10%")
    record(fine, D(2026, 9, 30), "5")
    listed = exceptions(kpi_statuses(authority, on))
    assert [status.kpi.reference for status in listed] == ["A"]


def test_a_903_return_feeds_the_kpis_worked_out_from_it(
    authority: Authority, tmp_path: Path
) -> None:
    kpi = make_kpi(
        authority,
        source=Source.ENGINE,
        indicator="placement_stability_3plus",
        frequency="quarterly",
    )
    (folder,) = generate(tmp_path, children=40, years=2, last_year=2025)
    return_load(actor=None, authority=authority, paths=[folder], filenames=["903"])

    readings = list(kpi.readings.order_by("period_end"))
    assert [r.period_end for r in readings][-2:] == [D(2024, 12, 31), D(2025, 3, 31)]
    assert all(r.period_end.month in {3, 6, 9, 12} for r in readings)
    latest = readings[-1]
    assert latest.source == Source.ENGINE
    assert latest.numerator is not None
    assert latest.denominator
    assert latest.value == pytest.approx(latest.numerator / latest.denominator * 100)
    # Loading the same return again changes nothing.
    return_load(actor=None, authority=authority, paths=[folder], filenames=["903"])
    assert kpi.readings.count() == len(readings)


def test_nobody_types_in_a_figure_of_a_kpi_worked_out_from_the_903(
    authority: Authority, officer: Person, make_person: Callable[..., Person]
) -> None:
    kpi = make_kpi(authority, source=Source.ENGINE, indicator="cla_count")
    with pytest.raises(UserError, match="worked out from the 903 return"):
        record(kpi, D(2025, 3, 31), "12", actor=officer)
    assert not kpi.readings.exists()
    analyst = make_person(Role.PERFORMANCE_ANALYST)
    assert not analyst.has_perm("scorecard.enter_reading", kpi)
    kpi.source = Source.MANUAL
    assert analyst.has_perm("scorecard.enter_reading", kpi)


def test_the_figure_page_of_a_903_kpi_says_where_its_figures_come_from(
    authority: Authority, make_person: Callable[..., Person], client_for: Callable[..., Client]
) -> None:
    kpi = make_kpi(authority, source=Source.ENGINE, indicator="cla_count")
    client = client_for(make_person(Role.PERFORMANCE_ANALYST))
    page = client.get(reverse("scorecard:reading-enter", kwargs={"pk": kpi.pk}), follow=True)
    text = page.content.decode()
    assert "figures are worked out from the 903 return" in text
    assert "Enter a figure" not in text


def test_an_engine_kpi_needs_its_indicator(authority: Authority) -> None:
    with pytest.raises(UserError, match="903 indicator"):
        make_kpi(authority, source=Source.ENGINE)


def test_the_summary_sentence(authority: Authority) -> None:
    kpi = make_kpi(authority, name="placement stability", polarity="higher")
    services.target_set(actor=None, kpi=kpi, applies_from=D(2025, 4, 1), words="at least 70%")
    for end, value in [
        (D(2025, 12, 31), "60"),
        (D(2026, 3, 31), "65"),
        (D(2026, 6, 30), "69"),
        (D(2026, 9, 30), "72"),
    ]:
        record(kpi, end, value)
    assert summary_sentence(status_of(kpi, D(2026, 10, 1))) == (
        "Placement stability has improved for three quarters and is now within target."
    )


@pytest.mark.parametrize("value", ["-1", "100.5", "1250"])
def test_a_percentage_is_from_0_to_100(authority: Authority, value: str) -> None:
    kpi = make_kpi(authority)
    with pytest.raises(UserError, match="A percentage is from 0 to 100"):
        record(kpi, D(2026, 9, 30), value)
    assert not Reading.objects.exists()


def test_a_newer_return_without_a_figure_keeps_the_older_one(
    authority: Authority, tmp_path: Path
) -> None:
    kpi = make_kpi(
        authority,
        source=Source.ENGINE,
        indicator="placement_stability_3plus_2yr",
        frequency="annual",
    )
    (three_years,) = generate(tmp_path / "three", children=60, years=3, last_year=2025)
    (one_year,) = generate(tmp_path / "one", children=60, years=1, last_year=2025)
    return_load(actor=None, authority=authority, paths=[three_years], filenames=["3"])
    before = kpi.readings.get(period_end=D(2025, 3, 31), is_current=True).value
    assert before is not None
    # One year of data cannot cover the two years this measure looks back over.
    return_load(actor=None, authority=authority, paths=[one_year], filenames=["1"])
    assert kpi.readings.get(period_end=D(2025, 3, 31), is_current=True).value == before


def test_a_kpi_s_history_reads_its_choices_as_words(authority: Authority) -> None:
    kpi = make_kpi(authority)
    services.kpi_update(actor=None, kpi=kpi, polarity="higher")
    created = AuditEvent.objects.get(verb="kpi.created")
    assert created.changes["unit"] == [None, "Percentage"]
    updated = AuditEvent.objects.get(verb="kpi.updated")
    assert updated.changes == {"polarity": ["Lower is better", "Higher is better"]}
