"""Every kind of upload kept for a preview expires the same way: the one periodic job finds them
all, and deletes those past the board's days, each with an audit event."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from pledge.actions.models import PlanUpload
from pledge.comparators.models import ComparatorUpload
from pledge.core.models import AuditEvent, Authority, Person, Role, StagedUpload
from pledge.core.services import uploads_expire
from pledge.core.staging import staged_models
from pledge.scorecard.models import FiguresUpload, KpiUpload
from pledge.strategy.tests.factories import StrategyFactory
from pledge.voice.models import SurveyUpload

pytestmark = pytest.mark.django_db


def test_the_expiry_job_knows_every_kind_of_upload() -> None:
    kinds = {model.__name__ for model in staged_models()}
    assert kinds == {
        "PlanUpload", "KpiUpload", "FiguresUpload", "ComparatorUpload", "SurveyUpload",
    }  # fmt: skip


def _one_of_each(authority: Authority, officer: Person) -> list[StagedUpload]:
    common = {"uploaded_by": officer, "filename": "file.csv", "data": b"a,b\n1,2\n"}
    strategy = StrategyFactory.create(authority=authority)
    return [
        PlanUpload.objects.create(
            strategy=strategy,
            title="Plan",
            starts_on=strategy.starts_on,
            ends_on=strategy.ends_on,
            **common,
        ),
        KpiUpload.objects.create(authority=authority, targets_from=strategy.starts_on, **common),
        FiguresUpload.objects.create(authority=authority, **common),
        ComparatorUpload.objects.create(authority=authority, **common),
        SurveyUpload.objects.create(authority=authority, **common),
    ]


def test_uploads_left_unconfirmed_past_the_boards_days_expire_and_no_others(
    authority: Authority, make_person: Callable[..., Person]
) -> None:
    authority.uploads_kept_days = 3
    authority.save()
    officer = make_person(Role.BOARD_OFFICER)
    now = timezone.now()
    old, fresh = _one_of_each(authority, officer), _one_of_each(authority, officer)
    for upload in old:
        type(upload)._default_manager.filter(pk=upload.pk).update(
            uploaded_at=now - datetime.timedelta(days=3, minutes=1)
        )
    for upload in fresh:
        type(upload)._default_manager.filter(pk=upload.pk).update(
            uploaded_at=now - datetime.timedelta(days=2, hours=23)
        )

    assert uploads_expire(now=now) == len(old)

    for upload in old:
        assert not type(upload)._default_manager.filter(pk=upload.pk).exists()
    for upload in fresh:
        assert type(upload)._default_manager.filter(pk=upload.pk).exists()
    verbs = set(AuditEvent.objects.filter(verb__endswith=".expired").values_list("verb", flat=True))
    assert verbs == {
        "plan_upload.expired",
        "kpi_upload.expired",
        "figures_upload.expired",
        "comparator_upload.expired",
        "survey_upload.expired",
    }
    assert uploads_expire(now=now) == 0  # nothing left to do, and saying so is not an error
