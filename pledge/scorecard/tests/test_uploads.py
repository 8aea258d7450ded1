"""A KPI file's life: kept for its preview, imported once however many times "Import" is
pressed, and deleted unused after the days the board keeps uploads."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from pledge.core import services as core_services
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person, Role
from pledge.scorecard import services
from pledge.scorecard.models import Kpi, KpiUpload
from pledge.scorecard.tests.test_importing import COMMITTEE


def _upload(authority: Authority, person: Person) -> KpiUpload:
    return services.kpi_upload_create(
        actor=person,
        authority=authority,
        filename="scorecard.csv",
        data=COMMITTEE.encode(),
        targets_from=datetime.date(2025, 4, 1),
        plan=None,
    )


def test_a_second_confirmation_is_told_and_imports_nothing(
    authority: Authority, make_person: Callable[..., Person]
) -> None:
    officer = make_person(Role.BOARD_OFFICER)
    upload = _upload(authority, officer)
    assert len(services.kpi_upload_confirm(actor=officer, upload=upload)) == 4
    with pytest.raises(UserError, match="already been imported"):
        services.kpi_upload_confirm(actor=officer, upload=upload)
    assert Kpi.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_import_the_kpis_once(
    authority: Authority, make_person: Callable[..., Person]
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks: SQLite runs one writer at a time anyway")
    officer = make_person(Role.BOARD_OFFICER)
    upload = _upload(authority, officer)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm() -> None:
        start.wait()
        try:
            services.kpi_upload_confirm(actor=officer, upload=upload)
            outcomes.append("imported")
        except UserError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["These KPIs have already been imported", "imported"]
    assert Kpi.objects.count() == 4


def test_files_left_unconfirmed_expire_after_the_boards_days(
    authority: Authority, make_person: Callable[..., Person]
) -> None:
    authority.uploads_kept_days = 3
    authority.save()
    officer = make_person(Role.BOARD_OFFICER)
    fresh, old = _upload(authority, officer), _upload(authority, officer)
    now = timezone.now()
    KpiUpload.objects.filter(pk=old.pk).update(
        uploaded_at=now - datetime.timedelta(days=3, hours=1)
    )
    KpiUpload.objects.filter(pk=fresh.pk).update(uploaded_at=now - datetime.timedelta(days=2))
    assert core_services.uploads_expire(now=now) == 1
    assert list(KpiUpload.objects.all()) == [fresh]
