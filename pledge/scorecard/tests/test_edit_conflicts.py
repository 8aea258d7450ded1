"""Edit conflicts on KPIs, their targets and figures (ADR 0014): a save from a page opened before
someone else's change is refused, saying what changed, and saves nothing; saving again applies."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pledge.core.concurrency import EditConflictError
from pledge.core.models import Authority, Person, Role
from pledge.core.tests.conflicts import check_edit_page_conflict
from pledge.scorecard import services
from pledge.scorecard.models import Kpi, KpiTarget, Reading
from pledge.scorecard.tests.factories import KpiFactory


@pytest.fixture
def kpi(authority: Authority) -> Kpi:
    return KpiFactory.create(authority=authority, name="Care leavers in touch", unit="percentage")


@pytest.fixture
def other(make_person: Callable[..., Person]) -> Person:
    return make_person(Role.PERFORMANCE_ANALYST, full_name="Oscar Other")


def _kpi_form(kpi: Kpi, **changes: str) -> dict[str, str]:
    values = {name: getattr(kpi, name) for name in services.KPI_FIELDS}
    values["lead_agency"] = values["lead_agency"].pk if values["lead_agency"] else ""
    return {k: "" if v is None else str(v) for k, v in values.items()} | changes


def test_a_stale_kpi_edit_is_refused_naming_the_change_and_saves_nothing(
    kpi: Kpi, officer: Person, other: Person
) -> None:
    opened = kpi.version
    services.kpi_update(
        actor=other, kpi=Kpi.objects.get(pk=kpi.pk), name="Care leavers we are in touch with"
    )
    with pytest.raises(EditConflictError, match="Oscar Other") as caught:
        services.kpi_update(actor=officer, kpi=kpi, version=opened, tolerance=Decimal(2))
    assert "Care leavers we are in touch with" in caught.value.message
    assert Kpi.objects.get(pk=kpi.pk).tolerance == 0


def test_a_target_set_meanwhile_is_never_silently_replaced(
    kpi: Kpi, officer: Person, other: Person
) -> None:
    opened = kpi.version
    day = datetime.date(2026, 4, 1)
    services.target_set(actor=other, kpi=kpi, applies_from=day, words="at least 90%")
    with pytest.raises(EditConflictError, match="at least 90%"):
        services.target_set(
            actor=officer, kpi=kpi, applies_from=day, words="at least 80%", version=opened
        )
    assert KpiTarget.objects.get(kpi=kpi).words == "at least 90%"


def test_the_kpi_page_keeps_the_typing_and_saves_on_the_second_go(
    kpi: Kpi, officer: Person, other: Person, client_for: Callable[[Person], Client]
) -> None:
    check_edit_page_conflict(
        client=client_for(officer),
        url=reverse("scorecard:kpi-edit", kwargs={"pk": kpi.pk}),
        record=kpi,
        typed=_kpi_form(kpi, name="Care leavers in touch at 19 to 21", reason="Clearer"),
        shown="Care leavers in touch at 19 to 21",
        change_elsewhere=lambda version: services.kpi_update(
            actor=other, kpi=Kpi.objects.get(pk=kpi.pk), tolerance=Decimal(3)
        ),
        told="Oscar Other",
        saved=lambda: Kpi.objects.get(pk=kpi.pk).name == "Care leavers in touch at 19 to 21",
    )


def test_a_figure_entered_meanwhile_is_shown_before_it_is_corrected(
    kpi: Kpi, officer: Person, other: Person, client_for: Callable[[Person], Client]
) -> None:
    end = datetime.date(2026, 3, 31)

    def enter(value: str, person: Person) -> Reading:
        return services.reading_record(
            actor=person,
            kpi=Kpi.objects.get(pk=kpi.pk),
            period_start=datetime.date(2026, 1, 1),
            period_end=end,
            value=Decimal(value),
        )

    check_edit_page_conflict(
        client=client_for(officer),
        url=reverse("scorecard:reading-enter", kwargs={"pk": kpi.pk}),
        record=kpi,
        typed={"period_end": "31/3/2026", "value": "71", "commentary": "From the tracker"},
        shown="From the tracker",
        change_elsewhere=lambda version: enter("64", other),
        told="Oscar Other",
        saved=lambda: Reading.objects.get(kpi=kpi, is_current=True).value == 71,
    )


def test_saving_again_after_a_conflict_keeps_what_the_other_person_changed(
    kpi: Kpi, officer: Person, other: Person, client_for: Callable[[Person], Client]
) -> None:
    """The re-shown page shows the other person's change in the fields this person left alone,
    so saving again applies both: theirs is never put back."""
    client = client_for(officer)
    url = reverse("scorecard:kpi-edit", kwargs={"pk": kpi.pk})
    opened = client.get(url).content.decode()
    typed = _kpi_form(kpi, name="Care leavers in touch at 19 to 21", reason="Clearer")
    hidden = dict(re.findall(r'name="(initial-[a-z_]+)" value="([^"]*)"', opened))
    assert hidden["initial-name"] == "Care leavers in touch"  # what the page showed
    services.kpi_update(
        actor=other, kpi=Kpi.objects.get(pk=kpi.pk), overdue_after_days=45, comparator_measure="X"
    )
    shown = client.post(url, typed | hidden | {"version": kpi.version}).content.decode()
    assert 'value="45"' in shown  # the other person's change, now in the form
    assert "Care leavers in touch at 19 to 21" in shown  # this person's, kept as typed
    inputs = dict(re.findall(r'<input[^>]* name="([a-z_-]+)"[^>]* value="([^"]*)"', shown))
    assert client.post(url, typed | inputs).status_code == 302
    kpi.refresh_from_db()
    assert kpi.name == "Care leavers in touch at 19 to 21"
    assert (kpi.overdue_after_days, kpi.comparator_measure) == (45, "X")
